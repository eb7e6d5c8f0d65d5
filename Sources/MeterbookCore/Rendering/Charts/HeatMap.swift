extension Charts {
  /// A heat table for a terminal: each cell shaded ░▒▓█ from the lowest value to the highest.
  ///
  /// When the values fit the width, each cell shows its shade and short value (`▓ $1.2k`);
  /// otherwise only shades, two or one characters a cell, with the first, middle and last
  /// column values on an axis line. The best cell is marked `*`; negative values take the
  /// palette's negative color.
  public enum Heat {
    static let shades: [Character] = ["░", "▒", "▓", "█"]

    /// The shade index (0…3) of `v` between `lo` and `hi`; the middle shade when all are equal.
    static func level(_ v: Double, lo: Double, hi: Double) -> Int {
      guard hi > lo, v.isFinite else { return 1 }
      return max(0, min(3, Int((v - lo) / (hi - lo) * 4)))
    }

    public static func render(_ h: HeatTable, width: Int, palette: Palette = .plain) -> [String] {
      let finite = h.values.flatMap { $0 }.filter(\.isFinite)
      guard let lo = finite.min(), let hi = finite.max(), !h.rows.isEmpty, !h.columns.isEmpty else {
        return ["(no data)"]
      }
      func value(_ r: Int, _ c: Int) -> Double { r < h.values.count && c < h.values[r].count ? h.values[r][c] : .nan }
      func isBest(_ r: Int, _ c: Int) -> Bool { h.best == HeatTable.Position(row: r, column: c) }
      func paint(_ text: String, _ v: Double) -> String { v < 0 ? palette.negative(text) : text }
      let corner = "\(h.rowName) \\ \(h.columnName)"
      let labelWidth = max(corner.count, h.rows.map(\.count).max() ?? 0)
      let texts = h.rows.indices.map { r in
        h.columns.indices.map { c in
          String(shades[level(value(r, c), lo: lo, hi: hi)]) + " " + h.unit.short(value(r, c))
            + (isBest(r, c) ? "*" : "")
        }
      }
      let cellWidth = max(h.columns.map(\.count).max() ?? 0, texts.flatMap { $0.map(\.count) }.max() ?? 0)
      var lines: [String] = []
      if labelWidth + h.columns.count * (cellWidth + 2) <= width {
        lines.append(pad(corner, labelWidth) + h.columns.map { "  " + padLeft($0, cellWidth) }.joined())
        for r in h.rows.indices {
          lines.append(
            padLeft(h.rows[r], labelWidth)
              + h.columns.indices.map { c in "  " + paint(padLeft(texts[r][c], cellWidth), value(r, c)) }.joined())
        }
      } else {
        let rowWidth = min(max(h.rowName.count, h.rows.map(\.count).max() ?? 0), max(4, width - h.columns.count - 1))
        let cell = rowWidth + 1 + 2 * h.columns.count <= width ? 2 : 1
        lines.append(
          pad(truncate(h.rowName, rowWidth), rowWidth) + " " + truncate(h.columnName + " →", cell * h.columns.count))
        for r in h.rows.indices {
          let cells = h.columns.indices.map { c -> String in
            let shade = String(repeating: String(shades[level(value(r, c), lo: lo, hi: hi)]), count: cell)
            return paint(isBest(r, c) ? String(repeating: "*", count: cell) : shade, value(r, c))
          }
          lines.append(padLeft(truncate(h.rows[r], rowWidth), rowWidth) + " " + cells.joined())
        }
        lines.append(
          String(repeating: " ", count: rowWidth + 1) + Lines.dateAxis(h.columns, width: cell * h.columns.count))
      }
      lines.append(
        contentsOf: wrap(
          shades.map(String.init).joined(separator: " ")
            + " lowest to highest: \(h.unit.short(lo)) … \(h.unit.short(hi))"
            + (h.best.map { b in " · * best: \(h.unit.format(value(b.row, b.column)))" } ?? ""),
          width: width, indent: 2))
      return lines
    }
  }
}
