/// The REPL's `help`, wrapped to the output width at word boundaries.
///
/// `help` lists every command with its usage and summary; `help COMMAND` explains one, and
/// `help report` and `help chart` also list what they accept, read from the tables the
/// parser checks against (`AnalyzerName`, `ChartQuery.metrics`, `.dimensions`, `.types`), so
/// help and parser never disagree.
enum HelpText {
  /// Every command: usage in a left column, the summary wrapped beside it; a usage too long
  /// for the column gets its own lines and the summary below it.
  static func commands(width: Int) -> String {
    let column = min(ConsoleCommand.allCases.map(\.usage.count).max() ?? 0, max(16, width / 3))
    var lines = ["Commands:"]
    // Too narrow for two columns, every summary goes under its usage.
    let beside = width - column - 4 >= 36
    for c in ConsoleCommand.allCases {
      if !beside {
        lines.append(contentsOf: wrapped(c.usage, width: width, first: "  ", rest: "      "))
        lines.append(contentsOf: wrapped(c.summary, width: width, first: "      "))
      } else if c.usage.count <= column {
        let summary = wrap(c.summary, width: width - column - 4, indent: 0)
        for (i, text) in summary.enumerated() {
          lines.append("  " + pad(i == 0 ? c.usage : "", column) + "  " + text)
        }
      } else {
        lines.append(contentsOf: wrapped(c.usage, width: width, first: "  ", rest: "      "))
        lines.append(contentsOf: wrapped(c.summary, width: width, first: "  " + pad("", column) + "  "))
      }
    }
    lines.append(
      contentsOf: wrapped(
        "Every command also answers with a leading dot (.mode, .timer, .width, .help, .quit, .run, ...). ';' separates commands on one line (not inside quotes).",
        width: width))
    lines.append(
      contentsOf: wrapped(
        "Tab completes commands, cell ids, names and paths. Ctrl-R searches history. Ctrl-C cancels a run; Ctrl-D quits. help report and help chart list analyzers, metrics, dimensions and chart types.",
        width: width))
    return lines.joined(separator: "\n")
  }

  /// One command: its usage, its summary, and for `report` and `chart` what they accept.
  static func command(_ c: ConsoleCommand, width: Int) -> String {
    var lines = wrapped(c.usage, width: width, rest: "    ")
    lines.append(contentsOf: wrapped(c.summary, width: width, first: "  "))
    switch c {
    case .report:
      lines.append("Analyzers:")
      let column = AnalyzerName.allCases.map(\.rawValue.count).max() ?? 0
      for a in AnalyzerName.allCases {
        for (i, text) in wrap(a.summary, width: width - column - 4, indent: 0).enumerated() {
          lines.append("  " + pad(i == 0 ? a.rawValue : "", column) + "  " + text)
        }
      }
    case .chart:
      for (label, words) in [
        ("Metrics", ChartQuery.metrics), ("Dimensions", ChartQuery.dimensions), ("Types", ChartQuery.types),
      ] {
        lines.append(contentsOf: wrapped("\(label): " + words.joined(separator: ", "), width: width, rest: "  "))
      }
    default: break
    }
    return lines.joined(separator: "\n")
  }

  /// `text` wrapped at word boundaries, the first line after `first`, the others after `rest`.
  private static func wrapped(_ text: String, width: Int, first: String = "", rest: String? = nil) -> [String] {
    let rest = rest ?? first
    let room = max(20, width - max(first.count, rest.count))
    // A word longer than the room (a usage's list of formats) breaks after a separator.
    let lines = wrap(text, width: room, indent: 0).flatMap { wrapCell($0, width: room) }
    return lines.enumerated().map { ($0 == 0 ? first : rest) + $1 }
  }
}
