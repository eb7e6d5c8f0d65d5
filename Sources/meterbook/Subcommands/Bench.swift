import ArgumentParser
import Foundation
import MeterbookCore

/// `meterbook bench`: measures the engine's speed and memory.
///
/// Meant for release builds.
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

  @Flag(help: "Time only the simulation stages, generate and measure (for perf record, callgrind).")
  var simulationOnly = false

  func validate() throws {
    guard (1_000...50_000_000).contains(calls) else {
      throw ValidationError("--calls must be between 1,000 and 50,000,000; got \(calls).")
    }
  }

  func run() throws {
    let library = try Failure.report { () throws(DiagnosticsError) in try ScenarioLibrary.locate(explicit: scenarios) }
    let catalog = try Failure.report { () throws(DiagnosticsError) in try library.catalog() }
    let scenario = benchScenario(catalog: catalog)

    #if DEBUG
      print("note: this is a debug build; run `swift run -c release meterbook bench` for real numbers")
    #endif
    let baseline = Terminal.residentBytes
    let clock = ContinuousClock()
    let simulator = Simulator(scenario: scenario)
    let cores = Simulator.defaultThreads
    // Memory is read after one run; the timed runs that follow free and reallocate columns.
    guard let result = try? simulator.run() else { throw Failure.cancelled }
    let resident = Terminal.residentBytes - baseline
    let generation = [1, cores].map { threads in best(of: 3, clock) { _ = try? simulator.run(threads: threads) } }
    let run = result.run
    let n = Double(run.count)
    print(
      "meterbook bench — \(run.count.formatted()) calls, \(scenario.population.customers.formatted()) customers, \(scenario.days) days, seed \(seed), \(cores) threads (active cores)"
    )
    for (threads, time) in zip([1, cores], generation) {
      print(
        row(
          "generate, \(threads) thread\(threads == 1 ? "" : "s")", time,
          "\(rate(n, time)) calls/s  (run(): sorted columns, best of 3)"))
    }
    var measured: SimulationMeasure?
    let measuring = [1, cores].map { threads in
      best(of: 3, clock) { measured = try? simulator.measure(threads: threads) }
    }
    guard let measured, measured.cube.cells.reduce(0, { $0 + $1.calls }) == run.count else {
      throw Failure.message("bench: measure() and run() disagree on the number of calls")
    }
    for (threads, time) in zip([1, cores], measuring) {
      print(
        row(
          "measure, \(threads) thread\(threads == 1 ? "" : "s")", time,
          "\(rate(n, time)) calls/s  (measure(): period cube + day totals, best of 3)"))
    }
    guard !simulationOnly else { return }

    var cells = 0
    let cube = clock.measure { cells = UsageCube(run, grain: .period).cells.count }
    let counter = CountingSink()
    let export = try clock.measure { try CSVWriter.write(run, to: counter) }

    print(row("period usage cube", cube, "\(cells.formatted()) cells (what billing reads)"))
    let mb = Double(counter.count) / 1_000_000
    print(
      row(
        "CSV export", export,
        String(format: "%.0f MB/s  (%.1f MB, %.0f bytes/call)", mb / export.seconds, mb, Double(counter.count) / n)))
    try importFile(of: run, catalog: catalog, megabytes: mb, clock: clock)
    analyzers(result, clock: clock)
    try whatIfLoop(library: library, clock: clock)
    try commands(library: library, calls: calls, clock: clock)
    print(
      String(
        format: "memory: columns %.1f MB (%d bytes/call), resident growth %.1f MB, peak RSS %.1f MB",
        Double(run.columnBytes) / 1e6, Run.bytesPerCall, Double(resident) / 1e6,
        Double(Terminal.peakResidentBytes) / 1e6))
  }

  /// The standard scenario with as many customers as make about `--calls` calls (measured on 1,000).
  private func benchScenario(catalog: ModelCatalog) -> Scenario {
    var scenario = Scenario.standard(catalog: catalog, seed: seed)
    scenario.population.customers = 1_000
    let perCustomer = Double(Simulator(scenario: scenario).callCount()) / 1_000
    scenario.population.customers = max(1, Int(Double(calls) / perCustomer))
    return scenario
  }

  /// CSV import: `run` written to a temporary file of `megabytes`, then read back.
  private func importFile(of run: Run, catalog: ModelCatalog, megabytes mb: Double, clock: ContinuousClock) throws {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("meterbook-bench-\(getpid()).csv")
    let writer = try AtomicFile(file)
    try CSVWriter.write(run, to: writer)
    try writer.commit()
    defer { try? FileManager.default.removeItem(at: file) }
    var imported = 0
    let importTime = try clock.measure { imported = try UsageImporter(catalog: catalog).read(contentsOf: file).0.count }
    print(
      row(
        "CSV import (streamed)", importTime,
        String(
          format: "%.0f MB/s, %@ calls/s", mb / importTime.seconds,
          Int(Double(imported) / importTime.seconds).formatted())))
  }

  /// The five FinOps analyzers on the simulated run, each timed.
  private func analyzers(_ result: SimulationResult, clock: ContinuousClock) {
    let context = AnalysisContext(result)
    var stages: [(String, Duration)] = []
    for name in [AnalyzerName.understanding, .performance, .realtime, .optimization, .alignment] {
      stages.append((name.rawValue, clock.measure { _ = name.report(context) }))
    }
    let together = stages.reduce(Duration.zero) { $0 + $1.1 }
    print(
      row(
        "five FinOps analyzers", together,
        stages.map { "\($0.0) \(String(format: "%.0f", $0.1.seconds * 1000))" }.joined(separator: ", ") + " ms"))
  }

  /// The what-if loop: a 145k-call month, four plans compared, then `set` and re-run.
  private func whatIfLoop(library: ScenarioLibrary, clock: ContinuousClock) throws {
    let source = try Failure.report { () throws(DiagnosticsError) in
      try YAMLSource(text: Bench.workbook, path: "bench.yaml")
    }
    let session = try Failure.report { () throws(DiagnosticsError) in
      try WorkbookSession(loader: WorkbookLoader(library: library), source: source)
    }
    let load = clock.measure { _ = try? session.run() }
    let calls = (try? session.result(for: "month"))?.run.count ?? 0
    var timings: [Duration] = []
    for n in 1...5 {
      timings.append(
        clock.measure {
          _ = try? session.reload(overrides: [
            Override(path: ["scenarios", "month", "customers"], value: String(520 + n))
          ])
          _ = try? session.run()
        })
    }
    let sorted = timings.sorted()
    print(
      row(
        "what-if loop", sorted[sorted.count / 2],
        "set + re-simulate \(Int(Double(calls) / 1000))k calls + compare 4 plans (median of 5; first run \(String(format: "%.0f", load.seconds * 1000)) ms)"
      ))
    try seeds(session, calls: calls, clock: clock)
  }

  /// The same month and four plans under 100 seeds: every seed simulated (measured, no calls
  /// kept), billed under each plan, and compared; end to end, with the memory it took.
  private func seeds(_ session: WorkbookSession, calls: Int, clock: ContinuousClock) throws {
    let before = Terminal.residentBytes
    var timings: [Duration] = []
    for n in 1...3 {
      _ = try? session.reload(overrides: [
        Override(path: ["seeds"], value: "100"),
        Override(path: ["scenarios", "month", "customers"], value: String(530 + n)),
      ])
      timings.append(clock.measure { _ = try? session.run() })
    }
    let grown = Double(Terminal.residentBytes - before) / 1e6
    let sorted = timings.sorted()
    let perSecond = Double(calls) * 100 / sorted[1].seconds
    print(
      row(
        "100 seeds, 4 plans", sorted[1],
        "run + compare over 100 seeds of the \(Int(Double(calls) / 1000))k-call month (\(Int(perSecond).formatted()) calls/s, median of 3; resident growth \(String(format: "%.0f", grown)) MB)"
      ))
  }

  /// The REPL's commands on a month of about `calls` calls, each repeated: p50 and p95 of
  /// what an analyst waits for after pressing Enter (the month is simulated once first).
  private func commands(library: ScenarioLibrary, calls: Int, clock: ContinuousClock) throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("meterbook-bench-\(getpid())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let book = folder.appendingPathComponent("bench.yaml")
    // The showcase month: 520 customers, about 145,000 calls.
    let customers = max(10, calls * 520 / 145_000)
    try Bench.workbook.replacingOccurrences(
      of: "populations/showcase-month]", with: "populations/showcase-month]\n    customers: \(customers)"
    )
    .write(to: book, atomically: true, encoding: .utf8)
    let console = Console(width: 100, libraryPath: library.root.path)
    guard console.execute("load \"\(book.path)\"").ok else { throw Failure.message("bench workbook did not load") }
    let first = clock.measure { _ = console.execute("run all") }
    let month = (try? console.session?.result(for: "month"))?.run.count ?? 0
    print(
      "REPL commands on a \(month.formatted())-call month (first run all \(String(format: "%.0f", first.seconds * 1000)) ms); p50 / p95 of 9:"
    )
    let repeated: [(String, (Int) -> String)] = [
      ("set plan fee", { "set plans.flat.fee.pro \(100 + $0)" }),
      ("set charge tier price", { "set plans.usage.charges.0.tiers.0.price 0.0\($0 + 1)" }),
      ("set customers (re-sim)", { "set scenarios.month.customers \(customers + 1 + $0 % 2)" }),
      ("undo", { _ in "undo" }),
      ("compare 4 plans", { _ in "compare flat tiered usage hybrid" }),
      ("chart cost by provider", { _ in "chart cost by provider" }),
      ("chart cost by day, tier", { _ in "chart cost by day, tier as line" }),
      ("report summary", { _ in "report summary" }),
      ("report profitability", { _ in "report profitability" }),
      ("report performance", { _ in "report performance" }),
      ("report optimization", { _ in "report optimization" }),
      ("report realtime", { _ in "report realtime" }),
      ("diff snapshot", { _ in "diff start" }),
      ("run plans cell", { _ in "run plans" }),
      ("export markdown", { n in "export \(folder.appendingPathComponent("out-\(n).md").path)" }),
    ]
    _ = console.execute("snapshot start")
    for (label, command) in repeated {
      var times: [Duration] = []
      var failure: String?
      for n in 0..<9 {
        var r = Console.Result(output: "")
        times.append(clock.measure { r = console.execute(command(n)) })
        if !r.ok { failure = r.output }
      }
      times.sort()
      let (p50, p95) = (times[4].seconds * 1000, times[8].seconds * 1000)
      print(
        label.padding(toLength: 24, withPad: " ", startingAt: 0) + String(format: "%9.1f ms  %9.1f ms", p50, p95)
          + (p95 > 300 ? "  over 300 ms" : "") + (failure.map { "  FAILED: \($0.prefix(80))" } ?? ""))
    }
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
      - id: plans
        compare: {plans: [flat, tiered, usage, hybrid], on: month}
    """

  /// The fastest of `n` timings of `body` (the others include the machine's noise).
  private func best(of n: Int, _ clock: ContinuousClock, _ body: () -> Void) -> Duration {
    (0..<n).map { _ in clock.measure(body) }.min() ?? .zero
  }

  private func rate(_ calls: Double, _ d: Duration) -> String { Int(calls / max(d.seconds, 1e-9)).formatted() }

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
