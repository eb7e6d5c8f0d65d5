/// The REPL's commands: names, usage and one-line help.
///
/// The vocabulary of completion too.
public enum ConsoleCommand: String, CaseIterable, Sendable {
  case load, reload, cells, run, show, set, unset, rebalance, undo, snapshot, overrides, diff, report, compare, sweep,
    chart, reprice, project, invoice
  case alerts, export, save, seed, seeds, width
  case timer, mode, read, help, quit

  public var usage: String {
    switch self {
    case .load: "load FILE"
    case .reload: "reload"
    case .cells: "cells"
    case .run: "run [ID|all]"
    case .show: "show ID"
    case .set: "set PATH VALUE | set PATH=VALUE PATH=VALUE... | set PATH+ VALUE | set PATH-"
    case .unset: "unset PATH... | unset all"
    case .rebalance: "rebalance PATH SHARE"
    case .undo: "undo"
    case .snapshot: "snapshot [NAME]"
    case .overrides: "overrides"
    case .diff: "diff [A [B]] [on SCENARIO]"
    case .report: "report NAME [on SCENARIO]"
    case .compare: "compare [PLAN...] [on SCENARIO] | compare scenarios A B... [show FIGURES]"
    case .sweep: "sweep PATH FROM TO [steps N|by STEP] [and PATH FROM TO ...] [on SCENARIO] [show FIGURES]"
    case .chart: ChartQuery.usage
    case .reprice:
      "reprice MODEL to MODEL [share S] | reprice MODEL price INPUT OUTPUT | reprice [MODEL] as-of DATE [on SCENARIO]"
    case .project: "project [MONTHS] [PLAN...] [on SCENARIO]"
    case .invoice: "invoice CUSTOMER [PERIOD] [plan NAME] [on SCENARIO]"
    case .alerts: "alerts [FILE.jsonl] [on SCENARIO]"
    case .export: "export FILE [--format markdown|proposal|json|csv|focus|otlp]"
    case .save: "save NAME | save FILE.yaml"
    case .seed: "seed [N]"
    case .seeds: "seeds [N] [interval P]"
    case .width: "width [N|auto]"
    case .timer: "timer [on|off]"
    case .mode: "mode [text|markdown|csv|json]"
    case .read: "read FILE"
    case .help: "help [COMMAND]"
    case .quit: "quit"
    }
  }

  public var summary: String {
    switch self {
    case .load: "Open a workbook (runs nothing until you say run)."
    case .reload: "Re-read the workbook file (also one that failed to load); re-runs the cells that changed."
    case .cells: "List the workbook's cells with their ids and kinds."
    case .run: "Run one cell, or all cells (the default)."
    case .show: "Print a cell's last output again."
    case .set:
      "Change values by dotted path (plans, charges by index or id, shares, budgets...); several at once are checked together. PATH+ appends to a list, PATH- removes. Shows what moved; affected cells turn stale."
    case .unset: "Drop overrides (or all of them)."
    case .rebalance: "Set one share of a group that sums to 1; the others keep their proportions."
    case .undo: "Go back to the overrides before the last change."
    case .snapshot: "Name the current state (for diff), or list the snapshots."
    case .overrides: "List the overrides in effect, whether they are saved, and the snapshots."
    case .diff: "Headline figures of two states: the last two runs, snapshot A against now, or A against B."
    case .report: "Run an analyzer on a scenario (default: the workbook's main scenario)."
    case .compare:
      "Compare pricing plans side by side on the same calls (every plan when none is named), or scenarios side by side (figures, changes, top movers)."
    case .sweep:
      "Walk a value from FROM to TO and chart the figures at each point, e.g. sweep scenarios.baseline.customers 200 400; two values joined by 'and' make a grid."
    case .chart: "Chart a metric by one or two dimensions, e.g. chart cost by provider where tier = pro top 5."
    case .reprice:
      "What would these calls have cost on another model, at another price, or at the prices of another day? Same tokens, new bill."
    case .project:
      "Project the plans month by month over the workbook's horizon (or MONTHS): MRR, ARR, retention, cohorts, LTV, and where the plans' ranking crosses."
    case .invoice:
      "Preview a customer's invoice under a plan (the first by default): every line, the period's dates, subtotal and total; PERIOD is 2026-03 or a day."
    case .alerts: "Evaluate the workbook's budgets and alert rules; list the events or write them as JSON lines."
    case .export:
      "Write the outputs as markdown or JSON, the pricing proposal (a name with 'proposal' picks it), or the last run's calls as CSV, FOCUS or OTLP; atomically, with FILE.manifest.json beside it."
    case .save:
      "Write the workbook with the overrides written in as a new file beside it (STEM-NAME.yaml); never replaces a file."
    case .seed: "Set the workbook seed (same as set seed N); alone, print it."
    case .seeds:
      "Run every scenario under N seeds derived from the workbook seed and show each figure as its median with a band (interval 0.9 is P5-P95); seeds 1 gives single numbers again. Same as set seeds N."
    case .width: "Set the output width in columns, or follow the terminal (auto); alone, print it."
    case .timer: "Print how long each command took; alone, print whether it is on."
    case .mode: "Choose the output format; alone, print it."
    case .read: "Run the commands in a file, one per line."
    case .help: "List commands, or explain one."
    case .quit: "Leave Meterbook (Ctrl-D works too)."
    }
  }

  /// The command named `word` (also `exit` and `q` for quit, `?` for help).
  ///
  /// Every name
  /// also answers with a leading dot (`.mode`, `.run`, `.quit`), for hands used to sqlite's
  /// dot commands: all of them, so no one has to remember which.
  public init?(word: String) {
    let w = word.lowercased()
    if w.hasPrefix("."), w.count > 1, !w.dropFirst().hasPrefix(".") {
      self.init(word: String(w.dropFirst()))
      return
    }
    switch w {
    case "exit", "q": self = .quit
    case "?": self = .help
    default: self.init(rawValue: w)
    }
  }
}

/// Splits a command line into words: whitespace-separated, with "double" or 'single' quotes.
public func splitWords(_ line: String) -> [String] {
  var words: [String] = []
  var current = ""
  var quote: Character?
  var inWord = false
  for c in line {
    if let q = quote {
      if c == q { quote = nil } else { current.append(c) }
    } else if c == "\"" || c == "'" {
      quote = c
      inWord = true
    } else if c.isWhitespace {
      if inWord {
        words.append(current)
        current = ""
        inWord = false
      }
    } else {
      current.append(c)
      inWord = true
    }
  }
  if inWord { words.append(current) }
  return words
}
