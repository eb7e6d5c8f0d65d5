/// Renders reports for a terminal: width-aware, box-drawn tables, text charts.
public struct TextRenderer {
  public var width: Int
  public init(width: Int = 100) { self.width = max(40, width) }

  public func render(_ r: Report) -> String {
    var out: [String] = []
    out.append(r.title.uppercased())
    out.append(String(repeating: "═", count: min(width, r.title.count)))
    for (label, text) in [("Domain", r.domain), ("Problem", r.problem), ("Impact", r.impact),
                          ("Recommendation", r.recommendation), ("Outcome", r.outcome)] where !text.isEmpty {
      out.append(contentsOf: wrap("\(label): \(text)", width: width, indent: 2))
    }
    for block in r.blocks {
      out.append("")
      switch block {
      case .keyFigures(let figures):
        out.append(contentsOf: wrap(figures.map { "\($0.label) \($0.value)" }.joined(separator: " · "), width: width, indent: 0))
      case .table(let t): out.append(contentsOf: table(t))
      case .bars(let b):
        out.append(b.title)
        out.append(contentsOf: Charts.HorizontalBars.render(b, width: width))
      case .note(let n): out.append(contentsOf: wrap(n, width: width, indent: 0))
      case .markdown(let m): out.append(m)
      }
    }
    return out.joined(separator: "\n")
  }

  /// A box-drawn table; numeric columns right-aligned; long text cells truncated to fit.
  public func table(_ t: Table) -> [String] {
    var widths = t.columns.indices.map { c in max(t.columns[c].count, t.rows.map { $0[c].count }.max() ?? 0) }
    let overhead = 3 * widths.count + 1
    while widths.reduce(0, +) + overhead > width, let widest = widths.indices.filter({ !t.numeric[$0] }).max(by: { widths[$0] < widths[$1] }),
      widths[widest] > 6
    { widths[widest] -= 1 }
    func line(_ l: String, _ m: String, _ r: String) -> String {
      l + widths.map { String(repeating: "─", count: $0 + 2) }.joined(separator: m) + r
    }
    func row(_ cells: [String]) -> String {
      "│" + cells.indices.map { c in
        let text = truncate(cells[c], widths[c])
        return " " + (t.numeric[c] ? padLeft(text, widths[c]) : pad(text, widths[c])) + " "
      }.joined(separator: "│") + "│"
    }
    var out = t.title.isEmpty ? [] : [t.title]
    out.append(line("┌", "┬", "┐"))
    out.append(row(t.columns))
    out.append(line("├", "┼", "┤"))
    out.append(contentsOf: t.rows.map(row))
    out.append(line("└", "┴", "┘"))
    return out
  }
}

/// Greedy word wrap to `width` columns, continuation lines indented.
func wrap(_ text: String, width: Int, indent: Int) -> [String] {
  var lines: [String] = []
  var current = ""
  for word in text.split(separator: " ") {
    let candidate = current.isEmpty ? String(word) : current + " " + word
    if candidate.count > width && !current.isEmpty {
      lines.append(current)
      current = String(repeating: " ", count: indent) + word
    } else {
      current = candidate
    }
  }
  if !current.isEmpty { lines.append(current) }
  return lines
}
