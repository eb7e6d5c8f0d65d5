import ArgumentParser
import Foundation
import MeterbookCore

/// `meterbook bench`: measures the engine's speed and memory. Meant for release builds.
struct Bench: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Measure simulation, export and analysis speed (use a release build).",
    discussion: """
      Example:
        swift run -c release meterbook bench --calls 1000000
      """)

  @Option(help: "About how many calls to generate.")
  var calls: Int = 1_000_000

  @Option(help: "Seed of the benchmark scenario.")
  var seed: UInt64 = 42

  @Option(name: .long, help: "The scenarios/ library folder (default: found from the current folder).")
  var scenarios: String?

  func validate() throws {
    guard (1_000...50_000_000).contains(calls) else {
      throw ValidationError("--calls must be between 1,000 and 50,000,000; got \(calls).")
    }
  }

  func run() throws {
    let library = try Failure.report { () throws(DiagnosticsError) in try ScenarioLibrary.locate(explicit: scenarios) }
    let catalog = try Failure.report { () throws(DiagnosticsError) in try library.catalog() }
    var scenario = Scenario.standard(catalog: catalog, seed: seed)
    scenario.population.customers = 1_000
    let perCustomer = Double(Simulator(scenario: scenario).callCount()) / 1_000
    scenario.population.customers = max(1, Int(Double(calls) / perCustomer))

    #if DEBUG
      print("note: this is a debug build; run `swift run -c release meterbook bench` for real numbers")
    #endif
    let baseline = Terminal.residentBytes
    let clock = ContinuousClock()
    var result: SimulationResult?
    let generation = clock.measure { result = try? Simulator(scenario: scenario).run() }
    guard let result else { throw Failure.cancelled }
    let resident = Terminal.residentBytes - baseline
    let run = result.run

    let counter = CountingSink()
    let export = try clock.measure { try CSVWriter.write(run, to: counter) }

    let n = Double(run.count)
    print("meterbook bench — \(run.count.formatted()) calls, \(scenario.population.customers.formatted()) customers, \(scenario.days) days, seed \(seed)")
    print(row("generate (in memory)", generation, "\(Int(n / generation.seconds).formatted()) calls/s"))
    let mb = Double(counter.count) / 1_000_000
    print(row("CSV export", export, String(format: "%.0f MB/s  (%.1f MB, %.0f bytes/call)", mb / export.seconds, mb, Double(counter.count) / n)))
    print(String(format: "memory: columns %.1f MB (%d bytes/call), resident growth %.1f MB, peak RSS %.1f MB",
                 Double(run.columnBytes) / 1e6, Run.bytesPerCall, Double(resident) / 1e6,
                 Double(Terminal.peakResidentBytes) / 1e6))
  }

  private func row(_ label: String, _ d: Duration, _ rate: String) -> String {
    label.padding(toLength: 24, withPad: " ", startingAt: 0)
      + String(format: "%9.1f ms   ", d.seconds * 1000) + rate
  }
}

/// Counts bytes without keeping them, so export speed is measured without disk noise.
final class CountingSink: ByteSink {
  private(set) var count = 0
  func write(_ bytes: UnsafeRawBufferPointer) throws(IOError) { count += bytes.count }
}

extension Duration {
  var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
