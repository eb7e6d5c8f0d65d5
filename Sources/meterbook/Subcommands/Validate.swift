import ArgumentParser
import Foundation
import MeterbookCore

/// `meterbook validate`: checks a workbook and prints `ok` or every located error.
struct Validate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Check a workbook: prints 'ok' or every error with file:line:column.",
    discussion: """
      Examples:
        meterbook validate workbooks/pricing-whatif.yaml
        meterbook validate workbooks/team-budgets.yaml --set scenarios.baseline.customers=800
      """)

  @Argument(help: "The workbook file.", completion: .file(extensions: ["yaml", "yml"]))
  var workbook: String

  @Option(name: .customLong("set"), help: "Override a value by its dotted path (PATH=VALUE); repeatable.")
  var overrides: [String] = []

  @Option(name: .long, help: "The scenarios/ library folder (default: found from the workbook).")
  var scenarios: String?

  func run() throws {
    _ = try WorkbookInput(path: workbook, overrides: overrides, scenarios: scenarios).session()
    print("ok")
  }
}

/// The arguments every workbook command shares, turned into a session.
struct WorkbookInput {
  var path: String
  var overrides: [String]
  var scenarios: String?

  /// The `--set PATH=VALUE` texts as overrides; a text without `=` is a usage error.
  static func parse(_ overrides: [String]) throws -> [Override] {
    try overrides.map { text in
      guard let o = Override(parsing: text) else {
        throw ValidationError(
          "--set expects PATH=VALUE (like plans.flat.fee.pro=129), PATH+=VALUE to append or PATH- to remove; got '\(text)'."
        )
      }
      return o
    }
  }

  /// The workbook's session; the import of each usage CSV its data scenarios read is reported
  /// on stderr, as `analyze` reports its import.
  func session() throws -> WorkbookSession {
    let parsed = try Self.parse(overrides)
    let url = URL(fileURLWithPath: path)
    let session = try Failure.report { () throws(DiagnosticsError) in
      let library = try ScenarioLibrary.locate(explicit: scenarios, near: [url])
      let source = try YAMLSource(contentsOf: url, displayPath: path)
      return try WorkbookSession(loader: WorkbookLoader(library: library), source: source, overrides: parsed)
    }
    for note in session.workbook.importNotes { Terminal.error(note) }
    return session
  }
}
