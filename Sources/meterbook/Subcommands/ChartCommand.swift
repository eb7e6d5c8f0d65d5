import ArgumentParser
import MeterbookCore

/// `meterbook chart`: the console's chart builder, headless; the chart words are the REPL's.
struct ChartCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "chart",
    abstract: "Chart a metric by one or two dimensions (the REPL's chart, headless).",
    discussion: """
      The words after the workbook are the REPL's: \(ChartQuery.usage.dropFirst("chart ".count)).

      Examples:
        meterbook chart workbooks/pricing-whatif.yaml cost by tier
        meterbook chart workbooks/pricing-whatif.yaml cost by provider, model top 5 as table --format csv
        meterbook chart workbooks/pricing-whatif.yaml revenue, margin by archetype for tiered
      """)

  @Argument(help: "The workbook file.", completion: .file(extensions: ["yaml", "yml"]))
  var workbook: String

  @Argument(help: ArgumentHelp("The chart: METRIC by DIM [...].", valueName: "chart words"))
  var words: [String]

  @OptionGroup var options: ConsoleOptions

  func run() throws {
    try ConsoleCommandRunner(workbook: workbook, options: options).run(ConsoleCommandRunner.line(["chart"] + words))
  }
}
