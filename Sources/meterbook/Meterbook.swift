import ArgumentParser
import MeterbookCore

/// The `meterbook` command: a workbench for AI usage costs and usage-based revenue.
@main
struct Meterbook: ParsableCommand {
  static let version = MeterbookVersion.current

  /// Tunes the allocator, then parses the arguments and runs the command.
  static func main() {
    Allocator.tune()
    main(nil)
  }

  static let configuration = CommandConfiguration(
    commandName: "meterbook",
    abstract: "Simulate AI API traffic, analyze its cost, and compare pricing plans.",
    discussion: """
      Exit codes: 0 success; 1 invalid input (located errors on stderr); 64 usage error; 130 cancelled with Ctrl-C.

      Data goes to stdout, messages and errors to stderr. compare, sweep, chart, report, invoice and exec run the REPL's commands headless.
      """,
    version: version,
    subcommands: [
      Repl.self, RunWorkbook.self, CompareCommand.self, ProjectCommand.self, SweepCommand.self, ChartCommand.self,
      ReportCommand.self, InvoiceCommand.self,
      ExecCommand.self, Validate.self, Simulate.self, Analyze.self, Calibrate.self, Convert.self, Verify.self,
      CatalogCommand.self, Schema.self, Bench.self,
    ],
    defaultSubcommand: Repl.self
  )
}
