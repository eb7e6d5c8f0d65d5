import ArgumentParser
import Foundation
import MeterbookCore

/// `meterbook catalog`: inspect and update the model catalog.
struct CatalogCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "catalog",
    abstract: "Inspect the model catalog or update its prices from a LiteLLM price map.",
    subcommands: [CatalogList.self, CatalogImport.self, CatalogDiffCommand.self])
}

/// `meterbook catalog list`.
struct CatalogList: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list", abstract: "List the catalog's models and prices (USD per 1M tokens).")

  @Option(help: "The catalog piece.")
  var catalog: String = ScenarioLibrary.defaultCatalog

  @Option(name: .long, help: "The scenarios/ library folder (default: found from the current folder).")
  var scenarios: String?

  func run() throws {
    let library = try Failure.report { () throws(DiagnosticsError) in try ScenarioLibrary.locate(explicit: scenarios) }
    let c = try Failure.report { () throws(DiagnosticsError) in try library.catalog(catalog) }
    let rows = c.models.map { m in
      [
        m.id, Format.money(m.price.input), Format.money(m.price.output), m.price.cachedInput.map(Format.money) ?? "–",
        Format.integer(m.contextWindow),
      ]
    }
    print(
      TextRenderer(width: Terminal.width).render(
        Report(
          title: "Catalog \(c.name), prices of \(c.priceDate)",
          blocks: [
            .table(
              Table(
                title: "", columns: ["model", "input", "output", "cached input", "context"],
                numeric: [false, true, true, true, true], rows: rows))
          ])))
  }
}

/// `meterbook catalog import`.
struct CatalogImport: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: "Update a catalog's prices from LiteLLM's model_prices_and_context_window.json and report what changed.",
    discussion: """
      Examples:
        meterbook catalog import model_prices_and_context_window.json --out scenarios/catalog/2026-12.yaml
        meterbook catalog import prices.json --in-place
      """)

  @Argument(help: "The LiteLLM price map (JSON).", completion: .file(extensions: ["json"]))
  var file: String

  @Option(help: "The catalog piece to update.")
  var catalog: String = ScenarioLibrary.defaultCatalog

  @Option(help: "Write the updated catalog here (a new file).")
  var out: String?

  @Flag(help: "Rewrite the catalog file itself (atomically).")
  var inPlace = false

  @Option(help: "The price date to record (default: today, UTC).")
  var date: String?

  @Option(help: "The day changed prices take effect, as new dated entries (default: the price date).")
  var from: String?

  @Option(name: .long, help: "The scenarios/ library folder (default: found from the current folder).")
  var scenarios: String?

  func validate() throws {
    guard (out != nil) != inPlace else { throw ValidationError("Please give either --out FILE or --in-place.") }
    for (name, value) in [("--date", date), ("--from", from)] {
      if let value, CalendarDay(iso: value) == nil {
        throw ValidationError("\(name) must look like 2026-12-01; got '\(value)'.")
      }
    }
  }

  func run() throws {
    let library = try Failure.report { () throws(DiagnosticsError) in try ScenarioLibrary.locate(explicit: scenarios) }
    let current = try Failure.report { () throws(DiagnosticsError) in try library.catalog(catalog) }
    guard let data = FileManager.default.contents(atPath: file) else { throw Failure.message("cannot read '\(file)'") }
    let today = date ?? CalendarDay(daysSinceEpoch: Int(Date().timeIntervalSince1970 / 86_400)).description
    guard let effective = CalendarDay(iso: from ?? today) else {
      throw ValidationError("--from must look like 2026-12-01; got '\(from ?? today)'.")
    }
    let mapName = URL(fileURLWithPath: file).lastPathComponent
    let target: URL
    if inPlace {
      target = library.url(of: catalog)
    } else if let out {
      target = URL(fileURLWithPath: out)
    } else {
      throw ValidationError("Please give either --out FILE or --in-place.")
    }
    do {
      let result = try PriceMapImporter.update(
        current, with: data, priceDate: today, from: effective, source: "LiteLLM \(mapName), imported \(today)")
      let header = [
        "Meterbook model catalog, prices updated from \(mapName) (LiteLLM price map) on \(today).",
        "Prices are USD per 1M tokens. Latency, reliability and quality are Meterbook's modelled estimates.",
      ]
      try AtomicFile.write(CatalogWriter.yaml(result.catalog, header: header), to: target, replacing: inPlace)
      print(
        "\(result.changes.count) price change\(result.changes.count == 1 ? "" : "s"); \(result.repriced.count) model\(result.repriced.count == 1 ? "" : "s") got a price from \(effective); written to \(target.path)"
      )
      for c in result.changes { print("  \(c)") }
      if !result.unmatched.isEmpty {
        print("not in the price map (kept as they were): \(result.unmatched.joined(separator: ", "))")
      }
      if !result.newModels.isEmpty {
        print(
          "\(result.newModels.count) chat models in the price map are not in the catalog (not added; add them by hand with latency and quality): \(result.newModels.prefix(8).joined(separator: ", "))\(result.newModels.count > 8 ? ", …" : "")"
        )
      }
    } catch {
      throw Failure.message("\(error)")
    }
  }
}

/// `meterbook catalog diff`.
struct CatalogDiffCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "diff",
    abstract: "Show what changed between two catalogs, or between two days of one catalog's dated prices.",
    discussion: """
      Each side is a catalog's prices in force on a day (--from for OLD, --to for NEW), or its \
      newest prices when no day is given. With one catalog, give at least one day.

      Examples:
        meterbook catalog diff scenarios/catalog/2026-q4.yaml new-prices.yaml
        meterbook catalog diff catalog/2026-q4 --from 2026-01-01 --to 2026-11-01
      """)

  @Argument(help: "The old catalog: a file, or a piece of the scenarios/ library (catalog/2026-q4).")
  var old: String

  @Argument(help: "The new catalog (default: the old one).")
  var new: String?

  @Option(help: "Compare OLD's prices in force on this day (default: its newest prices).")
  var from: String?

  @Option(help: "Compare NEW's prices in force on this day (default: its newest prices).")
  var to: String?

  @Option(name: .long, help: "The scenarios/ library folder (default: found from the current folder).")
  var scenarios: String?

  func validate() throws {
    for (name, value) in [("--from", from), ("--to", to)] {
      if let value, CalendarDay(iso: value) == nil {
        throw ValidationError("\(name) must look like 2026-12-01; got '\(value)'.")
      }
    }
    if new == nil && from == nil && to == nil {
      throw ValidationError("Please give a second catalog, or --from and --to days to compare one catalog's prices.")
    }
  }

  func run() throws {
    let a = try catalog(old)
    let b = try new.map(catalog) ?? a
    let diff = CatalogDiff(
      old: a, on: from.flatMap(CalendarDay.init(iso:)), new: b, on: to.flatMap(CalendarDay.init(iso:)))
    print(diff.lines.joined(separator: "\n"))
  }

  /// A catalog file when `name` is one, else a piece of the scenarios/ library.
  private func catalog(_ name: String) throws -> ModelCatalog {
    if FileManager.default.fileExists(atPath: name) {
      return try Failure.report { () throws(DiagnosticsError) in
        try CatalogLoader.load(contentsOf: URL(fileURLWithPath: name), displayPath: name)
      }
    }
    let library = try Failure.report { () throws(DiagnosticsError) in try ScenarioLibrary.locate(explicit: scenarios) }
    return try Failure.report { () throws(DiagnosticsError) in try library.catalog(name) }
  }
}
