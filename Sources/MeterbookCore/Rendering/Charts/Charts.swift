/// Text charts drawn by hand: no Swift package draws them well.
public enum Charts {}

extension Charts {
  /// Horizontal bars with eighth-block resolution (▏▎▍▌▋▊▉█).
  public struct HorizontalBars {
    static let eighths: [Character] = [" ", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]

    /// Lines of `label │bar value`, fitting `width` columns. Negative values draw to the
    /// left of a shared zero axis.
    public static func render(_ chart: BarChart, width: Int) -> [String] {
      guard !chart.items.isEmpty else { return ["(no data)"] }
      let labelWidth = min(28, chart.items.map { $0.label.count }.max() ?? 0)
      let valueWidth = chart.items.map { $0.display.count }.max() ?? 0
      let barWidth = max(4, width - labelWidth - valueWidth - 4)
      let maxPositive = chart.items.map(\.value).filter { $0 > 0 }.max() ?? 0
      let maxNegative = -(chart.items.map(\.value).filter { $0 < 0 }.min() ?? 0)
      let span = maxPositive + maxNegative
      let negativeCells = span > 0 ? Int((Double(barWidth) * maxNegative / span).rounded()) : 0
      let positiveCells = barWidth - negativeCells
      return chart.items.map { item in
        let label = pad(truncate(item.label, labelWidth), labelWidth)
        var bar: String
        if item.value >= 0 {
          let cells = maxPositive > 0 ? item.value / maxPositive * Double(positiveCells) : 0
          bar = String(repeating: " ", count: negativeCells) + blocks(cells, width: positiveCells)
        } else {
          let cells = maxNegative > 0 ? -item.value / maxNegative * Double(negativeCells) : 0
          let drawn = String(repeating: "█", count: Int(cells.rounded()))
          bar = String(repeating: " ", count: negativeCells - drawn.count) + drawn + String(repeating: " ", count: positiveCells)
        }
        return "\(label) │\(bar) \(item.display)"
      }
    }

    /// `cells` (fractional) drawn as full blocks plus one eighth block, padded to `width`.
    static func blocks(_ cells: Double, width: Int) -> String {
      let clamped = max(0, min(Double(width), cells))
      let full = Int(clamped)
      let eighth = Int(((clamped - Double(full)) * 8).rounded(.down))
      var s = String(repeating: "█", count: full)
      if full < width && eighth > 0 { s.append(eighths[eighth]) }
      return s + String(repeating: " ", count: max(0, width - s.count))
    }
  }
}

func truncate(_ s: String, _ n: Int) -> String { s.count <= n ? s : String(s.prefix(max(0, n - 1))) + "…" }
func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
func padLeft(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }
