import Foundation

/// Turns runs into export bytes (CSV, FOCUS, OTLP) and reproduces an export from its
/// manifest's recipe — the one code path both `simulate`/`convert` and `verify` use, so a
/// verification re-runs exactly what the export ran.
public enum RunExport {
  public static let formats = ["csv", "focus", "otlp", "cube"]

  /// The bytes of `run` in `format`.
  ///
  /// Options: `focus_version` (1.2 | 1.3), `otlp` (spans | metrics).
  public static func bytes(_ run: Run, format: String, catalog: ModelCatalog, options: [String: String] = [:]) throws
    -> [UInt8]
  {
    let sink = MemorySink()
    try write(run, format: format, catalog: catalog, options: options, to: sink)
    return sink.bytes
  }

  /// Streams `run` in `format` to `sink` — the same bytes as `bytes(...)`, without holding
  /// them in memory.
  ///
  /// `isCancelled` is polled every 64k rows; `progress` hears the fraction
  /// done (the cube only at its start, middle and end: its aggregation has no hook).
  public static func write(
    _ run: Run, format: String, catalog: ModelCatalog, options: [String: String] = [:], to sink: ByteSink,
    isCancelled: @escaping @Sendable () -> Bool = { false }, progress: (Double) -> Void = { _ in }
  ) throws(IOError) {
    switch format {
    case "focus":
      let version = FOCUSWriter.Version(rawValue: options["focus_version"] ?? "1.2") ?? .v1p2
      try FOCUSWriter(catalog: catalog, version: version).write(
        run, to: sink, isCancelled: isCancelled, progress: progress)
    case "cube":
      progress(0)
      let cube = UsageCube(run)
      if isCancelled() { throw IOError.cancelled }
      progress(0.5)
      try cube.csv(to: sink)
    case "otlp":
      try OTLPWriter(kind: OTLPWriter.Kind(rawValue: options["otlp"] ?? "spans") ?? .spans).write(
        run, to: sink, isCancelled: isCancelled, progress: progress)
    default:
      try CSVWriter.write(run, to: sink, isCancelled: isCancelled, progress: progress)
    }
    progress(1)
  }

  public enum ReproductionError: Error, CustomStringConvertible {
    case notReproducible(String)
    public var description: String {
      switch self {
      case .notReproducible(let why): "cannot reproduce: \(why)"
      }
    }
  }

  /// Re-runs a recipe; paths resolve against `base` (the manifest's folder) when relative
  /// paths do not exist from the current folder.
  public static func reproduce(_ recipe: RunManifest.Recipe, library: ScenarioLibrary, base: URL) throws -> [UInt8] {
    func resolve(_ p: String) -> URL {
      let direct = URL(fileURLWithPath: p)
      return FileManager.default.fileExists(atPath: direct.path) ? direct : base.appendingPathComponent(p)
    }
    let overrides = recipe.overrides.compactMap(Override.init(parsing:))
    switch recipe.command {
    case "simulate":
      var scenario: Scenario
      if let wb = recipe.workbook {
        let session = try WorkbookSession(
          loader: WorkbookLoader(library: library), source: try YAMLSource(contentsOf: resolve(wb), displayPath: wb),
          overrides: overrides)
        guard let s = session.workbook.scenario(recipe.scenario ?? session.workbook.scenarios.first?.name ?? "") else {
          throw ReproductionError.notReproducible("scenario '\(recipe.scenario ?? "")' is gone from \(wb)")
        }
        scenario = s
      } else {
        scenario = Scenario.standard(catalog: try library.catalog())
      }
      if let seed = recipe.seed { scenario.seed = seed }
      if let c = recipe.customers { scenario.population.customers = c }
      if let d = recipe.days { scenario.days = d }
      if let s = recipe.start.flatMap(CalendarDay.init(iso:)) { scenario.start = s }
      let shard = recipe.options["shard"].flatMap(Shard.init) ?? .whole
      let run = try Simulator(scenario: scenario).run(shard: shard).run
      return try bytes(run, format: recipe.format, catalog: scenario.catalog, options: recipe.options)
    case "convert":
      guard let input = recipe.input else { throw ReproductionError.notReproducible("the recipe names no input file") }
      let catalog = try library.catalog()
      var mapping = ColumnMapping()
      if let map = recipe.options["map"] {
        // A mapping file beside the manifest, or a preset of the library (`--map litellm`).
        let file = resolve(map)
        mapping =
          FileManager.default.fileExists(atPath: file.path)
          ? try ColumnMapping.load(contentsOf: file, catalog: catalog)
          : try ColumnMapping.resolve(map, library: library, catalog: catalog)
      }
      // `convert` streams the file, so its reproduction does too (the same bytes).
      let sink = MemorySink()
      _ = try stream(
        resolve(input),
        importer: UsageImporter(catalog: catalog, mapping: mapping, strict: recipe.options["strict"] == "true"),
        format: recipe.format, catalog: catalog, options: recipe.options, to: sink)
      return sink.bytes
    case "export":
      guard let wb = recipe.workbook else { throw ReproductionError.notReproducible("the recipe names no workbook") }
      let session = try WorkbookSession(
        loader: WorkbookLoader(library: library), source: try YAMLSource(contentsOf: resolve(wb), displayPath: wb),
        overrides: overrides)
      let cells = recipe.options["cells"].map { $0.split(separator: ",").map(String.init) } ?? []
      let outputs = try session.run(cells: cells)
      return Array(try session.document(format: recipe.format, outputs: outputs).utf8)
    default:
      throw ReproductionError.notReproducible("unknown command '\(recipe.command)'")
    }
  }
}
