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
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("meterbook-bench-\(getpid()).csv")
    let writer = try AtomicFile(file)
    try CSVWriter.write(run, to: writer)
    try writer.commit()
    defer { try? FileManager.default.removeItem(at: file) }
    var imported = 0
    let importTime = try clock.measure { imported = try UsageImporter(catalog: catalog).read(contentsOf: file).0.count }
    print(row("CSV import (streamed)", importTime, String(format: "%.0f MB/s, %@ calls/s", mb / importTime.seconds, Int(Double(imported) / importTime.seconds).formatted())))
    let context = AnalysisContext(result)
    var stages: [(String, Duration)] = []
    for name in [AnalyzerName.understanding, .performance, .realtime, .optimization, .alignment] {
      stages.append((name.rawValue, clock.measure { _ = name.report(context) }))
    }
    let together = stages.reduce(Duration.zero) { $0 + $1.1 }
    print(row("five FinOps analyzers", together, stages.map { "\($0.0) \(String(format: "%.0f", $0.1.seconds * 1000))" }.joined(separator: ", ") + " ms"))
    try whatIfLoop(library: library, clock: clock)
    print(String(format: "memory: columns %.1f MB (%d bytes/call), resident growth %.1f MB, peak RSS %.1f MB",
                 Double(run.columnBytes) / 1e6, Run.bytesPerCall, Double(resident) / 1e6,
                 Double(Terminal.peakResidentBytes) / 1e6))
  }

  /// The what-if loop: a 145k-call month, four plans compared, then `set` and re-run.
  private func whatIfLoop(library: ScenarioLibrary, clock: ContinuousClock) throws {
    let source = try Failure.report { () throws(DiagnosticsError) in try YAMLSource(text: Bench.workbook, path: "bench.yaml") }
    let session = try Failure.report { () throws(DiagnosticsError) in try WorkbookSession(loader: WorkbookLoader(library: library), source: source) }
    let load = clock.measure { _ = try? session.run() }
    let calls = (try? session.result(for: "month"))?.run.count ?? 0
    var timings: [Duration] = []
    for n in 1...5 {
      timings.append(clock.measure {
        _ = try? session.reload(overrides: [Override(path: ["scenarios", "month", "customers"], value: String(520 + n))])
        _ = try? session.run()
      })
    }
    let sorted = timings.sorted()
    print(row("what-if loop", sorted[sorted.count / 2], "set + re-simulate \(Int(Double(calls) / 1000))k calls + compare 4 plans (median of 5; first run \(String(format: "%.0f", load.seconds * 1000)) ms)"))
  }

  /// A showcase-sized month with four plans, for the what-if timing.
  static let workbook = """
    title: bench
    seed: 7
    period: {start: 2026-01-01, days: 30}
    scenarios:
      month:
        use: [catalog/2026-q4, mixes/market-weighted, patterns/business-week, populations/showcase-month]
    plans:
      flat: {fee: {starter: 29, pro: 99, enterprise: 299}}
      tiered: {fee: {starter: 29, pro: 99, enterprise: 299}, charges: [{metric: calls, included: 1000, price: 0.02}]}
      usage: {charges: [{metric: calls, mode: volume, tiers: [{up_to: 1000, price: 0.03}, {up_to: 10000, price: 0.02}, {price: 0.012}]}]}
      hybrid: {fee: {starter: 19, pro: 59, enterprise: 199}, charges: [{metric: cost, markup: 0.5}]}
    cells:
      - run: month
      - compare: {plans: [flat, tiered, usage, hybrid], on: month}
    """

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
