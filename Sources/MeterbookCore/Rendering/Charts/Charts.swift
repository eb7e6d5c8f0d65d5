import Foundation

/// Text charts drawn by hand: no Swift package draws them well.
public enum Charts {}

extension Charts {
  /// Horizontal bars with eighth-block resolution (▏▎▍▌▋▊▉█), an optional target mark and
  /// log scale.
  ///
  /// Negative values draw to the left of a shared zero axis.
  public enum HorizontalBars {
    static let eighths: [Character] = [" ", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]

    /// Lines of `label │bar value`, never wider than `width` columns.
    public static func render(_ chart: BarChart, width: Int, palette: Palette = .plain) -> [String] {
      guard !chart.items.isEmpty else { return ["(no data)"] }
      let labelWidth = min(max(4, width / 3), chart.items.map { $0.label.count }.max() ?? 0)
      let valueWidth = chart.items.map { $0.display.count }.max() ?? 0
      let barWidth = max(4, width - labelWidth - valueWidth - 3)
      let whiskerEnds = chart.items.compactMap(\.whisker).flatMap { [$0.low, $0.high] }
      let scale = Scale(
        values: chart.items.map(\.value) + whiskerEnds + (chart.target.map { [$0] } ?? []), cells: barWidth,
        log: chart.logScale)
      let targetColumn = chart.target.map { scale.position($0) }
      var lines = chart.items.map { item -> String in
        var bar = scale.bar(item.value)
        if let w = item.whisker { bar = whiskered(bar, w, scale: scale, width: barWidth) }
        if let t = targetColumn, t >= 0, t < barWidth {
          var cells = Array(bar)
          cells[t] = cells[t] == " " ? "┊" : "┃"
          bar = String(cells)
        }
        let painted = item.value < 0 ? palette.negative(bar) : palette.series(0, bar)
        return
          "\(pad(truncate(item.label, labelWidth), labelWidth)) │\(painted) \(item.value < 0 ? palette.negative(item.display) : item.display)"
      }
      if let target = chart.target {
        lines.append(
          String(repeating: " ", count: labelWidth + 2) + "┊ target \(Format.fixed(target, places: 2))"
            + (chart.logScale ? " · log scale" : ""))
      } else if chart.logScale {
        lines.append(String(repeating: " ", count: labelWidth + 2) + "log scale")
      }
      return lines
    }
  }

  /// `bar` with a whisker from `w.low` to `w.high`: `─` over empty cells, `├` and `┤` at the
  /// ends (`┼` when they meet), so a range reads without color.
  static func whiskered(_ bar: String, _ w: BarChart.Whisker, scale: Scale, width: Int) -> String {
    var cells = Array(bar)
    let clamp = { (c: Int) in max(0, min(width - 1, c)) }
    let (low, high) = (clamp(scale.position(w.low)), clamp(scale.position(w.high)))
    guard cells.count == width, low <= high else { return bar }
    for c in low...high where cells[c] == " " { cells[c] = "─" }
    if low == high {
      cells[low] = "┼"
    } else {
      cells[low] = "├"
      cells[high] = "┤"
    }
    return String(cells)
  }

  /// Maps values to bar cells: linear with a shared zero, or log₁₀ for positive values.
  struct Scale {
    let cells: Int
    let negativeCells: Int
    let maxPositive: Double
    let maxNegative: Double
    let log: Bool
    let logLow: Double
    let logHigh: Double

    init(values: [Double], cells: Int, log: Bool) {
      self.cells = cells
      self.log = log
      let positives = values.filter { $0 > 0 }
      maxPositive = positives.max() ?? 0
      maxNegative = log ? 0 : -(values.filter { $0 < 0 }.min() ?? 0)
      let span = maxPositive + maxNegative
      negativeCells = span > 0 ? Int((Double(cells) * maxNegative / span).rounded()) : 0
      let minPositive = positives.min() ?? 1
      logLow = Foundation.log10(minPositive).rounded(.down)
      logHigh = max(logLow + 1, Foundation.log10(max(maxPositive, minPositive)))
    }

    var positiveCells: Int { cells - negativeCells }

    /// Fractional cells of a value's bar.
    func length(_ v: Double) -> Double {
      if log {
        guard v > 0 else { return 0 }
        return (Foundation.log10(v) - logLow) / (logHigh - logLow) * Double(positiveCells)
      }
      if v >= 0 { return maxPositive > 0 ? v / maxPositive * Double(positiveCells) : 0 }
      return maxNegative > 0 ? -v / maxNegative * Double(negativeCells) : 0
    }

    /// The column where value `v` ends (for target marks).
    func position(_ v: Double) -> Int {
      v >= 0
        ? negativeCells + min(positiveCells - 1, Int(length(v).rounded(.down)))
        : negativeCells - Int(length(v).rounded())
    }

    /// The bar of `v`, exactly `cells` wide.
    func bar(_ v: Double) -> String {
      if v >= 0 || log {
        return String(repeating: " ", count: negativeCells) + blocks(length(v), width: positiveCells)
      }
      let n = min(negativeCells, Int(length(v).rounded()))
      return String(repeating: " ", count: negativeCells - n) + String(repeating: "█", count: n)
        + String(repeating: " ", count: positiveCells)
    }
  }

  /// `cells` (fractional) drawn as full blocks plus one eighth block, padded to `width`.
  static func blocks(_ cells: Double, width: Int) -> String {
    let clamped = max(0, min(Double(width), cells))
    let full = Int(clamped)
    let eighth = Int(((clamped - Double(full)) * 8).rounded(.down))
    var s = String(repeating: "█", count: full)
    if full < width && eighth > 0 { s.append(HorizontalBars.eighths[eighth]) }
    return s + String(repeating: " ", count: max(0, width - s.count))
  }
}

extension Charts {
  /// Legend entries (`● name`) packed into lines of at most `width` columns, three spaces
  /// apart so that an entry's glyph never reads as the end of the previous name.
  static func legend(_ entries: [String], width: Int) -> [String] {
    var lines: [String] = []
    var current = ""
    for entry in entries {
      if current.isEmpty {
        current = entry
      } else if visibleCount(current) + 3 + visibleCount(entry) <= width {
        current += "   " + entry
      } else {
        lines.append(current)
        current = entry
      }
    }
    return current.isEmpty ? lines : lines + [current]
  }
}

func truncate(_ s: String, _ n: Int) -> String { s.count <= n ? s : String(s.prefix(max(0, n - 1))) + "…" }
func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
func padLeft(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }
