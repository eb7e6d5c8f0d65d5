import ArgumentParser
import Foundation
import MeterbookCore

/// `meterbook analyze`: the analyzers on a real usage CSV.
struct Analyze: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run analyzers on a usage CSV (the 19-field schema, or any CSV with a mapping file).",
    discussion: """
      Bad rows are counted and skipped (the first 10 are described); --strict stops at the first one. Cost is taken from cost_usd, or computed from the catalog when the column is missing or the mapping says cost: compute. The import report (rows kept and skipped by reason, unknown models, aliases used, inferred fields) is printed to stderr.

      Examples:
        meterbook analyze calls.csv
        meterbook analyze spend_logs.csv --map litellm
        meterbook analyze export.csv --map mapping.yaml --report understanding --report performance
        meterbook analyze spend_logs.csv --map litellm --report pricing --plans plans.yaml
        meterbook analyze --cube cube.csv --report summary --report features

      With --cube, the file is a usage cube (simulate --format cube, or specs/sql/cube-from-calls.sql run in DuckDB or Spark): the reports a cube supports run on its sums; performance and optimization need call-level data and say so in one line.
      """)

  @Argument(help: "The usage CSV.", completion: .file(extensions: ["csv"]))
  var calls: String?

  @Option(
    help: ArgumentHelp(
      "A usage cube CSV to analyze instead of calls (made by DuckDB, Spark or --format cube).", valueName: "file"),
    completion: .file(extensions: ["csv"]))
  var cube: String?

  /// The file to read: the calls, or the cube.
  var file: String { calls ?? cube ?? "" }

  /// `--map` as the import takes it: a cube reads through the `cube` preset.
  var mapping: String? { cube == nil ? map : UsageCube.mappingPreset }

  @Option(
    help: ArgumentHelp(ImportInput.mapHelp, valueName: "preset-or-file"),
    completion: .file(extensions: ["yaml", "yml"]))
  var map: String?

  @Option(
    name: .customLong("report"),
    help:
      "Analyzer to run; repeatable (default: summary). One of: \(AnalyzerName.allCases.map(\.rawValue).joined(separator: ", "))."
  )
  var reports: [String] = []

  @Flag(help: "Stop at the first bad row.")
  var strict = false

  @Flag(
    help:
      "Stream the file into the usage cube instead of holding its calls (automatic when they would not fit the memory budget); runs summary, understanding, performance, realtime and optimization only."
  )
  var stream = false

  @Option(
    help: ArgumentHelp(
      "A file holding plans: in workbook syntax (or a workbook): the analyzers bill them, and --report pricing compares them. It may map customers to tiers with customer_tiers:.",
      valueName: "file"),
    completion: .file(extensions: ["yaml", "yml"]))
  var plans: String?

  @Option(help: "Output format: text, markdown or json (default: text on a terminal, else markdown).")
  var format: OutputFormat?

  @Option(help: "Width for text output (default: the terminal's).")
  var width: Int?

  @Option(name: .long, help: "The scenarios/ library folder, for the catalog (default: found from the current folder).")
  var scenarios: String?

  func validate() throws {
    switch (calls, cube) {
    case (nil, nil): throw ValidationError("Please specify a usage CSV, or --cube FILE.")
    case (.some, .some): throw ValidationError("Give either a usage CSV or --cube FILE, not both.")
    default: break
    }
    if cube != nil && map != nil { throw ValidationError("--cube reads the cube's own columns; drop --map.") }
    if cube != nil && stream {
      throw ValidationError("--cube reads a cube, which is already the streamed form; drop --stream.")
    }
    for r in reports where AnalyzerName(rawValue: r) == nil {
      let names = AnalyzerName.allCases.map(\.rawValue)
      throw ValidationError(
        "unknown analyzer '\(r)'; expected one of: \(names.joined(separator: ", "))"
          + (Suggestion.nearest(to: r, in: names).map { "; did you mean '\($0)'?" } ?? ""))
    }
  }

  func run() throws {
    Interrupt.install(exitUnlessPolled: true)
    let names = reports.isEmpty ? [AnalyzerName.summary] : reports.compactMap(AnalyzerName.init(rawValue:))
    let input = ImportInput(file: file, map: mapping, strict: strict, scenarios: scenarios)
    let reportsOf: (AnalyzerName) throws -> Report
    if plans == nil, cube == nil, let streamed = try input.streamed(names: names, always: stream) {
      reportsOf = {
        $0.report(streamed.digest, catalog: streamed.catalog, tokensKnown: streamed.summary.tokensKnown)
          ?? Report(title: "")
      }
    } else if let plans {
      reportsOf = try planned(plans)
    } else {
      let context = try input.load().0
      reportsOf = { $0.report(context) }
    }
    let outputs = try names.map { name in
      let report: Report
      do {
        report = try reportsOf(name)
      } catch is CancellationError {
        throw Failure.cancelled
      } catch {
        throw Failure.message("\(error)")
      }
      return CellOutput(
        cell: Cell(id: name.rawValue, kind: .markdown(""), location: .init(file: file, line: 1, column: 1)),
        report: report)
    }
    let chosen = format ?? (Terminal.stdoutIsTerminal ? .text : .markdown)
    print(
      OutputFormat.render(
        outputs, as: chosen, width: width ?? (chosen == .text ? Terminal.width : 80), title: "Usage in \(file)"))
  }
}

extension Analyze {
  /// Each analyzer's report on the CSV as a data scenario billed by the plans of `plansFile`,
  /// as a workbook's report cell gives it (a file past the memory budget is kept as sums, and
  /// the reports that read sums run on it).
  private func planned(_ plansFile: String) throws -> (AnalyzerName) throws -> Report {
    if strict { throw ValidationError("--strict reads a CSV without plans; drop --plans, or --strict") }
    let (session, data) = try UsagePlans(file: file, map: mapping, plans: plansFile, scenarios: scenarios).session()
    Terminal.error(data.summary.description)
    if let kept = data.keptAsSums { Terminal.error(kept) }
    guard let name = session.defaultScenario else { throw Failure.message("\(file): no usable rows") }
    let location = SourceLocation(file: file, line: 1, column: 1)
    return { analyzer in
      try session.evaluate(
        Cell(id: analyzer.rawValue, kind: .report(analyzer: analyzer.rawValue, scenario: name), location: location),
        isCancelled: { Interrupt.requested })
    }
  }
}

/// Reading a usage CSV for `analyze` and `convert`: catalog, mapping (preset or file), import,
/// the import report on stderr.
struct ImportInput {
  var file: String
  var map: String?
  var strict: Bool
  var scenarios: String?

  static let mapHelp =
    "A mapping preset (litellm, langfuse, helicone, openai-usage, openai-costs: scenarios/mappings/) or a mapping YAML file."

  /// The importer for the file: the library's catalog and the mapping (preset or file), and
  /// the mapping file read (for a manifest's digest).
  func importer() throws -> (UsageImporter, mappingFile: URL?) {
    let library = try Failure.report { () throws(DiagnosticsError) in try ScenarioLibrary.locate(explicit: scenarios) }
    let catalog = try Failure.report { () throws(DiagnosticsError) in try library.catalog() }
    var mapping = ColumnMapping()
    var mappingFile: URL?
    if let map {
      mapping = try Failure.report { () throws(DiagnosticsError) in
        try ColumnMapping.resolve(map, library: library, catalog: catalog)
      }
      mappingFile =
        FileManager.default.fileExists(atPath: map)
        ? URL(fileURLWithPath: map) : library.url(of: "mappings/\(map)")
    }
    return (UsageImporter(catalog: catalog, mapping: mapping, strict: strict), mappingFile)
  }

  /// The file streamed into a digest, or `nil` when its calls fit the memory budget.
  ///
  /// It streams when `always` or when the calls would not fit (the caller then loads them). A
  /// report of `names` that needs the calls is refused first, with the estimate.
  func streamed(names: [AnalyzerName], always: Bool) throws -> (
    digest: UsageDigest, summary: UsageImporter.Summary, catalog: ModelCatalog
  )? {
    let (importer, _) = try importer()
    let url = URL(fileURLWithPath: file)
    let shortfall = importer.memoryShortfall(url, displayPath: file)
    guard always || shortfall != nil else { return nil }
    let needCalls = names.filter { !$0.readsDigest }.map(\.rawValue)
    if !needCalls.isEmpty {
      throw Failure.message(
        "report\(needCalls.count == 1 ? "" : "s") \(needCalls.joined(separator: ", ")) need\(needCalls.count == 1 ? "s" : "") the calls in memory, "
          + (shortfall.map { "which they would not fit: \($0.description)" }
            ?? "and --stream keeps only the usage cube; drop --stream")
          + "\n  reports that stream a file of any size: "
          + AnalyzerName.allCases.filter(\.readsDigest).map(\.rawValue).joined(separator: ", "))
    }
    let ticker = ProgressTicker.importing(file)
    do {
      let (digest, summary) = try importer.digest(contentsOf: url, displayPath: file)
      ticker.finish()
      Terminal.error(summary.description)
      if let note = digest.grainNote { Terminal.error(note) }
      guard summary.calls > 0 else { throw Failure.message("\(file): no usable rows") }
      return (digest, summary, importer.catalog)
    } catch let e as UsageImporter.ImportError {
      ticker.finish()
      throw Failure.message(e.description)
    }
  }

  /// The run, its import report, and the mapping file read (for a manifest's digest).
  func load() throws -> (AnalysisContext, UsageImporter.Summary, mappingFile: URL?) {
    let (importer, mappingFile) = try importer()
    let catalog = importer.catalog
    let ticker = ProgressTicker.importing(file)
    do {
      let (run, summary) = try importer.read(contentsOf: URL(fileURLWithPath: file), displayPath: file)
      ticker.finish()
      Terminal.error(summary.description)
      guard run.count > 0 else { throw Failure.message("\(file): no usable rows") }
      var context = AnalysisContext(imported: run, catalog: catalog)
      context.tokensKnown = summary.tokensKnown
      context.fromCube = map == UsageCube.mappingPreset
      return (context, summary, mappingFile)
    } catch let e as UsageImporter.ImportError {
      ticker.finish()
      throw Failure.message(e.description)
    }
  }
}
