import Foundation

/// The REPL's brain: it interprets command lines against a workbook session and returns
/// text.
///
/// It never touches the terminal; the executable reads lines and prints results, and
/// tests drive it directly or through piped stdin.
public final class Console {
  /// How results are printed.
  public enum Mode: String, CaseIterable, Sendable { case text, markdown, csv, json }

  /// The result of one command line, on two channels: `output` is the result itself (a
  /// table, a chart, a value asked for), `status` says what happened (`loaded …`, `mode csv`,
  /// `changed: …; re-ran …`, `wrote …`, the timer).
  ///
  /// A script's stdout must hold only
  /// results, so `-c`, piped input and the headless subcommands print status on stderr; the
  /// interactive REPL prints both. A failed command's error is in `output`, with `ok` false.
  public struct Result: Sendable, Equatable {
    public var output: String
    public var status: String
    public var ok: Bool
    public var quit: Bool
    public init(output: String = "", status: String = "", ok: Bool = true, quit: Bool = false) {
      self.output = output
      self.status = status
      self.ok = ok
      self.quit = quit
    }
    static func error(_ s: String) -> Result { Result(output: "error: " + s, ok: false) }
    static func status(_ s: String) -> Result { Result(status: s) }
  }

  public private(set) var session: WorkbookSession?
  public var width: Int
  /// `width auto`: the executable sets `width` to the terminal's before each command.
  public var autoWidth = false
  /// The terminal's current width, read under `width auto` as each report is rendered.
  ///
  /// Set by the executable, which owns the terminal; a window resized while a command ran
  /// gets its output at the new width.
  public var terminalWidth: (() -> Int)?
  /// Whether statuses and one-line errors wrap at word boundaries to `width`: on for a person
  /// at a terminal, off for scripts, whose lines other programs read whole.
  public var wrapsMessages = false
  public var mode: Mode = .text
  public var timer = false
  /// Colors for text mode (plain unless the executable passes terminal colors).
  public var palette: Palette = .plain
  /// Last output of each cell, by id, for `show` and `export`.
  public private(set) var outputs: [String: CellOutput] = [:]
  private var order: [String] = []
  /// Headline figures of each scenario run, newest last, for `diff`.
  var history: [(label: String, figures: SeededFigures)] = []
  /// Undo stack, snapshots, saved state and stale cells of the what-if loop.
  var whatIf = WhatIfState()
  /// A workbook file that did not load: `reload` (or saving the file) tries it again.
  private var pending: (url: URL, path: String)?
  /// Whether `quit` with unsaved overrides asks to be repeated (the interactive REPL).
  public var confirmsQuit = false
  private var quitWarned = false
  /// The file a failing `load` tried, kept past the command's rollback.
  private var failedLoad: (url: URL, path: String)?
  /// The scenario the last `run` showed: what `export FILE.csv` writes (its calls are
  /// generated then if no report has read them yet).
  private var lastRun: Scenario?
  private var fileStamp: Date?
  private let libraryPath: String?
  private var readDepth = 0

  public init(width: Int = 100, libraryPath: String? = nil) {
    self.width = width
    self.libraryPath = libraryPath
  }

  // MARK: Entry points

  /// Runs one command line.
  public func execute(_ line: String, isCancelled: @escaping @Sendable () -> Bool = { false }) -> Result {
    let words = splitWords(line)
    guard let first = words.first else { return Result(output: "") }
    if first.hasPrefix("#") { return Result(output: "") }
    guard let command = ConsoleCommand(word: first) else {
      let near = Suggestion.nearest(to: first, in: ConsoleCommand.allCases.map(\.rawValue))
      return .error(
        "unknown command '\(first)'" + (near.map { "; did you mean '\($0)'?" } ?? "; type help for the list"))
    }
    let args = Array(words.dropFirst())
    let clock = ContinuousClock()
    var result = Result(output: "")
    let saved = checkpoint()
    session?.forgetSimulated()
    let elapsed = clock.measure {
      do {
        result = try perform(command, args, rest: restOfLine(line), isCancelled: isCancelled)
      } catch is CancellationError, IOError.cancelled {
        result = .error("cancelled; nothing changed")
      } catch let e as DiagnosticsError {
        result = Result(output: e.description, ok: false)
      } catch {
        result = .error("\(error)")
      }
      // `read` runs a script whose lines are commands of their own, each all-or-nothing; the
      // lines before a failing one keep their effect, as in a shell script.
      if !result.ok && command != .read {
        restore(saved)
        // A workbook that does not load still becomes the file `reload` retries, when no
        // other workbook is open.
        if command == .load, session == nil, let failed = failedLoad {
          (pending, fileStamp) = (failed, modificationDate(failed.url))
        }
      }
      failedLoad = nil
    }
    if timer && command != .timer {
      let ms = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
      result.status += (result.status.isEmpty ? "" : "\n") + "(\(Format.fixed(ms, places: 1)) ms)"
    }
    return wrapsMessages && mode == .text ? result.wrappingMessages(to: width) : result
  }

  /// Opens the workbook at `path` with `overrides` in effect from the start, as if loaded
  /// and then `set`, without the intermediate reload (the headless subcommands' `--set`).
  ///
  /// Errors come back located, as from `load`.
  public func open(_ path: String, overrides: [Override]) -> Result {
    do {
      return try load(path, overrides: overrides)
    } catch let e as DiagnosticsError {
      return Result(output: e.description, ok: false)
    } catch {
      return .error("\(error)")
    }
  }

  /// The console's state before a command: a command that fails or is cancelled restores
  /// it, so it either completes or leaves the session exactly as it was.
  private struct Checkpoint {
    var session: WorkbookSession?
    var sessionState: WorkbookSession.Checkpoint?
    var outputs: [String: CellOutput]
    var order: [String]
    var history: [(label: String, figures: SeededFigures)]
    var lastRun: Scenario?
    var fileStamp: Date?
    var whatIf: WhatIfState
    var pending: (url: URL, path: String)?
    var width: Int
    var autoWidth: Bool
    var mode: Mode
    var timer: Bool
  }

  private func checkpoint() -> Checkpoint {
    Checkpoint(
      session: session, sessionState: session?.checkpoint(), outputs: outputs, order: order, history: history,
      lastRun: lastRun, fileStamp: fileStamp, whatIf: whatIf, pending: pending, width: width, autoWidth: autoWidth,
      mode: mode, timer: timer)
  }

  private func restore(_ c: Checkpoint) {
    session = c.session
    if let state = c.sessionState { c.session?.restore(state) }
    (outputs, order, history, lastRun, fileStamp) = (c.outputs, c.order, c.history, c.lastRun, c.fileStamp)
    (whatIf, pending) = (c.whatIf, c.pending)
    (width, autoWidth, mode, timer) = (c.width, c.autoWidth, c.mode, c.timer)
  }

  /// When the workbook file changed on disk since it was read, reloads it and re-runs the
  /// affected cells; a file that no longer validates keeps the last good state.
  public func reloadIfChanged(isCancelled: @escaping @Sendable () -> Bool = { false }) -> Result? {
    if let pending, let now = modificationDate(pending.url), now != fileStamp {
      fileStamp = now
      let r = execute("load \"\(pending.path)\"")
      return Result(
        output: r.output, status: "workbook changed on disk" + (r.status.isEmpty ? "" : "; " + r.status), ok: r.ok)
    }
    guard let session, let url = session.url, let stamp = fileStamp, let now = modificationDate(url), now != stamp
    else {
      return nil
    }
    fileStamp = now
    do {
      let change = try session.reloadFromDisk()
      let (head, text) = try rerun(change, isCancelled: isCancelled)
      return Result(output: text, status: "workbook changed on disk; " + head)
    } catch let e as DiagnosticsError {
      return Result(
        output: "workbook changed on disk but does not validate; keeping the last good version:\n" + e.description,
        ok: false)
    } catch {
      return .error("\(error)")
    }
  }

  // MARK: Commands

  private func perform(
    _ command: ConsoleCommand, _ args: [String], rest: String, isCancelled: @escaping @Sendable () -> Bool
  ) throws -> Result {
    if let result = try performWithoutWorkbook(command, args, isCancelled: isCancelled) { return result }
    if command == .reload, session == nil, let pending { return try load(pending.path) }
    guard let session else {
      if let pending {
        return .error("\(pending.path) did not load; fix it and type reload (or load another workbook)")
      }
      return .error("no workbook loaded; use: load workbooks/pricing-whatif.yaml")
    }
    return try perform(command, args, rest: rest, on: session, isCancelled: isCancelled)
  }

  /// The commands that need no workbook (help, quit, load, width, timer, mode, read); `nil` for
  /// every other command.
  private func performWithoutWorkbook(
    _ command: ConsoleCommand, _ args: [String], isCancelled: @escaping @Sendable () -> Bool
  ) throws -> Result? {
    switch command {
    case .help: return Result(output: help(args.first))
    case .quit: return quitCommand()
    case .load:
      guard let path = args.first else { return .error("usage: \(command.usage)") }
      return try load(path)
    case .width: return widthCommand(args)
    case .timer:
      guard let v = args.first else { return Result(output: "timer \(timer ? "on" : "off")") }
      guard v == "on" || v == "off" else { return .error("usage: timer on|off") }
      timer = v == "on"
      return .status("timer \(v)")
    case .mode:
      guard let arg = args.first else { return Result(output: "mode \(mode.rawValue)") }
      guard let m = Mode(rawValue: arg) else { return .error("usage: \(command.usage)") }
      mode = m
      return .status("mode \(m.rawValue)")
    case .read:
      guard let path = args.first else { return .error("usage: \(command.usage)") }
      return try read(path, isCancelled: isCancelled)
    default: return nil
    }
  }

  /// The commands that work on the loaded workbook.
  private func perform(
    _ command: ConsoleCommand, _ args: [String], rest: String, on session: WorkbookSession,
    isCancelled: @escaping @Sendable () -> Bool
  ) throws -> Result {
    switch command {
    case .reload:
      let change = try session.reloadFromDisk()
      fileStamp = session.url.flatMap(modificationDate)
      let (head, text) = try rerun(change, isCancelled: isCancelled)
      return Result(output: text, status: "reloaded; " + head)
    case .cells: return cellsCommand(session)
    case .run: return try runCommand(args, session, isCancelled: isCancelled)
    case .show: return showCommand(args, session)
    case .set: return try setCommand(args, rest: rest, isCancelled: isCancelled)
    case .unset: return try unsetCommand(args, isCancelled: isCancelled)
    case .rebalance: return try rebalanceCommand(args, isCancelled: isCancelled)
    case .undo: return try undoCommand(isCancelled: isCancelled)
    case .seed:
      guard let n = args.first else { return Result(output: "seed \(session.workbook.seed)") }
      guard UInt64(n) != nil else { return .error("usage: seed N") }
      return try change(
        to: merging([Override(path: ["seed"], value: n)], into: session.workbook.overrides), isCancelled: isCancelled)
    case .seeds: return try seedsCommand(args, session, isCancelled: isCancelled)
    case .overrides: return overridesCommand()
    case .snapshot: return snapshotCommand(args)
    case .diff: return try diffCommand(args, isCancelled: isCancelled)
    case .report: return try reportCommand(args, isCancelled: isCancelled)
    case .compare: return try compareCommand(args, session, isCancelled: isCancelled)
    case .sweep: return try sweep(args, isCancelled: isCancelled)
    case .chart:
      let (query, scenario) = try ChartQuery.parse(args.joined(separator: " "))
      if let scenario, session.workbook.scenario(scenario) == nil { return .error("unknown scenario '\(scenario)'") }
      do {
        return try adHoc(
          Cell(id: "chart", kind: .chart(query, scenario: scenario), location: .init(file: "repl", line: 1, column: 1)),
          isCancelled: isCancelled)
      } catch let error as ChartError {
        return .error(error.located(in: (["chart"] + args).joined(separator: " ")))
      }
    case .reprice: return try repriceCommand(args, isCancelled: isCancelled)
    case .project: return try projectCommand(args, isCancelled: isCancelled)
    case .alerts: return try alertsCommand(args, session, isCancelled: isCancelled)
    case .invoice: return try invoiceCommand(args, session, isCancelled: isCancelled)
    case .export:
      guard let path = args.first else { return .error("usage: \(command.usage)") }
      var format = ExportFormat.guess(path)
      if let i = args.firstIndex(of: "--format"), i + 1 < args.count { format = args[i + 1] }
      return try export(path, format: format, isCancelled: isCancelled)
    case .save: return try saveCommand(args)
    default:
      return .error("unsupported command")
    }
  }

  /// `quit`: the first one with unsaved overrides (when the console confirms) only warns.
  private func quitCommand() -> Result {
    if confirmsQuit && hasUnsavedOverrides && !quitWarned {
      quitWarned = true
      let n = session?.workbook.overrides.count ?? 0
      return .error(
        "\(n) unsaved override\(n == 1 ? "" : "s") (see overrides); save NAME keeps them in a new workbook, quit again to leave without saving"
      )
    }
    return Result(
      status: hasUnsavedOverrides ? "leaving \(session?.workbook.overrides.count ?? 0) unsaved override(s)" : "",
      quit: true)
  }

  /// `width [N | auto]`: prints the width, or sets it.
  private func widthCommand(_ args: [String]) -> Result {
    guard let arg = args.first else { return Result(output: autoWidth ? "width auto (\(width))" : "width \(width)") }
    if arg == "auto" {
      autoWidth = true
      return .status("width auto")
    }
    guard let n = Int(arg), (40...400).contains(n) else { return .error("usage: width N (40-400) | width auto") }
    (width, autoWidth) = (n, false)
    return .status("width \(n)")
  }

  /// `cells`: the workbook's cells, their kinds and whether each has run (or is stale).
  private func cellsCommand(_ session: WorkbookSession) -> Result {
    let rows = session.workbook.cells.map { c in
      [c.id, kindName(c.kind), outputs[c.id] == nil ? "" : whatIf.stale.contains(c.id) ? "stale" : "✓"]
    }
    return Result(
      output: render(
        Report(
          title: "",
          blocks: [
            .table(
              Table(
                title: "Cells of \(session.workbook.title)", columns: ["id", "kind", "run"],
                numeric: [false, false, false], rows: rows))
          ])))
  }

  /// `run [CELL | all]`.
  private func runCommand(_ args: [String], _ session: WorkbookSession, isCancelled: @escaping @Sendable () -> Bool)
    throws -> Result
  {
    let target = args.first ?? "all"
    if target == "all" { return Result(output: try runCells(session.workbook.cells, isCancelled: isCancelled)) }
    guard let cell = session.workbook.cell(target) else {
      return .error(
        "unknown cell '\(target)'"
          + (Suggestion.nearest(to: target, in: session.workbook.cells.map(\.id)).map { "; did you mean '\($0)'?" }
            ?? "; type cells for the list"))
    }
    return Result(output: try runCells([cell], isCancelled: isCancelled))
  }

  /// `show CELL`: a cell's last output, flagged when its inputs changed since.
  private func showCommand(_ args: [String], _ session: WorkbookSession) -> Result {
    guard let id = args.first else { return .error("usage: \(ConsoleCommand.show.usage)") }
    guard let out = outputs[id] else {
      return .error(
        session.workbook.cell(id) == nil ? "unknown cell '\(id)'" : "cell '\(id)' has not run yet; run \(id)")
    }
    let note = whatIf.stale.contains(id) ? "(stale: its inputs changed since it ran; run \(id) to refresh)\n" : ""
    return Result(output: note + render(out.report))
  }

  /// `report ANALYZER [on SCENARIO]`: one analyzer's report as an ad-hoc cell.
  private func reportCommand(_ args: [String], isCancelled: @escaping @Sendable () -> Bool) throws -> Result {
    guard let name = args.first else {
      return .error(
        "usage: \(ConsoleCommand.report.usage); analyzers: \(AnalyzerName.allCases.map(\.rawValue).joined(separator: ", "))"
      )
    }
    guard AnalyzerName(rawValue: name) != nil else {
      let names = AnalyzerName.allCases.map(\.rawValue)
      return .error(
        "unknown analyzer '\(name)'; expected one of: \(names.joined(separator: ", "))"
          + (Suggestion.nearest(to: name, in: names).map { "; did you mean '\($0)'?" } ?? ""))
    }
    let scenario = try scenarioArgument(args.dropFirst())
    return try adHoc(
      Cell(
        id: "report", kind: .report(analyzer: name, scenario: scenario),
        location: .init(file: "repl", line: 1, column: 1)), isCancelled: isCancelled)
  }

  /// `compare [PLAN…] [on SCENARIO]` (or `compare scenarios …`).
  private func compareCommand(
    _ args: [String], _ session: WorkbookSession, isCancelled: @escaping @Sendable () -> Bool
  ) throws -> Result {
    if args.first == "scenarios" { return try compareScenarios(Array(args.dropFirst()), isCancelled: isCancelled) }
    let (words, scenario) = try splitOn(args)
    // No plan named: every plan of the workbook, in its order (the first is the current one).
    let named = words.flatMap { $0.split(separator: ",").map(String.init) }
    let plans = named.isEmpty ? session.workbook.plans.map(\.name) : named
    guard !plans.isEmpty else {
      return .error("the workbook has no plans to compare; add plans: to it, or compare scenarios A B")
    }
    for p in plans where session.workbook.plan(p) == nil {
      let names = session.workbook.plans.map(\.name)
      return .error(
        "unknown plan '\(p)'; expected one of: \(names.joined(separator: ", "))"
          + (Suggestion.nearest(to: p, in: names).map { "; did you mean '\($0)'?" } ?? ""))
    }
    return try adHoc(
      Cell(
        id: "compare", kind: .compare(plans: plans, scenario: scenario),
        location: .init(file: "repl", line: 1, column: 1)), isCancelled: isCancelled)
  }

  /// `reprice MODEL to OTHER [share S] | reprice MODEL price INPUT OUTPUT | reprice [MODEL] as-of DATE`,
  /// each `[on SCENARIO]`; `as-of DATE` (or `--as-of DATE`) also combines with `to`.
  private func repriceCommand(_ args: [String], isCancelled: @escaping @Sendable () -> Bool) throws -> Result {
    let usage = "usage: \(ConsoleCommand.reprice.usage)"
    var (words, scenario) = try splitOn(args)
    var asOf: CalendarDay?
    if let at = words.firstIndex(where: { $0 == "as-of" || $0 == "--as-of" }) {
      guard at + 1 < words.count, let day = CalendarDay(iso: words[at + 1]) else {
        return .error("as-of takes a date like 2026-11-01")
      }
      asOf = day
      words.removeSubrange(at...(at + 1))
    }
    var request = RepriceRequest(model: words.first, asOf: asOf)
    switch words.count > 1 ? words[1] : nil {
    case nil where asOf != nil: break
    case "to" where words.count >= 3:
      request.target = words[2]
      if words.count >= 5, words[3] == "share" {
        guard let s = Double(words[4]), (0...1).contains(s) else { return .error("share must be between 0 and 1") }
        request.share = s
      }
    case "price":
      guard words.count >= 4, let i = try? Money(parsing: words[2]), let o = try? Money(parsing: words[3]) else {
        return .error("usage: reprice MODEL price INPUT OUTPUT (dollars per 1M tokens)")
      }
      (request.input, request.output) = (i, o)
    default: return .error(usage)
    }
    return try adHoc(
      Cell(
        id: "reprice", kind: .reprice(request, scenario: scenario), location: .init(file: "repl", line: 1, column: 1)),
      isCancelled: isCancelled)
  }

  /// `alerts [FILE] [on SCENARIO]`: the alert events of a scenario, as a table or JSON lines in FILE.
  private func alertsCommand(
    _ args: [String], _ session: WorkbookSession, isCancelled: @escaping @Sendable () -> Bool
  ) throws -> Result {
    let (words, scenario) = try splitOn(args)
    guard let name = scenario ?? session.defaultScenario else { return .error("the workbook has no scenario") }
    let r = try session.result(for: name, isCancelled: isCancelled)
    record(session)
    let evaluation = AlertEngine.evaluation(session.context(r))
    let events = evaluation.events
    if let file = words.first {
      try AtomicFile.write(AlertEngine.jsonLines(events), to: URL(fileURLWithPath: file))
      return .status("wrote \(events.count) alert event\(events.count == 1 ? "" : "s") to \(file)")
    }
    if events.isEmpty {
      return Result(
        output:
          "no alerts: \(session.workbook.budgets.count) budgets and \(session.workbook.alerts.count) rules evaluated")
    }
    return Result(output: render(evaluation.report(title: "Alerts on \(name)")))
  }

  // MARK: Helpers

  private func load(_ path: String, overrides: [Override] = []) throws -> Result {
    let url = URL(fileURLWithPath: path)
    failedLoad = (url, path)
    let library = try ScenarioLibrary.locate(explicit: libraryPath, near: [url])
    let source = try YAMLSource(contentsOf: url, displayPath: path)
    let s = try WorkbookSession(
      loader: WorkbookLoader(library: library), source: source, overrides: overrides, url: url)
    session = s
    outputs = [:]
    order = []
    whatIf = WhatIfState()
    (pending, failedLoad) = (nil, nil)
    fileStamp = modificationDate(url)
    let wb = s.workbook
    return .status(
      "loaded \(path): \(wb.title)\n\(wb.scenarios.count) scenario\(wb.scenarios.count == 1 ? "" : "s") (\(wb.scenarios.map(\.name).joined(separator: ", "))), \(wb.plans.count) plan\(wb.plans.count == 1 ? "" : "s"), \(wb.cells.count) cells; type run to run them"
        + s.workbook.importNotes.map { "\n" + $0 }.joined()
    )
  }

  private func read(_ path: String, isCancelled: @escaping @Sendable () -> Bool) throws -> Result {
    guard readDepth < 8 else { return .error("read files nest more than 8 deep") }
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return .error("cannot read '\(path)'") }
    readDepth += 1
    defer { readDepth -= 1 }
    var out: [String] = []
    var status: [String] = []
    for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let r = execute(String(line), isCancelled: isCancelled)
      if !r.output.isEmpty { out.append(r.output) }
      if !r.status.isEmpty { status.append(r.status) }
      if !r.ok {
        return Result(
          output: (out + ["\(path):\(n + 1): command failed: \(line)"]).joined(separator: "\n"),
          status: status.joined(separator: "\n"), ok: false)
      }
      if r.quit {
        return Result(output: out.joined(separator: "\n"), status: status.joined(separator: "\n"), quit: true)
      }
    }
    return Result(output: out.joined(separator: "\n"), status: status.joined(separator: "\n"))
  }

  /// Splits `words… on SCENARIO` into the words and the (checked) scenario name.
  func splitOn(_ args: [String]) throws -> ([String], String?) {
    guard let on = args.firstIndex(of: "on") else { return (args, nil) }
    return (Array(args[..<on]), try scenarioArgument(args[on...]))
  }

  func scenarioArgument(_ words: ArraySlice<String>) throws -> String? {
    guard let session else { return nil }
    guard !words.isEmpty else { return nil }
    guard words.first == "on", words.count == 2 else { throw ConsoleError("expected 'on SCENARIO' after the name") }
    let name = words[words.startIndex + 1]
    guard session.workbook.scenario(name) != nil else {
      let names = session.workbook.scenarios.map(\.name)
      throw ConsoleError(
        "unknown scenario '\(name)'; expected one of: \(names.joined(separator: ", "))"
          + (Suggestion.nearest(to: name, in: names).map { "; did you mean '\($0)'?" } ?? ""))
    }
    return name
  }

  func adHoc(_ cell: Cell, isCancelled: @escaping @Sendable () -> Bool) throws -> Result {
    guard let session else { return .error("no workbook loaded") }
    let report = try session.evaluate(cell, isCancelled: isCancelled)
    record(session)
    return Result(output: render(report))
  }

  /// Runs `cells` in order, remembering their outputs; returns the rendered text.
  func runCells(_ cells: [Cell], isCancelled: @escaping @Sendable () -> Bool) throws -> String {
    guard let session else { return "" }
    var texts: [String] = []
    for cell in cells {
      if isCancelled() { throw CancellationError() }
      let previous = order.compactMap { outputs[$0] }
      let out = CellOutput(cell: cell, report: try session.runCell(cell, previous: previous, isCancelled: isCancelled))
      if outputs[cell.id] == nil { order.append(cell.id) }
      outputs[cell.id] = out
      whatIf.stale.remove(cell.id)
      texts.append(render(out.report))
      if case .run(let scenario) = cell.kind {
        record(session)
        // The run a `run` cell shows is the one `export FILE.csv` writes, simulated now or not.
        lastRun = session.workbook.scenario(scenario)
      }
    }
    return texts.joined(separator: "\n\n")
  }

  /// Notes the headline figures of scenarios just simulated, for `diff`.
  func record(_ session: WorkbookSession) {
    for name in session.simulated.sorted() {
      if let scenario = session.workbook.scenario(name), let figures = try? session.figures(for: name) {
        history.append(
          (
            "\(name) (seed \(scenario.seed)\(session.workbook.overrides.isEmpty ? "" : ", " + session.workbook.overrides.map(\.description).joined(separator: ", ")))",
            figures
          ))
        lastRun = scenario
      }
    }
    // Each simulation enters the history once.
    session.forgetSimulated()
  }

  /// Re-runs the cells that ran before and depend on `change`; returns the status line
  /// (what changed, which cells re-ran) and the re-run cells' output.
  private func rerun(_ change: WorkbookSession.Change, isCancelled: @escaping @Sendable () -> Bool) throws -> (
    status: String, output: String
  ) {
    guard let session else { return ("", "") }
    if change.isEmpty { return ("nothing changed", "") }
    var what: [String] = []
    if !change.scenarios.isEmpty { what.append("scenarios " + change.scenarios.sorted().joined(separator: ", ")) }
    if !change.plans.isEmpty { what.append("plans " + change.plans.sorted().joined(separator: ", ")) }
    if change.cellsChanged { what.append("cells") }
    let affected = session.workbook.cells.filter { outputs[$0.id] != nil && change.affects($0) }
    let text = try runCells(affected, isCancelled: isCancelled)
    let head =
      "changed: \(what.joined(separator: "; ")); re-ran \(affected.count) cell\(affected.count == 1 ? "" : "s")"
      + (affected.isEmpty ? "" : " (\(affected.map(\.id).joined(separator: ", ")))")
    return (head, text)
  }

  private func export(_ path: String, format: String, isCancelled: @escaping @Sendable () -> Bool) throws -> Result {
    guard let session else { return .error("no workbook loaded") }
    let workbookInput = RunManifest.Input(
      role: "workbook", path: session.workbook.path, sha256: session.url.flatMap { Digest.sha256(fileAt: $0) } ?? "")
    let overrides = session.workbook.overrides.map(\.description)
    switch format {
    case "csv", "focus", "otlp":
      guard let scenario = lastRun else { return .error("no run to export yet; run a scenario first") }
      let last = try session.simulation(of: scenario, isCancelled: isCancelled)
      let recipe = RunManifest.Recipe(
        command: "simulate", format: format, workbook: session.workbook.path, scenario: last.scenario.name,
        overrides: overrides)
      let outcome = try RunManifest.export(
        to: path, recipe: recipe, catalog: last.scenario.catalog, inputs: [workbookInput] + session.workbook.dataInputs,
        rows: last.run.count,
        isCancelled: isCancelled
      ) { sink in
        try RunExport.write(
          last.run, format: format, catalog: last.scenario.catalog, to: sink, isCancelled: isCancelled)
      }
      return .status(
        "wrote \(Format.integer(last.run.count)) calls of \(last.scenario.name) as \(format) to \(path)"
          + Self.manifestNote(outcome))
    case "json", "markdown", "proposal":
      // An export never carries stale outputs: cells whose inputs changed run again first.
      let stale = session.workbook.cells.filter { whatIf.stale.contains($0.id) }
      _ = try runCells(stale, isCancelled: isCancelled)
      let text = try session.document(
        format: format, outputs: order.compactMap { outputs[$0] }, isCancelled: isCancelled)
      let recipe = RunManifest.Recipe(
        command: "export", format: format, workbook: session.workbook.path, overrides: overrides,
        options: ["cells": order.joined(separator: ",")])
      let outcome = try RunManifest.export(
        to: path, recipe: recipe, catalog: session.workbook.scenarios.first?.catalog,
        inputs: [workbookInput] + session.workbook.dataInputs,
        rows: order.count, isCancelled: isCancelled
      ) { sink in try sink.write(Array(text.utf8)) }
      return .status(
        (format == "proposal"
          ? "wrote the pricing proposal to \(path)"
          : "wrote \(order.count) cell output\(order.count == 1 ? "" : "s") to \(path)")
          + Self.manifestNote(outcome))
    default:
      return .error("unknown format '\(format)'; expected markdown, proposal, json, csv, focus or otlp")
    }
  }

  /// ` (+ manifest)`, or why no manifest was written (a device, a FIFO, standard output).
  private static func manifestNote(_ outcome: RunManifest.Outcome) -> String {
    outcome.manifestURL != nil ? " (+ manifest)" : outcome.note.map { "; " + $0 } ?? ""
  }

  /// Renders a report in the current mode.
  public func render(_ r: Report) -> String {
    if autoWidth, let terminalWidth { width = terminalWidth() }
    switch mode {
    case .text: return TextRenderer(width: width, palette: palette).render(r).trimmingCharacters(in: .newlines)
    case .markdown: return MarkdownRenderer(width: min(width, 100)).render(r).trimmingCharacters(in: .newlines)
    case .json:
      return JSONRenderer.render([
        CellOutput(
          cell: Cell(id: "result", kind: .markdown(""), location: .init(file: "", line: 1, column: 1)), report: r)
      ])
    case .csv: return CSVRenderer.render(r)
    }
  }

  private func help(_ topic: String?) -> String {
    if let topic {
      guard let c = ConsoleCommand(word: topic) else {
        return "unknown command '\(topic)'"
          + (Suggestion.nearest(to: topic, in: ConsoleCommand.allCases.map(\.rawValue)).map {
            "; did you mean '\($0)'?"
          } ?? "")
      }
      return HelpText.command(c, width: width)
    }
    return HelpText.commands(width: width)
  }

  private func kindName(_ k: Cell.Kind) -> String {
    switch k {
    case .markdown: "md"
    case .run(let s): "run \(s)"
    case .report(let a, let s): "report \(a)" + (s.map { " on \($0)" } ?? "")
    case .compare(let p, let s): "compare \(p.joined(separator: ", "))" + (s.map { " on \($0)" } ?? "")
    case .chart(let q, _): "chart \(q.metrics.joined(separator: ",")) by \(q.dimensions.joined(separator: ","))"
    case .whatIf(let b, let o, _): "whatif \(b ?? "") " + o.map(\.description).joined(separator: " ")
    case .reprice(let r, _):
      "reprice \(r.model ?? "every call")" + (r.target.map { " to \($0)" } ?? "")
        + (r.asOf.map { " at prices in force on \($0)" } ?? (r.target == nil ? " at a new price" : ""))
    case .export(let p, let f): "export \(p) (\(f))"
    case .compareScenarios(let names, _): "compare scenarios \(names.joined(separator: ", "))"
    case .project(let m, let p, _):
      "project" + (m.map { " \($0)" } ?? "") + (p.isEmpty ? "" : " " + p.joined(separator: " "))
    case .sweep(let r): "sweep " + r.axes.map(\.dottedPath).joined(separator: " and ")
    }
  }

  private func restOfLine(_ line: String) -> String {
    let t = line.trimmingCharacters(in: .whitespaces)
    guard let space = t.firstIndex(where: \.isWhitespace) else { return "" }
    return t[space...].trimmingCharacters(in: .whitespaces)
  }

  private func modificationDate(_ url: URL) -> Date? {
    (try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date
  }
}

/// A REPL usage problem, phrased for the user.
public struct ConsoleError: Error, CustomStringConvertible {
  public var description: String
  public init(_ d: String) { description = d }
}
