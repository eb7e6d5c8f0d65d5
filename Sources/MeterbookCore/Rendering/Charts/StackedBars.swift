extension Charts {
  /// Bars split into segments, one fill pattern (and color) per series, with a legend.
  public enum StackedBars {
    static let fills: [Character] = ["█", "▓", "▒", "░", "▚", "▞", "▙", "▟"]

    public static func render(_ c: CategoryChart, width: Int, palette: Palette = .plain) -> [String] {
      guard !c.categories.isEmpty, !c.series.isEmpty else { return ["(no data)"] }
      let totals = c.values.map { $0.reduce(0) { $0 + max(0, $1) } }
      let labels = totals.map { c.unit.format($0) }
      let labelWidth = min(max(4, width / 3), c.categories.map(\.count).max() ?? 0)
      let valueWidth = labels.map(\.count).max() ?? 0
      let barWidth = max(4, width - labelWidth - valueWidth - 3)
      let top = totals.max() ?? 0
      var lines: [String] = []
      for (i, category) in c.categories.enumerated() {
        var bar = ""
        var used = 0.0
        var drawn = 0
        for (k, v) in c.values[i].enumerated() {
          used += max(0, v)
          let end = top > 0 ? Int((used / top * Double(barWidth)).rounded()) : 0
          let n = max(0, end - drawn)
          bar += palette.series(k, String(repeating: fills[k % fills.count], count: n))
          drawn += n
        }
        bar += String(repeating: " ", count: max(0, barWidth - drawn))
        lines.append("\(pad(truncate(category, labelWidth), labelWidth)) │\(bar) \(labels[i])")
      }
      lines.append(contentsOf: legend(c.series, width: width, palette: palette))
      return lines
    }

    /// `█ a  ▓ b  ▒ c`, wrapped to `width`.
    static func legend(_ series: [String], width: Int, palette: Palette) -> [String] {
      let items = series.enumerated().map { palette.series($0, String(fills[$0 % fills.count])) + " " + $1 }
      return Charts.legend(items, width: width)
    }
  }

  /// Side-by-side bars: a group per category, a bar per series, on one shared scale.
  public enum GroupedBars {
    public static func render(_ c: CategoryChart, width: Int, palette: Palette = .plain) -> [String] {
      guard !c.categories.isEmpty, !c.series.isEmpty else { return ["(no data)"] }
      let all = c.values.flatMap { $0 }
      let displays = c.values.map { $0.map { c.unit.format($0) } }
      let labelWidth = min(max(4, width / 3), (c.series.map { $0.count + 2 } + c.categories.map(\.count)).max() ?? 0)
      let valueWidth = displays.flatMap { $0 }.map(\.count).max() ?? 0
      let scale = Scale(values: all, cells: max(4, width - labelWidth - valueWidth - 3), log: false)
      var lines: [String] = []
      for (i, category) in c.categories.enumerated() {
        lines.append(palette.bold(truncate(category, width)))
        for (k, name) in c.series.enumerated() {
          let v = c.values[i][k]
          let bar = palette.series(k, scale.bar(v))
          lines.append(
            "\(pad(truncate("  " + name, labelWidth), labelWidth)) │\(bar) \(v < 0 ? palette.negative(displays[i][k]) : displays[i][k])"
          )
        }
      }
      return lines
    }
  }
}
