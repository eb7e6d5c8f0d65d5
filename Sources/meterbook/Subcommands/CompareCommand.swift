import ArgumentParser
import Foundation
import MeterbookCore

/// `meterbook compare`: the console's `compare`, headless; on a usage CSV, the plans of a
/// plans file compared on the real calls without writing a workbook.
struct CompareCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "compare",
    abstract: "Compare pricing plans side by side on the same calls (the REPL's compare, headless).",
    discussion: """
      On a workbook, --plans names its plans. On a usage CSV (a .csv file, or with --map), --plans is a file holding plans: in workbook syntax (a workbook file works too; its plans are taken), optionally with customer_tiers: {CUSTOMER: TIER, "*": TIER}; the comparison is the one a workbook's compare cell prints on a data scenario.

      Examples:
        meterbook compare workbooks/pricing-whatif.yaml --plans flat,usage,hybrid
        meterbook compare workbooks/pricing-whatif.yaml --plans flat,usage --set scenarios.baseline.customers=800 --format csv
        meterbook compare spend_logs.csv --map litellm --plans plans.yaml
      """)

  @Argument(
    help: "The workbook file, or a usage CSV.", completion: .file(extensions: ["yaml", "yml", "csv"]))
  var workbook: String

  @Option(
    help: ArgumentHelp(
      "The plans to compare, the current one first; for a usage CSV, the file holding them.", valueName: "a,b,c|file"))
  var plans: String

  @Option(help: ArgumentHelp("The scenario (default: the workbook's main one).", valueName: "scenario"))
  var on: String?

  @Option(
    help: ArgumentHelp(ImportInput.mapHelp, valueName: "preset-or-file"),
    completion: .file(extensions: ["yaml", "yml"]))
  var map: String?

  @OptionGroup var options: ConsoleOptions

  /// Whether the argument is a usage CSV rather than a workbook.
  private var onUsage: Bool { map != nil || workbook.lowercased().hasSuffix(".csv") }

  func validate() throws {
    guard onUsage else { return }
    if on != nil { throw ValidationError("--on names a workbook's scenario; a usage CSV is its own scenario") }
    if !options.overrides.isEmpty {
      throw ValidationError("--set edits a workbook; on a usage CSV, edit the plans file")
    }
  }

  func run() throws {
    guard !onUsage else { return try compareOnUsage() }
    let names = plans.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    try ConsoleCommandRunner(workbook: workbook, options: options)
      .run(ConsoleCommandRunner.line(["compare"] + names + (on.map { ["on", $0] } ?? [])))
  }

  /// The plans file's plans compared on the CSV's calls, printed as the console prints a
  /// comparison; the import report goes to stderr.
  private func compareOnUsage() throws {
    let (session, data) = try UsagePlans(file: workbook, map: map, plans: plans, scenarios: options.scenarios).session()
    Terminal.error(data.summary.description)
    if let kept = data.keptAsSums { Terminal.error(kept) }
    Interrupt.install(exitUnlessPolled: true)
    let report: Report
    do {
      report = try Interrupt.polling { try session.run(isCancelled: { Interrupt.requested }) }[0].report
    } catch is CancellationError {
      throw Failure.cancelled
    } catch {
      throw Failure.message("\(error)")
    }
    let format = options.format ?? (Terminal.stdoutIsTerminal ? .text : .markdown)
    let console = Console(width: options.width ?? (format == .text ? Terminal.width : 80))
    console.mode = format.mode
    if format == .text { console.palette = .terminal }
    print(console.render(report))
  }
}

/// A usage CSV and a plans file read as a one-scenario workbook (`compare FILE.csv --plans`,
/// `analyze FILE.csv --plans`).
struct UsagePlans {
  var file: String
  var map: String?
  var plans: String
  var scenarios: String?

  /// The session, and the import the data scenario made (for its report).
  func session() throws -> (WorkbookSession, UsageData) {
    try Failure.report { () throws(DiagnosticsError) in
      let library = try ScenarioLibrary.locate(explicit: scenarios)
      let loader = WorkbookLoader(library: library)
      let source = try YAMLSource(contentsOf: URL(fileURLWithPath: plans), displayPath: plans)
      let workbook = try loader.load(usage: file, map: map, plans: source)
      let session = WorkbookSession(loader: loader, workbook: workbook, source: source)
      guard let data = workbook.scenarios.first?.data else {
        throw DiagnosticsError(source.diagnostic(at: nil, "no usage data was read"))
      }
      return (session, data)
    }
  }
}
