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
    case .markdown(let m): return MarkdownWrap.lines(m, width: width)
    }
  }

  private func titled(_ title: String, _ lines: [String]) -> [String] {
    title.isEmpty ? lines : [palette.bold(title)] + lines
  }

  /// A box-drawn table; numeric columns right-aligned and never cut, text cells wrapped onto
  /// continuation lines, never truncated.
  ///
  /// When the table is wider than the renderer, `TableLayout` decides what gives way
  /// (headers, cents, low-priority columns, then the identifying cells' line length) and a
  /// line under the table names any hidden column. A table whose identifying columns cannot
  /// fit even wrapped is shown expanded, one record per block of `column: value` lines, as
  /// psql does.
  public func table(_ t: Table) -> [String] {
    let t = t.fit.recordsAsColumns ? t.recordsAsColumns : t
    guard let layout = TableLayout(t, width: width) else { return expanded(t) }
    let widths = layout.widths
    func line(_ l: String, _ m: String, _ r: String) -> String {
      l + widths.map { String(repeating: "─", count: $0 + 2) }.joined(separator: m) + r
    }
    func lines(_ cells: [[String]], header: Bool, row: [TableCell] = []) -> [String] {
      let height = cells.map(\.count).max() ?? 1
      return (0..<height).map { k in
        "│"
          + layout.columns.indices.map { i in
            let c = layout.columns[i]
            let text = k < cells[i].count ? cells[i][k] : ""
            let padded = t.numeric[c] ? padLeft(text, widths[i]) : pad(text, widths[i])
            let negative = !header && t.numeric[c] && text.hasPrefix("-")
            return " " + (header ? palette.bold(padded) : negative ? palette.negative(padded) : padded) + " "
          }.joined(separator: "│") + "│"
      }
    }
    var out = wrap(t.title, width: width, indent: 2).map(palette.bold)
    out.append(line("┌", "┬", "┐"))
    out.append(
      contentsOf: lines(
        layout.columns.indices.map { TableLayout.headerLines(t.columns[layout.columns[$0]], width: widths[$0]) },
        header: true))
    out.append(line("├", "┼", "┤"))
    for row in t.cells {
      let cells = layout.columns.indices.map { i -> [String] in
        let c = layout.columns[i]
        let text = TableLayout.text(row, c, whole: layout.wholeDollars)
        return t.numeric[c] ? [text] : wrapCell(text, width: widths[i])
      }
      out.append(contentsOf: lines(cells, header: false))
    }
    out.append(line("└", "┴", "┘"))
    if !layout.hidden.isEmpty {
      out.append(
        contentsOf: wrap(
          "hidden: \(layout.hidden.map { t.columns[$0] }.joined(separator: ", ")) — widen to \(layout.fullWidth) columns or use --format csv (mode csv in the REPL)",
          width: width, indent: 2))
    }
    return out
  }

  /// One block per row: `─[ 1 ]─` then `column │ value` lines, long values wrapped.
  func expanded(_ t: Table) -> [String] {
    let keyWidth = min(width / 2, t.columns.map(\.count).max() ?? 0)
    var out = t.title.isEmpty ? [] : [palette.bold(t.title)]
    for (n, r) in t.rows.enumerated() {
      let head = "─[ \(n + 1) ]"
      out.append(head + String(repeating: "─", count: max(0, min(width, 40) - head.count)))
      for (c, value) in r.enumerated() {
        let keys = c < t.columns.count ? wrapCell(t.columns[c], width: keyWidth) : [""]
        let values = wrapCell(value, width: max(8, width - keyWidth - 3))
        for k in 0..<max(keys.count, values.count) {
          out.append(
            pad(k < keys.count ? keys[k] : "", keyWidth) + " │ " + (k < values.count ? values[k] : ""))
        }
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
