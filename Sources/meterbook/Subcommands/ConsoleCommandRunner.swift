import ArgumentParser
import MeterbookCore

/// The output formats of the headless console subcommands: the console's modes.
enum ConsoleFormat: String, ExpressibleByArgument, CaseIterable {
  case text, markdown, csv, json

  var mode: Console.Mode { Console.Mode(rawValue: rawValue) ?? .text }
}

/// The options every headless console subcommand shares (the workbook argument is each
/// command's own, since its position differs: `report ANALYZER WORKBOOK`).
struct ConsoleOptions: ParsableArguments {
  @Option(name: .customLong("set"), help: "Override a value by its dotted path (PATH=VALUE); repeatable.")
  var overrides: [String] = []

  @Option(help: "Output format: text, markdown, csv or json (default: text on a terminal, else markdown).")
  var format: ConsoleFormat?

  @Option(help: "Width for text output (default: the terminal's).")
  var width: Int?

  @Option(name: .long, help: "The scenarios/ library folder (default: found from the workbook).")
  var scenarios: String?

  @OptionGroup var seeds: SeedOptions
}

/// Runs console command lines without the REPL, for `compare`, `sweep`, `chart`, `report`
/// and `exec`: the subcommands only spell their arguments as the console line the REPL
/// would take, so the headless and interactive answers come from the same code.
///
/// Results go to stdout, status to stderr (see `ResultPrinter`); a failed command exits 1
/// with its error on stderr, Ctrl-C exits 130.
struct ConsoleCommandRunner {
  var workbook: String
  var options: ConsoleOptions

  /// Opens the workbook with the `--set` overrides, then runs `line` (commands separated
  /// by `;`).
  func run(_ line: String) throws {
    let overrides = try WorkbookInput.parse(options.overrides + options.seeds.overrides)
    let format = options.format ?? (Terminal.stdoutIsTerminal ? .text : .markdown)
    // Markdown and the data formats never depend on the terminal, so they reproduce byte for byte.
    let console = Console(
      width: options.width ?? (format == .text ? Terminal.width : 80), libraryPath: options.scenarios)
    console.mode = format.mode
    if format == .text { console.palette = .terminal }
    Interrupt.install(exitUnlessPolled: true)
    let printer = ResultPrinter.script
    let opened = console.open(workbook, overrides: overrides)
    printer.print(opened)
    guard opened.ok else { throw ExitCode(1) }
    let outcome = Interrupt.polling {
      console.executeEach(line, isCancelled: { Interrupt.requested }, emit: printer.print)
    }
    if Interrupt.requested { throw ExitCode(130) }
    if !outcome.ok { throw ExitCode(1) }
  }

  /// `words` as one console line, each quoted when it holds a space, a `;` or a quote, so
  /// an argument reaches the command as the one word it was on the shell's command line.
  static func line(_ words: [String]) -> String {
    words.map { w in
      guard w.isEmpty || w.contains(where: { $0.isWhitespace || $0 == ";" || $0 == "\"" || $0 == "'" }) else {
        return w
      }
      return w.contains("\"") ? "'" + w + "'" : "\"" + w + "\""
    }.joined(separator: " ")
  }
}
