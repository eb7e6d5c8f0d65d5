import Foundation

/// Renders reports as GitHub-flavored markdown for a reader like a CFO: a heading, the
/// problem / impact / recommendation summary, pipe tables, and every chart as a fenced text
/// block; bar, share and line charts also get a mermaid block (`xychart-beta`, `pie`) that
/// GitHub and GitLab draw as graphics.
public struct MarkdownRenderer {
  public var width: Int
  public init(width: Int = 80) { self.width = width }

  public func render(_ r: Report) -> String {
    var copy = self
    copy.reportTitle = r.title
    return copy.body(r)
  }

  private var reportTitle = ""

  private func body(_ r: Report) -> String {
    var out: [String] = r.title.isEmpty ? [] : ["## \(r.title)", ""]
    let summary = [
      ("Domain", r.domain), ("Problem", r.problem), ("Impact", r.impact),
      ("Recommendation", r.recommendation), ("Projected outcome", r.outcome),
    ].filter { !$0.1.isEmpty }
    if !summary.isEmpty {
      out.append(contentsOf: summary.map { "- **\($0.0):** \(escape($0.1))" })
      out.append("")
    }
    let text = TextRenderer(width: width)
    for block in r.blocks {
      switch block {
      case .keyFigures(let f):
        out.append("| " + f.map { escape($0.label) }.joined(separator: " | ") + " |")
        out.append("|" + f.map { _ in "---:" }.joined(separator: "|") + "|")
        out.append(
          "| "
            + f.map { escape($0.value + ($0.spread.map { " (\($0.interval) \($0.range))" } ?? "")) }
            .joined(separator: " | ") + " |")
      case .table(let table):
        let t = table.fit.recordsAsColumns ? table.recordsAsColumns : table
        if !t.title.isEmpty {
          out.append("**\(escape(t.title))**")
          out.append("")
        }
        out.append("| " + t.columns.map(escape).joined(separator: " | ") + " |")
        out.append("|" + t.numeric.map { $0 ? "---:" : "---" }.joined(separator: "|") + "|")
        out.append(contentsOf: t.rows.map { "| " + $0.map(escape).joined(separator: " | ") + " |" })
      case .bars(let b):
        out.append(contentsOf: fenced(b.title, Charts.HorizontalBars.render(b, width: width)))
        out.append(contentsOf: mermaidBars(b))
      case .line(let l):
        out.append(contentsOf: fenced(l.title, Charts.Lines.render(l, width: width)))
        let mermaid = xyLines(l)
        if !mermaid.isEmpty { out.append(contentsOf: [""] + mermaid) }
      case .stacked, .grouped, .histogram, .tree:
        let title: String
        switch block {
        case .stacked(let c): title = c.title
        case .grouped(let c): title = c.title
        case .histogram(let c): title = c.title
        case .tree(let c): title = c.title
        default: title = ""
        }
        var lines = text.render(block)
        if !title.isEmpty { lines.removeFirst() }
        out.append(contentsOf: fenced(title, lines))
      case .heat(let h): out.append(contentsOf: heat(h))
      case .note(let n): out.append("> \(escape(n))")
      case .markdown(let m): out.append(m.trimmingCharacters(in: .newlines))
      }
      out.append("")
    }
    return out.joined(separator: "\n")
  }

  private func fenced(_ title: String, _ lines: [String]) -> [String] {
    (title.isEmpty || title == reportTitle ? [] : ["**\(escape(title))**", ""]) + ["```text"] + lines + ["```"]
  }

  private func quoted(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "'") + "\"" }

  /// A quoted `xychart-beta` category label.
  ///
  /// Mermaid's xychart grammar rejects an empty string (`x-axis ["a", ""]`), so a blank label
  /// is written as `(blank)`.
  private func category(_ s: String) -> String {
    quoted(s.trimmingCharacters(in: .whitespaces).isEmpty ? "(blank)" : s)
  }

  /// The `title` line of a mermaid chart, or none for an empty title.
  ///
  /// Mermaid's xychart grammar rejects `title ""`; a chart without a title is valid.
  private func titleLine(_ title: String) -> [String] {
    title.trimmingCharacters(in: .whitespaces).isEmpty ? [] : ["  title \(quoted(title))"]
  }

  /// A value as a mermaid number: plain decimal digits, never grouped, exponent or symbol.
  ///
  /// Callers drop non-finite values first (mermaid has no token for NaN or infinity);
  /// beyond `Format.fixed`'s range the value is written out in full instead of `>9e18`.
  private func number(_ v: Double) -> String {
    abs(v) < 9e18
      ? Format.fixed(v, places: 4).replacingOccurrences(of: ",", with: "") : String(format: "%.0f", v)
  }

  /// The mermaid block for a bar chart: a pie for shares, else horizontal bars.
  ///
  /// Items whose value is not finite are left out (the text chart above still shows them);
  /// with none left there is no mermaid block, since `bar []` does not parse.
  private func mermaidBars(_ chart: BarChart) -> [String] {
    var b = chart
    b.items = b.items.filter { $0.value.isFinite }
    guard !b.items.isEmpty else { return [] }
    return [""] + (b.isShare && b.items.allSatisfy({ $0.value >= 0 }) ? pie(b) : xyBars(b))
  }

  private func xyBars(_ b: BarChart) -> [String] {
    ["```mermaid", "xychart-beta horizontal"] + titleLine(b.title) + [
      "  x-axis [" + b.items.map { category($0.label) }.joined(separator: ", ") + "]",
      "  bar [" + b.items.map { number($0.value) }.joined(separator: ", ") + "]", "```",
    ]
  }

  private func pie(_ b: BarChart) -> [String] {
    ["```mermaid", "pie showData"] + titleLine(b.title)
      + b.items.map { "  \(quoted($0.label)) : \(number($0.value))" } + ["```"]
  }

  /// The most x categories a mermaid line chart gets; more are thinned (`LineChart.thinned`).
  static let mermaidPoints = 62

  /// The mermaid `xychart-beta` block for a line chart, or none when it has nothing to draw.
  ///
  /// Each line gets exactly one value per x category: mermaid lines cannot have gaps, so a
  /// missing or non-finite point carries the previous value over; before a series' first
  /// value it follows the first series (else its own first value); and a series without a single finite value is left out. No categories or
  /// no drawable series means no block, since `x-axis []` and `line []` do not parse.
  private func xyLines(_ chart: LineChart) -> [String] {
    let (l, note) = chart.thinned(to: Self.mermaidPoints)
    let series = l.series.map { s in s.values.map { v in v.flatMap { $0.isFinite ? $0 : nil } } }
      .filter { $0.contains { $0 != nil } }
    guard !l.labels.isEmpty, !series.isEmpty else { return [] }
    var out =
      ["```mermaid", "xychart-beta"] + titleLine(l.title + (note.map { " — \($0)" } ?? ""))
      + ["  x-axis [" + l.labels.map(category).joined(separator: ", ") + "]"]
    let lead = series[0]
    for values in series {
      var last = values.compactMap { $0 }.first ?? 0
      var started = false
      let points = l.labels.indices.map { i -> String in
        if i < values.count, let v = values[i] {
          (last, started) = (v, true)
        } else if !started, i < lead.count, let v = lead[i] {
          // A series that starts late (a forecast after the actuals) follows the first series
          // until it starts, rather than drawing its first value flat across the history.
          return number(v)
        }
        return number(last)
      }
      out.append("  line [" + points.joined(separator: ", ") + "]")
    }
    out.append("```")
    return out
  }

  /// A heat table as a plain pipe table (markdown has no shading); the best cell is bold.
  private func heat(_ h: HeatTable) -> [String] {
    var out = h.title.isEmpty ? [] : ["**\(escape(h.title))**", ""]
    out.append("| " + ([h.rowName + " \\ " + h.columnName] + h.columns).map(escape).joined(separator: " | ") + " |")
    out.append("|" + Array(repeating: "---:", count: h.columns.count + 1).joined(separator: "|") + "|")
    for (r, label) in h.rows.enumerated() {
      let cells = h.values[r].enumerated().map { c, v in
        h.best == HeatTable.Position(row: r, column: c) ? "**\(h.unit.format(v)) (best)**" : h.unit.format(v)
      }
      out.append("| " + ([escape(label)] + cells).joined(separator: " | ") + " |")
    }
    return out
  }

  private func escape(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }
}
