import ArgumentParser
import Foundation
import MeterbookCore

/// `meterbook [WORKBOOK]`: the interactive workbench (the default command).
struct Repl: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "repl",
    abstract: "Open the interactive workbench (the default when no command is given).",
    discussion: """
      Examples:
        meterbook workbooks/pricing-whatif.yaml
        meterbook -c "run; compare flat usage; export proposal.md" workbooks/pricing-whatif.yaml
        echo "run all" | meterbook workbooks/showcase-month.yaml

      With stdin not a terminal, commands are read line by line with no prompt, and the exit code is 1 if any command failed. With -c or piped input, stdout carries only results; status lines (loaded, mode, wrote, the timer) go to stderr. ';' separates commands on a line, except inside quotes. Type help inside for the commands.
      """)

  @Argument(help: "A workbook to load at start.", completion: .file(extensions: ["yaml", "yml"]))
  var workbook: String?

  @Option(
    name: .customShort("c"),
    help: ArgumentHelp("Run these commands (separated by ';') and exit.", valueName: "commands"))
  var commands: String?

  @Option(
    name: .customLong("set"), help: "Override a value by its dotted path (PATH=VALUE, PATH+=VALUE, PATH-); repeatable.")
  var overrides: [String] = []

  @Option(help: "Output width (default: follow the terminal's, as `width auto`).")
  var width: Int?

  @Option(name: .long, help: "The scenarios/ library folder (default: found from the workbook).")
  var scenarios: String?

  func run() throws {
    let console = Console(width: width ?? Terminal.width, libraryPath: scenarios)
    console.palette = .terminal
    console.autoWidth = width == nil
    console.terminalWidth = { WindowSize.width }
    let interactive = commands == nil && Terminal.stdinIsTerminal
    console.confirmsQuit = interactive
    console.wrapsMessages = interactive
    let printer: ResultPrinter = interactive ? .interactive : .script
    if let workbook {
      let parsed = try WorkbookInput.parse(overrides)
      let r = parsed.isEmpty ? console.execute("load \"\(workbook)\"") : console.open(workbook, overrides: parsed)
      printer.print(r)
      // Interactively, a workbook with errors still opens the REPL: fix the file, then reload.
      if !r.ok && !interactive { throw ExitCode(1) }
      if !r.ok {
        Terminal.error(
          Console.Result.wrapped(
            "fix the file and type reload (it reloads by itself when saved), or load another workbook",
            width: console.width))
      }
    }
    if let commands {
      if !console.executeEach(commands, prepare: { Self.followTerminal(console) }, emit: printer.print).ok {
        throw ExitCode(1)
      }
      return
    }
    if !interactive {
      var failed = false
      while let line = Swift.readLine() {
        let outcome = console.executeEach(line, prepare: { Self.followTerminal(console) }, emit: printer.print)
        failed = failed || !outcome.ok
        if outcome.quit { break }
      }
      if failed { throw ExitCode(1) }
      return
    }
    run(interactively: console)
  }

  /// Under `width auto` the width is the terminal's at the moment a command runs, so a
  /// resized window is followed without a command.
  static func followTerminal(_ console: Console) {
    if console.autoWidth { console.width = WindowSize.width }
  }

  /// The terminal loop: prompt, history, completion, Ctrl-C and Ctrl-D.
  ///
  /// No error leaves it.
  private func run(interactively console: Console) {
    let printer = ResultPrinter.interactive
    let history = Repl.historyURL
    let box = ConsoleBox(console)
    LineEditor.install { line in box.completions(line) }
    LineEditor.loadHistory(history, limit: 2_000)
    Interrupt.install()
    WindowSize.install()
    print(
      Console.Result.wrapped(
        "Meterbook \(Meterbook.version) — type help for commands, Tab to complete, Ctrl-D to quit.",
        width: console.width))
    while true {
      Interrupt.reset()
      if let r = console.reloadIfChanged(isCancelled: { Interrupt.requested }) { printer.print(r) }
      guard let line = LineEditor.readLine(prompt: "meterbook> ") else {
        if Interrupt.requested {
          print("^C")
          continue
        }
        print("")
        // Ctrl-D is quit: with unsaved overrides the first one warns.
        let r = console.execute("quit")
        printer.print(r)
        if r.quit { return }
        continue
      }
      LineEditor.remember(line, in: history, limit: 2_000)
      Interrupt.reset()
      let outcome = console.executeEach(
        line, isCancelled: { Interrupt.requested }, prepare: { Self.followTerminal(console) }, emit: printer.print)
      if outcome.quit { return }
    }
  }

  /// `$XDG_STATE_HOME/meterbook/history`, else `~/.local/state/meterbook/history`.
  static var historyURL: URL {
    let env = ProcessInfo.processInfo.environment
    let base =
      env["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
      ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".local/state")
    return base.appendingPathComponent("meterbook/history")
  }
}

/// Hands the console to libedit's completion callback.
///
/// The callback runs on the main
/// thread inside `readline`, the only thread that uses the console, so the unchecked
/// conformance states a fact rather than hides a race.
final class ConsoleBox: @unchecked Sendable {
  private let console: Console
  init(_ console: Console) { self.console = console }
  func completions(_ line: String) -> [String]? { Completer.candidates(for: line, in: console) }
}
