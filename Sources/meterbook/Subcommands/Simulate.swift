import ArgumentParser
import Foundation
import MeterbookCore

/// `meterbook simulate`: writes a scenario's calls as CSV.
struct Simulate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Simulate AI calls and write them as CSV (the 19 fields), FOCUS, OTLP JSON or a usage cube.",
    discussion: """
      Without a workbook, simulates the built-in default scenario (100 customers, 30 days, market-weighted mix, business hours and weekend effect).

      Examples:
        meterbook simulate --seed 7 --customers 500 --out calls.csv
        meterbook simulate --days 7 --start 2026-03-02 --out - | head
        meterbook simulate workbooks/showcase-month.yaml --scenario showcase --out month.csv
        meterbook simulate --seed 7 --customers 100000 --shard 3/8 --format cube --out part-3.cube.csv

      --shard i/n simulates only customers i, i+n, i+2n, ... (1-based): the n shards' calls, sorted, are the whole run byte for byte, and their cubes together are the whole cube (specs/simulator.md, "Shards").
      """)

  @Argument(
    help: "A workbook whose scenario to simulate (default: the built-in scenario).",
    completion: .file(extensions: ["yaml"]))
  var workbook: String?

  @Option(help: "The workbook scenario to simulate (default: its first).")
  var scenario: String?

  @Option(name: .customLong("set"), help: "Override a workbook value by its dotted path (PATH=VALUE); repeatable.")
  var overrides: [String] = []

  @Option(help: "Seed of the random generator (default: the workbook's, else a random seed printed to stderr).")
  var seed: UInt64?

  @Option(help: "Number of customers.")
  var customers: Int?

  @Option(help: "Number of days to simulate.")
  var days: Int?

  @Option(help: "First day, YYYY-MM-DD.")
  var start: String?

  @Option(name: .long, help: "The scenarios/ library folder (default: found from the current folder).")
  var scenarios: String?

  @Option(
    help:
      "Output format: csv (the 19 fields), focus (FinOps FOCUS cost and usage rows), otlp (OpenTelemetry JSON) or cube (the usage cube)."
  )
  var format: String = "csv"

  @Option(help: "FOCUS version: 1.2, or 1.3 (adds ServiceProviderName and HostProviderName).")
  var focusVersion: String = "1.2"

  @Option(help: "OTLP content: spans (one per call) or metrics (daily sums per model).")
  var otlp: String = "spans"

  @Option(help: "Output file, or '-' for standard output. A file gets FILE.manifest.json beside it.")
  var out: String

  @Option(
    help: ArgumentHelp(
      "Simulate only shard i of n of the customers (customer k is in shard k mod n + 1).", valueName: "i/n"))
  var shard: String?

  /// `--shard` read, the whole run without it.
  private var part: Shard { shard.flatMap(Shard.init) ?? .whole }

  func validate() throws {
    guard RunExport.formats.contains(format) else {
      throw ValidationError("--format must be csv, focus, otlp or cube; got '\(format)'.")
    }
    try ExportOptionChecks.validate(focusVersion: focusVersion, otlp: otlp)
    if let customers, !(1...1_000_000).contains(customers) {
      throw ValidationError("--customers must be between 1 and 1,000,000; got \(customers).")
    }
    if let days, !(1...3660).contains(days) { throw ValidationError("--days must be between 1 and 3660; got \(days).") }
    if let start, CalendarDay(iso: start) == nil {
      throw ValidationError("--start must be a date like 2026-01-01; got '\(start)'.")
    }
    if let shard, Shard(shard) == nil {
      throw ValidationError(
        "--shard must be i/n with 1 ≤ i ≤ n ≤ \(Shard.maximumCount.formatted()), like 3/8; got '\(shard)'.")
    }
    if shard != nil && seed == nil && workbook == nil {
      throw ValidationError("--shard needs --seed: every shard must draw from the same seed.")
    }
  }

  func run() throws {
    if let workbook {
      let session = try WorkbookInput(path: workbook, overrides: overrides, scenarios: scenarios).session()
      let names = session.workbook.scenarios.map(\.name)
      guard var chosen = session.workbook.scenario(scenario ?? names.first ?? "") else {
        let near = scenario.flatMap { Suggestion.nearest(to: $0, in: names) }
        throw Failure.message(
          "unknown scenario '\(scenario ?? "")'; expected one of: \(names.joined(separator: ", "))"
            + (near.map { "; did you mean '\($0)'?" } ?? ""))
      }
      if chosen.data != nil && (customers != nil || days != nil || start != nil || shard != nil) {
        throw ValidationError(
          "scenario '\(chosen.name)' reads its customers and days from its data; drop --customers, --days, --start and --shard"
        )
      }
      if let seed { chosen.seed = seed }
      if let customers { chosen.population.customers = customers }
      if let days { chosen.days = days }
      if let start, let day = CalendarDay(iso: start) { chosen.start = day }
      try SimulationOutput.write(
        scenario: chosen, shard: part, to: out, library: session.loader.library,
        recipe: recipe(workbook: workbook, scenario: chosen.name, seed: seed),
        inputs: [
          RunManifest.Input(
            role: "workbook", path: workbook, sha256: Digest.sha256(fileAt: URL(fileURLWithPath: workbook)) ?? "")
        ] + session.workbook.dataInputs)
      return
    }
    let library = try Failure.report { () throws(DiagnosticsError) in try ScenarioLibrary.locate(explicit: scenarios) }
    let catalog = try Failure.report { () throws(DiagnosticsError) in try library.catalog() }
    let actualSeed = seed ?? UInt64.random(in: 1...999_999)
    if seed == nil { Terminal.error("meterbook: seed \(actualSeed) (pass --seed \(actualSeed) to replay)") }
    var scenario = Scenario.standard(catalog: catalog, seed: actualSeed)
    if let customers { scenario.population.customers = customers }
    if let days { scenario.days = days }
    if let start, let day = CalendarDay(iso: start) { scenario.start = day }
    try SimulationOutput.write(
      scenario: scenario, shard: part, to: out, library: library,
      recipe: recipe(workbook: nil, scenario: nil, seed: actualSeed),
      inputs: [])
  }

  private func recipe(workbook: String?, scenario: String?, seed: UInt64?) -> RunManifest.Recipe {
    RunManifest.Recipe(
      command: "simulate", format: format, workbook: workbook, scenario: scenario, overrides: overrides, seed: seed,
      customers: customers, days: days, start: start,
      options: ["focus_version": focusVersion, "otlp": otlp].merging(shard.map { ["shard": $0] } ?? [:]) { a, _ in a })
  }
}

/// Runs a scenario and writes it in the recipe's format, with a progress bar, Ctrl-C handling
/// and a manifest beside the file.
enum SimulationOutput {
  static func write(
    scenario: Scenario, shard: Shard = .whole, to out: String, library: ScenarioLibrary, recipe: RunManifest.Recipe,
    inputs: [RunManifest.Input]
  ) throws {
    let bar = ProgressBar("simulating")
    Interrupt.install(exitUnlessPolled: true)
    defer { bar.finish() }
    let result: SimulationResult
    do {
      result = try Interrupt.polling {
        try Simulator(scenario: scenario).run(isCancelled: { Interrupt.requested }, shard: shard) {
          bar.update($0 * 0.8)
        }
      }
    } catch is CancellationError {
      throw Failure.cancelled
    } catch {
      throw Failure.message("\(error)")
    }
    let catalogFile = library.url(of: "catalog/\(scenario.catalog.name)")
    let catalogInput = RunManifest.Input(
      role: "catalog", path: "scenarios/catalog/\(scenario.catalog.name).yaml",
      sha256: Digest.sha256(fileAt: catalogFile) ?? "unavailable")
    try Exporting.write(
      result.run, to: out, recipe: recipe, catalog: scenario.catalog, inputs: inputs + [catalogInput], bar: bar,
      from: 0.8)
  }
}
