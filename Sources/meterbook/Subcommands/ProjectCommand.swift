import ArgumentParser

/// `meterbook project`: the console's projection, headless.
struct ProjectCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "project",
    abstract: "Project the plans month by month over the workbook's horizon (the REPL's project, headless).",
    discussion: """
      Simulates each month, bills it under every plan, and evolves the customers (arrivals, churn, expansion, migrations) as the workbook's horizon: says; --months overrides its length.

      Examples:
        meterbook project workbooks/projection.yaml
        meterbook project workbooks/projection.yaml --months 24 --plans list,usage --format csv
      """)

  @Argument(help: "The workbook file.", completion: .file(extensions: ["yaml", "yml"]))
  var workbook: String

  @Option(help: "Months to project (default: the workbook's horizon).")
  var months: Int?

  @Option(help: "The plans to project, comma-separated (default: every plan).")
  var plans: String?

  @Option(name: .customLong("on"), help: "The scenario (default: the workbook's main scenario).")
  var scenario: String?

  @OptionGroup var options: ConsoleOptions

  func validate() throws {
    if let months, !(1...60).contains(months) { throw ValidationError("--months must be 1...60, not \(months)") }
  }

  func run() throws {
    let words =
      ["project"] + (months.map { [String($0)] } ?? []) + (plans.map { [$0] } ?? [])
      + (scenario.map { ["on", $0] } ?? [])
    try ConsoleCommandRunner(workbook: workbook, options: options).run(ConsoleCommandRunner.line(words))
  }
}
