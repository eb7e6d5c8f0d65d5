extension Charts {
  /// A time-series line chart on a braille canvas: each character cell holds 2×4 dots.
  ///
  /// Y-axis ticks on the left, date labels below. With several series, each series carries
  /// its own marker glyph (● × ■ ○ ◆ + □ *) at its data points, at least `markerSpacing`
  /// columns apart, so the lines read without color (NO_COLOR, markdown, paper); the legend
  /// names every series with the glyph drawn. Colors, when the palette has them, come on top.
  public enum Lines {
    /// One marker per series, told apart by shape; `LineChart` keeps at most this many series.
    public static let markers: [Character] = ["●", "×", "■", "○", "◆", "+", "□", "*"]
    /// Points at a marked x position (`LineChart.marks`) from under the plot.
    static let pointer: Character = "▲"
    /// Columns between two markers of one series.
    static let markerSpacing = 4

    public static func render(_ chart: LineChart, width: Int, height: Int = 10, palette: Palette = .plain) -> [String] {
      // A value that is not a number (0/0, ∞) is a gap: as a row index it would trap.
      var chart = chart
      for k in chart.series.indices {
        chart.series[k].values = chart.series[k].values.map { $0.flatMap { $0.isFinite ? $0 : nil } }
      }
      let values = chart.series.flatMap { $0.values.compactMap { $0 } }
      guard let lo0 = values.min(), let hi0 = values.max(), !chart.labels.isEmpty else { return ["(no data)"] }
      let (lo, hi) = hi0 > lo0 ? (lo0, hi0) : (lo0 - 1, hi0 + 1)
      let ticks = [hi, (hi + lo) / 2, lo].map { chart.unit.short($0) }
      let axis = ticks.map(\.count).max() ?? 1
      let cols = max(8, width - axis - 2)
      let rows = max(3, height)
      let dotsX = cols * 2
      let dotsY = rows * 4
      var cells = [[UInt8]](repeating: [UInt8](repeating: 0, count: cols), count: rows)
      var owner = [[Int]](repeating: [Int](repeating: -1, count: cols), count: rows)
      let n = chart.labels.count
      func x(_ i: Int) -> Int { n == 1 ? dotsX / 2 : Int((Double(i) / Double(n - 1) * Double(dotsX - 1)).rounded()) }
      // Halves keep the span finite for any finite values (hi − lo can pass Double's range).
      func y(_ v: Double) -> Int { Int(((hi / 2 - v / 2) / (hi / 2 - lo / 2) * Double(dotsY - 1)).rounded()) }
      for (k, series) in chart.series.enumerated() {
        var previous: (Int, Int)?
        for (i, value) in series.values.enumerated() {
          guard let value else {
            previous = nil
            continue
          }
          let point = (x(i), y(value))
          for (px, py) in segment(from: previous ?? point, to: point) {
            let (cx, cy) = (px / 2, py / 4)
            if cx < cols, cy < rows, cx >= 0, cy >= 0 {
              cells[cy][cx] |= bit(px % 2, py % 4)
              owner[cy][cx] = k
            }
          }
          previous = point
        }
      }
      let marks = chart.series.count > 1 ? markerCells(chart, cols: cols, rows: rows, x: x, y: y) : [:]
      var lines: [String] = []
      for r in 0..<rows {
        let label = r == 0 ? ticks[0] : r == rows - 1 ? ticks[2] : r == rows / 2 ? ticks[1] : ""
        let tick = label.isEmpty ? "│" : "┤"
        var row = ""
        for c in 0..<cols {
          if let k = marks[r * cols + c] {
            row += palette.series(k, String(markers[k % markers.count]))
          } else {
            let ch = Self.braille(cells[r][c])
            row += owner[r][c] >= 0 ? palette.series(owner[r][c], ch) : ch
          }
        }
        lines.append(padLeft(label, axis) + " " + tick + row)
      }
      lines.append(String(repeating: " ", count: axis + 1) + "└" + String(repeating: "─", count: cols))
      let pointed = (chart.marks ?? []).filter { $0 >= 0 && $0 < n }
      if !pointed.isEmpty {
        var row = [Character](repeating: " ", count: cols)
        for i in pointed { row[min(cols - 1, x(i) / 2)] = Self.pointer }
        lines.append(String(repeating: " ", count: axis + 2) + palette.negative(String(row)))
      }
      lines.append(String(repeating: " ", count: axis + 2) + dateAxis(chart.labels, width: cols))
      var legend = chart.series.enumerated().map { k, s in
        chart.series.count > 1 ? palette.series(k, String(markers[k % markers.count])) + " " + s.name : s.name
      }
      if !pointed.isEmpty {
        legend.append(palette.negative(String(Self.pointer)) + " marked (\(pointed.count))")
      }
      lines.append(contentsOf: Charts.legend(legend, width: width))
      return lines
    }

    /// The cells (`row * cols + column`) that show a series' marker instead of braille dots.
    ///
    /// Each series marks its data points at least `markerSpacing` columns apart, starting at
    /// a per-series offset so that series with close values do not mark the same columns;
    /// a marker never covers another's. A series left with no marker (all its points under
    /// others') takes the first of its cells that is free or whose marker's series has another.
    static func markerCells(
      _ chart: LineChart, cols: Int, rows: Int, x: (Int) -> Int, y: (Double) -> Int
    ) -> [Int: Int] {
      var marks: [Int: Int] = [:]
      let count = chart.series.count
      var placedBy = [Int](repeating: 0, count: count)
      for (k, series) in chart.series.enumerated() {
        var last = k * markerSpacing / max(1, count) - markerSpacing
        var cellsOfSeries: [Int] = []
        for (i, value) in series.values.enumerated() {
          guard let value else { continue }
          let (cx, cy) = (x(i) / 2, y(value) / 4)
          guard cx >= 0, cx < cols, cy >= 0, cy < rows else { continue }
          let cell = cy * cols + cx
          cellsOfSeries.append(cell)
          guard cx - last >= markerSpacing, marks[cell] == nil else { continue }
          marks[cell] = k
          last = cx
          placedBy[k] += 1
        }
        // Take a cell that is free, or whose marker's series has others to spare.
        if placedBy[k] == 0,
          let cell = cellsOfSeries.first(where: { marks[$0].map { placedBy[$0] > 1 } ?? true })
            ?? cellsOfSeries.first
        {
          if let other = marks[cell] { placedBy[other] -= 1 }
          marks[cell] = k
          placedBy[k] += 1
        }
      }
      return marks
    }

    /// First, middle and last labels spread over `width` columns.
    static func dateAxis(_ labels: [String], width: Int) -> String {
      guard let first = labels.first, let last = labels.last else { return "" }
      if labels.count == 1 || first.count + last.count + 2 > width { return truncate(first, width) }
      let middle = labels[labels.count / 2]
      var line = Array(repeating: Character(" "), count: width)
      func place(_ s: String, at start: Int) {
        for (i, c) in s.enumerated() where start + i < width { line[start + i] = c }
      }
      place(first, at: 0)
      place(last, at: width - last.count)
      let mid = width / 2 - middle.count / 2
      if labels.count > 2, mid > first.count + 1, mid + middle.count < width - last.count - 1 { place(middle, at: mid) }
      return String(line)
    }

    static func bit(_ x: Int, _ y: Int) -> UInt8 {
      switch (x, y) {
      case (0, 0): 0x01
      case (0, 1): 0x02
      case (0, 2): 0x04
      case (1, 0): 0x08
      case (1, 1): 0x10
      case (1, 2): 0x20
      case (0, 3): 0x40
      default: 0x80
      }
    }

    /// Dots of the segment from `a` to `b` (Bresenham), `b` included, `a` excluded unless equal.
    static func segment(from a: (Int, Int), to b: (Int, Int)) -> [(Int, Int)] {
      var (x0, y0) = a
      let (x1, y1) = b
      let dx = abs(x1 - x0)
      let dy = -abs(y1 - y0)
      let sx = x0 < x1 ? 1 : -1
      let sy = y0 < y1 ? 1 : -1
      var err = dx + dy
      var out: [(Int, Int)] = []
      if a == b { return [b] }
      while true {
        if (x0, y0) != a { out.append((x0, y0)) }
        if x0 == x1 && y0 == y1 { break }
        let e2 = 2 * err
        if e2 >= dy {
          err += dy
          x0 += sx
        }
        if e2 <= dx {
          err += dx
          y0 += sy
        }
      }
      return out
    }

    /// The braille character whose dots are the bits of `dots` (U+2800 + `dots`), built from its
    /// UTF-8 bytes (`E2`, `A0 | dots >> 6`, `80 | dots & 0x3F`): every byte value is a valid cell.
    static func braille(_ dots: UInt8) -> String {
      String(decoding: [0xE2, 0xA0 | dots >> 6, 0x80 | dots & 0x3F], as: UTF8.self)
    }
  }

  /// A nested breakdown as an indented tree with bars: the text form of a treemap.
  public enum Tree {
    public static func render(_ t: TreeChart, width: Int, palette: Palette = .plain) -> [String] {
      guard !t.roots.isEmpty else { return ["(no data)"] }
      var rows: [(prefix: String, node: TreeChart.Node, depth: Int)] = []
      func walk(_ nodes: [TreeChart.Node], _ prefix: String, _ depth: Int) {
        for (i, node) in nodes.enumerated() {
          let last = i == nodes.count - 1
          rows.append((prefix + (depth == 0 ? "" : last ? "└─ " : "├─ "), node, depth))
          walk(node.children, prefix + (depth == 0 ? "" : last ? "   " : "│  "), depth + 1)
        }
      }
      walk(t.roots, "", 0)
      let labels = rows.map { $0.prefix + $0.node.label }
      let values = rows.map { t.unit.format($0.node.value) }
      let labelWidth = min(max(8, width / 2), labels.map(\.count).max() ?? 0)
      let valueWidth = values.map(\.count).max() ?? 0
      let barWidth = max(4, width - labelWidth - valueWidth - 3)
      let top = t.roots.map(\.value).max() ?? 0
      return rows.indices.map { i in
        let length = top > 0 ? max(0, rows[i].node.value) / top * Double(barWidth) : 0
        let bar = palette.series(rows[i].depth, blocks(length, width: barWidth))
        return "\(pad(truncate(labels[i], labelWidth), labelWidth)) \(bar) \(padLeft(values[i], valueWidth))"
      }
    }
  }
}
