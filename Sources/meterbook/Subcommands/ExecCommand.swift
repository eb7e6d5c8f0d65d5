import ArgumentParser

/// `meterbook exec`: any console command lines on a workbook, for everything the other
/// headless subcommands do not spell out.
struct ExecCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "exec",
    abstract: "Run console commands on a workbook, separated by ';' (results on stdout, status on stderr).",
    discussion: """
      Examples:
        meterbook exec workbooks/pricing-whatif.yaml "run run-baseline; diff"
        meterbook exec workbooks/team-budgets.yaml "alerts; reprice openai/gpt-5 to openai/gpt-5-mini" --format json
      """)

  @Argument(help: "The workbook file.", completion: .file(extensions: ["yaml", "yml"]))
  var workbook: String

  @Argument(help: ArgumentHelp("Console commands, separated by ';'.", valueName: "commands"))
  var commands: String

  @OptionGroup var options: ConsoleOptions

  func run() throws {
    try ConsoleCommandRunner(workbook: workbook, options: options).run(commands)
  }
}
