import Foundation

extension Charts {
  /// A histogram drawn as horizontal bars, one per bin, labelled with the bin's range.
  public enum Histogram {
    /// Bin edges: `bins` equal-width bins, or the Freedman–Diaconis width (2·IQR/∛n),
    /// bounded to 5...20 bins.
    public static func edges(_ values: [Double], bins: Int?) -> [Double] {
      guard let lo = values.min(), let hi = values.max() else { return [] }
      guard hi > lo else { return [lo, lo + 1] }
      var n = bins ?? 10
      if bins == nil {
        let s = values.sorted()
        let iqr = s[s.count * 3 / 4] - s[s.count / 4]
        let width = 2 * iqr / cbrt(Double(s.count))
        n = width > 0 ? Int(((hi - lo) / width).rounded(.up)) : 10
      }
      n = max(bins == nil ? 5 : 1, min(bins == nil ? 20 : 60, n))
      return (0...n).map { lo + (hi - lo) * Double($0) / Double(n) }
    }

    /// Counts per bin (the last bin includes its upper edge).
    public static func counts(_ values: [Double], edges: [Double]) -> [Int] {
      guard edges.count >= 2 else { return [] }
      var counts = [Int](repeating: 0, count: edges.count - 1)
      let lo = edges[0]
      let hi = edges[edges.count - 1]
      let n = Double(counts.count)
      for v in values {
        let i = hi > lo ? Int(((v - lo) / (hi - lo) * n).rounded(.down)) : 0
        counts[max(0, min(counts.count - 1, i))] += 1
      }
      return counts
    }

    public static func render(_ h: HistogramChart, width: Int, palette: Palette = .plain) -> [String] {
      guard !h.values.isEmpty else { return ["(no data)"] }
      let e = edges(h.values, bins: h.bins)
      let c = counts(h.values, edges: e)
      let items = c.indices.map { i in
        BarChart.Item(
          label: "\(h.unit.short(e[i]))…\(h.unit.short(e[i + 1]))", value: Double(c[i]), display: Format.integer(c[i]))
      }
      return HorizontalBars.render(BarChart(title: h.title, items: items), width: width, palette: palette)
    }
  }

  /// Sparklines: a series of values as ▁▂▃▄▅▆▇█, one character each.
  public enum Sparkline {
    static let ticks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    public static func render(_ values: [Double]) -> String {
      guard let lo = values.min(), let hi = values.max() else { return "" }
      return String(
        values.map { v in hi > lo ? ticks[Int(((v - lo) / (hi - lo) * 7).rounded())] : ticks[v > 0 ? 3 : 0] })
    }
  }
}
