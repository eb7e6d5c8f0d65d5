import ArgumentParser

/// `meterbook report`: the console's `report`, headless.
struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Run one analyzer on a workbook's scenario (the REPL's report, headless).",
    discussion: """
      Examples:
        meterbook report summary workbooks/pricing-whatif.yaml
        meterbook report profitability workbooks/pricing-whatif.yaml --on baseline --format json
      """)

  @Argument(help: "The analyzer (summary, understanding, profitability, ...).")
  var analyzer: String

  @Argument(help: "The workbook file.", completion: .file(extensions: ["yaml", "yml"]))
  var workbook: String

  @Option(help: ArgumentHelp("The scenario (default: the workbook's main one).", valueName: "scenario"))
  var on: String?

  @OptionGroup var options: ConsoleOptions

  func run() throws {
    try ConsoleCommandRunner(workbook: workbook, options: options)
      .run(ConsoleCommandRunner.line(["report", analyzer] + (on.map { ["on", $0] } ?? [])))
  }
}
