import ArgumentParser

/// `meterbook invoice`: the console's `invoice`, headless.
struct InvoiceCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "invoice",
    abstract: "Preview one customer's invoice: every line, the period's dates, subtotal and total.",
    discussion: """
      Examples:
        meterbook invoice workbooks/billing-engine.yaml cust_0007
        meterbook invoice workbooks/billing-engine.yaml cust_0007 --period 2026-02 --plan committed
      """)

  @Argument(help: "The workbook file.", completion: .file(extensions: ["yaml", "yml"]))
  var workbook: String

  @Argument(help: "The customer id (cust_0007).")
  var customer: String

  @Option(
    help: ArgumentHelp("The billing period: a month (2026-03) or a day in it (default: all).", valueName: "period"))
  var period: String?

  @Option(help: ArgumentHelp("The plan (default: the workbook's first).", valueName: "name"))
  var plan: String?

  @Option(help: ArgumentHelp("The scenario (default: the workbook's main one).", valueName: "scenario"))
  var on: String?

  @OptionGroup var options: ConsoleOptions

  func run() throws {
    try ConsoleCommandRunner(workbook: workbook, options: options)
      .run(
        ConsoleCommandRunner.line(
          ["invoice", customer] + (period.map { [$0] } ?? []) + (plan.map { ["plan", $0] } ?? [])
            + (on.map { ["on", $0] } ?? [])))
  }
}
