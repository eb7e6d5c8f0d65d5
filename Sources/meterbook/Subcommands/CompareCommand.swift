import ArgumentParser

/// `meterbook compare`: the console's `compare`, headless.
struct CompareCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "compare",
    abstract: "Compare pricing plans side by side on the same calls (the REPL's compare, headless).",
    discussion: """
      Examples:
        meterbook compare workbooks/pricing-whatif.yaml --plans flat,usage,hybrid
        meterbook compare workbooks/pricing-whatif.yaml --plans flat,usage --set scenarios.baseline.customers=800 --format csv
      """)

  @Argument(help: "The workbook file.", completion: .file(extensions: ["yaml", "yml"]))
  var workbook: String

  @Option(help: ArgumentHelp("The plans to compare, the current one first.", valueName: "a,b,c"))
  var plans: String

  @Option(help: ArgumentHelp("The scenario (default: the workbook's main one).", valueName: "scenario"))
  var on: String?

  @OptionGroup var options: ConsoleOptions

  func run() throws {
    let names = plans.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    try ConsoleCommandRunner(workbook: workbook, options: options)
      .run(ConsoleCommandRunner.line(["compare"] + names + (on.map { ["on", $0] } ?? [])))
  }
}
