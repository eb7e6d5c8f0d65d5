import ArgumentParser

/// `meterbook sweep`: the console's `sweep`, headless — one workbook value stepped over a
/// range, the headline figures at each step.
struct SweepCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sweep",
    abstract: "Step one workbook value over a range and show the figures at each step (the REPL's sweep, headless).",
    discussion: """
      Examples:
        meterbook sweep workbooks/pricing-whatif.yaml scenarios.baseline.customers 100 1000 --steps 10
        meterbook sweep workbooks/pricing-whatif.yaml scenarios.baseline.customers 200 400 --by 50 --show "AI cost,margin.flat" --format csv
      """)

  @Argument(help: "The workbook file.", completion: .file(extensions: ["yaml", "yml"]))
  var workbook: String

  @Argument(help: "The dotted path of the value to sweep.")
  var path: String

  @Argument(help: "The first value.")
  var from: String

  @Argument(help: "The last value.")
  var to: String

  @Option(help: "How many steps from FROM to TO.")
  var steps: Int?

  @Option(help: ArgumentHelp("The step size.", valueName: "step"))
  var by: String?

  @Option(help: ArgumentHelp("The scenario (default: the workbook's main one).", valueName: "scenario"))
  var on: String?

  @Option(help: ArgumentHelp("The figures to show.", valueName: "f,g"))
  var show: String?

  @OptionGroup var options: ConsoleOptions

  func validate() throws {
    if steps != nil && by != nil { throw ValidationError("give --steps or --by, not both") }
  }

  func run() throws {
    var words = ["sweep", path, from, to]
    if let steps { words += ["steps", String(steps)] }
    if let by { words += ["by", by] }
    if let on { words += ["on", on] }
    if let show { words += ["show", show] }
    try ConsoleCommandRunner(workbook: workbook, options: options).run(ConsoleCommandRunner.line(words))
  }
}
