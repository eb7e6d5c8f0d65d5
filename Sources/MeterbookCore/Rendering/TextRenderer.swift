/// Renders reports for a terminal: width-aware, box-drawn tables, text charts, optional colors.
public struct TextRenderer {
  public var width: Int
  public var palette: Palette
  public init(width: Int = 100, palette: Palette = .plain) {
    self.width = max(40, width)
    self.palette = palette
  }

  public func render(_ r: Report) -> String {
    var out: [String] = []
    if !r.title.isEmpty {
      let lines = wrap(r.title.uppercased(), width: width, indent: 0)
      out.append(contentsOf: lines.map(palette.bold))
      out.append(String(repeating: "═", count: min(width, lines.map(\.count).max() ?? 0)))
    }
    for (label, text) in [
      ("Domain", r.domain), ("Problem", r.problem), ("Impact", r.impact),
      ("Recommendation", r.recommendation), ("Outcome", r.outcome),
    ] where !text.isEmpty {
      out.append(contentsOf: wrap("\(label): \(text)", width: width, indent: 2))
    }
    for block in r.blocks {
      if !out.isEmpty { out.append("") }
      var lines = render(block)
      // A chart titled like its report would repeat the heading.
      if let first = lines.first, !r.title.isEmpty, first == palette.bold(r.title), lines.count > 1 {
        lines.removeFirst()
      }
      out.append(contentsOf: lines)
    }
    return out.joined(separator: "\n")
  }

  /// One block's lines.
  public func render(_ block: ReportBlock) -> [String] {
    switch block {
    case .keyFigures(let figures):
      return wrap(
        figures.map { f in
          "\(f.label) \(palette.bold(f.value))" + (f.spread.map { " (\($0.interval) \($0.range))" } ?? "")
        }.joined(separator: " · "), width: width, indent: 0)
    case .table(let t): return table(t)
    case .bars(let b): return titled(b.title, Charts.HorizontalBars.render(b, width: width, palette: palette))
    case .stacked(let c): return titled(c.title, Charts.StackedBars.render(c, width: width, palette: palette))
    case .grouped(let c): return titled(c.title, Charts.GroupedBars.render(c, width: width, palette: palette))
    case .histogram(let h): return titled(h.title, Charts.Histogram.render(h, width: width, palette: palette))
    case .line(let l): return titled(l.title, Charts.Lines.render(l, width: width, palette: palette))
    case .tree(let t): return titled(t.title, Charts.Tree.render(t, width: width, palette: palette))
    case .heat(let h): return titled(h.title, Charts.Heat.render(h, width: width, palette: palette))
    case .note(let n): return wrap(n, width: width, indent: 0)
    case .markdown(let m): return [m.trimmingCharacters(in: .newlines)]
    }
  }

  private func titled(_ title: String, _ lines: [String]) -> [String] {
    title.isEmpty ? lines : [palette.bold(title)] + lines
  }

  /// A box-drawn table; numeric columns right-aligned and never cut; long text cells
  /// truncated with `…` to fit.
  ///
  /// A table too wide even then is shown expanded, one record per
  /// block of `column: value` lines, as psql does.
  public func table(_ t: Table) -> [String] {
    var widths = t.columns.indices.map { c in max(t.columns[c].count, t.rows.map { $0[c].count }.max() ?? 0) }
    // A numeric column may narrow to its widest value (its header is then cut); a text
    // column down to 8 characters.
    let floors = t.columns.indices.map { c in
      t.numeric[c] ? max(4, t.rows.map { $0[c].count }.max() ?? 0) : min(widths[c], 8)
    }
    let overhead = 3 * widths.count + 1
    while widths.reduce(0, +) + overhead > width,
      let widest = widths.indices.filter({ widths[$0] > floors[$0] }).max(by: {
        (widths[$0], t.numeric[$0] ? 1 : 0) < (widths[$1], t.numeric[$1] ? 1 : 0)
      })
    { widths[widest] -= 1 }
    if widths.reduce(0, +) + overhead > width { return expanded(t) }
    func line(_ l: String, _ m: String, _ r: String) -> String {
      l + widths.map { String(repeating: "─", count: $0 + 2) }.joined(separator: m) + r
    }
    func row(_ cells: [String], header: Bool = false) -> String {
      "│"
        + cells.indices.map { c in
          let text = truncate(cells[c], widths[c])
          let padded = t.numeric[c] ? padLeft(text, widths[c]) : pad(text, widths[c])
          let styled =
            header ? palette.bold(padded) : text.hasPrefix("-") && t.numeric[c] ? palette.negative(padded) : padded
          return " " + styled + " "
        }.joined(separator: "│") + "│"
    }
    var out = t.title.isEmpty ? [] : [palette.bold(t.title)]
    out.append(line("┌", "┬", "┐"))
    out.append(row(t.columns, header: true))
    out.append(line("├", "┼", "┤"))
    out.append(contentsOf: t.rows.map { row($0) })
    out.append(line("└", "┴", "┘"))
    return out
  }

  /// One block per row: `─[ 1 ]─` then `column │ value` lines.
  func expanded(_ t: Table) -> [String] {
    let keyWidth = min(width / 2, t.columns.map(\.count).max() ?? 0)
    var out = t.title.isEmpty ? [] : [palette.bold(t.title)]
    for (n, r) in t.rows.enumerated() {
      let head = "─[ \(n + 1) ]"
      out.append(head + String(repeating: "─", count: max(0, min(width, 40) - head.count)))
      for (c, value) in r.enumerated() {
        out.append(
          pad(truncate(t.columns[c], keyWidth), keyWidth) + " │ " + truncate(value, max(8, width - keyWidth - 3)))
      }
    }
    return out
  }
}

/// Greedy word wrap to `width` columns, continuation lines indented.
func wrap(_ text: String, width: Int, indent: Int) -> [String] {
  var lines: [String] = []
  var current = ""
  for word in text.split(separator: " ") {
    let candidate = current.isEmpty ? String(word) : current + " " + word
    if visibleCount(candidate) > width && !current.isEmpty {
      lines.append(current)
      current = String(repeating: " ", count: indent) + word
    } else {
      current = candidate
    }
  }
  if !current.isEmpty { lines.append(current) }
  return lines
}

/// Characters that take a column (ANSI escape sequences take none).
func visibleCount(_ s: String) -> Int {
  var n = 0
  var inEscape = false
  for c in s.unicodeScalars {
    if inEscape {
      if c == "m" { inEscape = false }
      continue
    }
    if c == "\u{1B}" {
      inEscape = true
      continue
    }
    n += 1
  }
  return n
}
