import Foundation
import TestSupport
import Testing

@testable import MeterbookCore

/// Golden files of every chart at 80 and 120 columns, edge cases, and bar properties.
func actual(_ day: Int) -> Double? {
  guard day < 20 else { return nil }
  let d = Double(day)
  return 300 + 40 * sin(d / 2) + d * 3
}

func forecast(_ day: Int) -> Double? { day >= 19 ? 360 + Double(day - 19) * 3 : nil }

struct ChartsTests {
  static let bars = BarChart(
    title: "Spend by provider",
    items: [
      .init(label: "OpenAI", value: 3584.14, display: "$3,584.14"),
      .init(label: "Anthropic", value: 3243.24, display: "$3,243.24"),
      .init(label: "Google", value: 782.78, display: "$782.78"),
      .init(label: "Mistral", value: 82.56, display: "$82.56"),
    ], target: 3000)
  static let margins = BarChart(
    title: "Margin by customer",
    items: [
      .init(label: "cust_0001", value: 120, display: "$120.00"),
      .init(label: "cust_0002", value: -45.5, display: "-$45.50"),
      .init(label: "cust_0003", value: 12, display: "$12.00"),
      .init(label: "cust_0004", value: -180, display: "-$180.00"),
    ])
  static let stacked = CategoryChart(
    title: "Cost by tier and provider", series: ["OpenAI", "Anthropic", "Google"],
    categories: ["starter", "pro", "enterprise"], values: [[2828, 2581, 628], [1266, 1162, 280], [377, 342, 81]],
    unit: .dollars)
  static let grouped = CategoryChart(
    title: "Margin per archetype", series: ["flat", "hybrid"],
    categories: ["light", "power", "heavy"], values: [[24.5, 30.1], [-12.2, 8.4], [-160.3, 42.0]], unit: .dollars)
  static let histogram = HistogramChart(
    title: "Margin distribution", values: (0..<200).map { (i: Int) -> Double in Double((i * 37) % 101) - 30 },
    unit: .dollars)
  static let line = LineChart(
    title: "Daily cost", labels: (1...30).map { "01-\($0 < 10 ? "0" : "")\($0)" },
    series: [
      .init(name: "actual", values: (0..<30).map(actual)),
      .init(name: "forecast", values: (0..<30).map(forecast)),
      .init(name: "budget", values: [Double?](repeating: 390, count: 30)),
    ], unit: .dollars)
  static let tree = TreeChart(
    title: "Cost by organization",
    roots: [
      .init(
        label: "org_001", value: 2633,
        children: [
          .init(label: "insights", value: 2236, children: [.init(label: "cust_0007", value: 1200)]),
          .init(label: "assistant", value: 397),
        ]),
      .init(label: "org_002", value: 1358, children: [.init(label: "workspace", value: 1358)]),
    ], unit: .dollars)

  @Test(arguments: [80, 120])
  func chartsMatchTheirGoldenFiles(width: Int) {
    let r = TextRenderer(width: width)
    let all = [
      ReportBlock.bars(Self.bars), .bars(Self.margins), .stacked(Self.stacked), .grouped(Self.grouped),
      .histogram(Self.histogram), .line(Self.line), .tree(Self.tree),
    ]
    let text = all.map { r.render($0).joined(separator: "\n") }.joined(separator: "\n\n")
    assertSnapshot(text, named: "charts-\(width)")
    for line in text.split(separator: "\n") { #expect(line.count <= width, "\(line)") }
  }

  @Test func sparklinesSpanTheirRange() {
    #expect(Charts.Sparkline.render([1, 2, 3, 4, 5, 6, 7, 8]) == "▁▂▃▄▅▆▇█")
    #expect(Charts.Sparkline.render([5, 5, 5]) == "▄▄▄")
    #expect(Charts.Sparkline.render([]) == "")
  }

  @Test func emptyAndSingleValueChartsSaySo() {
    #expect(Charts.HorizontalBars.render(BarChart(title: "", items: []), width: 80) == ["(no data)"])
    #expect(Charts.Lines.render(LineChart(title: "", labels: [], series: [], unit: .count), width: 80) == ["(no data)"])
    #expect(Charts.Histogram.render(HistogramChart(title: "", values: [], unit: .count), width: 80) == ["(no data)"])
    let one = Charts.HorizontalBars.render(
      BarChart(title: "", items: [.init(label: "a", value: 5, display: "5")]), width: 40)
    #expect(one == ["a │" + String(repeating: "█", count: 35) + " 5"])
    let flat = Charts.Lines.render(
      LineChart(title: "", labels: ["x"], series: [.init(name: "s", values: [3])], unit: .count), width: 40)
    #expect(flat.count > 3)
  }

  /// The bar ends at the median; the whisker spans the band on either side of that end, drawn
  /// in characters that read without color; the scale makes room for the band's high end.
  @Test func whiskersSpanTheBandAroundTheBarsEnd() {
    let items: [BarChart.Item] = [
      .init(label: "a", value: 20, display: "20", whisker: .init(low: 10, high: 30)),
      .init(label: "b", value: 20, display: "20", whisker: .init(low: 20, high: 20)),
      .init(label: "c", value: 20, display: "20"),
    ]
    let lines = Charts.HorizontalBars.render(BarChart(title: "", items: items), width: 36)
    // 30 bar cells: 30 is the largest value, so the bar of 20 fills 20 cells.
    #expect(
      lines[0] == "a │" + String(repeating: "█", count: 10) + "├" + String(repeating: "█", count: 9) + "─────────┤ 20")
    // A band of one value marks the cell where the bar ends.
    #expect(lines[1] == "b │" + String(repeating: "█", count: 20) + "┼" + String(repeating: " ", count: 9) + " 20")
    #expect(lines[2] == "c │" + String(repeating: "█", count: 20) + String(repeating: " ", count: 10) + " 20")
    let csv = CSVRenderer.render(Report(title: "t", blocks: [.bars(BarChart(title: "", items: items))]))
    #expect(csv.hasSuffix("label,value,low,high\na,20,10,30\nb,20,20,20\nc,20,,"))
  }

  @Test func everyDotPatternIsItsBrailleCharacter() {
    for dots in UInt8.min...UInt8.max {
      #expect(Charts.Lines.braille(dots).unicodeScalars.map(\.value) == [0x2800 + UInt32(dots)])
    }
  }

  @Test func logScaleKeepsSmallValuesVisible() {
    let items = [1.0, 10, 1_000, 100_000].map { BarChart.Item(label: "v\(Int($0))", value: $0, display: "\(Int($0))") }
    let linear = Charts.HorizontalBars.render(BarChart(title: "", items: items), width: 60)
    let log = Charts.HorizontalBars.render(BarChart(title: "", items: items, logScale: true), width: 60)
    func cells(_ line: String) -> Int { line.filter { "█▏▎▍▌▋▊▉".contains($0) }.count }
    #expect(cells(linear[1]) == 0)
    #expect(cells(log[1]) > 5 && cells(log[2]) > cells(log[1]) && log.last?.hasSuffix(" log scale") == true)
  }

  @Test func barLengthIsMonotoneInValueAndNeverExceedsTheWidth() {
    var rng = SplitMix64(seed: 99)
    for _ in 0..<200 {
      let width = 40 + Int(rng.unit() * 100)
      let values = (0..<(1 + Int(rng.unit() * 12))).map { _ in (rng.unit() - 0.3) * pow(10, rng.unit() * 6) }
      let items = values.enumerated().map {
        BarChart.Item(label: "item\($0)", value: $1, display: Format.fixed($1, places: 1))
      }
      let lines = Charts.HorizontalBars.render(BarChart(title: "", items: items), width: width)
      for line in lines { #expect(line.count <= width) }
      let lengths = lines.map { line -> Double in
        line.reduce(0.0) { acc, c in
          switch c {
          case "█": acc + 1
          case "▏": acc + 1 / 8.0
          case "▎": acc + 2 / 8.0
          case "▍": acc + 3 / 8.0
          case "▌": acc + 4 / 8.0
          case "▋": acc + 5 / 8.0
          case "▊": acc + 6 / 8.0
          case "▉": acc + 7 / 8.0
          default: acc
          }
        }
      }
      for i in values.indices {
        for j in values.indices where values[i] >= 0 && values[j] >= 0 && values[i] < values[j] {
          #expect(lengths[i] <= lengths[j])
        }
      }
    }
  }

  /// Seven providers of very different sizes, four of them close to zero, where the lines
  /// overlap most: every series is named in the legend with its marker, and that marker is
  /// drawn in the plot, with no color at all.
  @Test(arguments: [40, 80, 120])
  func everySeriesIsNamedWithTheMarkerDrawnInThePlot(width: Int) {
    let scales = [28.0, 27, 7, 5, 0.5, 0.3, 0.2]
    let series = scales.enumerated().map { k, scale in
      LineChart.Series(
        name: "provider \(k)", values: (0..<31).map { d in scale * (1 + 0.3 * sin(Double(d + k) / 3)) })
    }
    let chart = LineChart(title: "", labels: (1...31).map { "01-\($0)" }, series: series, unit: .dollars)
    #expect(chart.series.count == 7)
    let lines = Charts.Lines.render(chart, width: width, palette: .plain)
    let plot = lines.prefix(10).joined()
    let legend = lines.dropFirst(12).joined(separator: "\n")
    for k in series.indices {
      let glyph = Charts.Lines.markers[k]
      #expect(legend.contains("\(glyph) provider \(k)"), "series \(k) is missing from the legend")
      #expect(plot.contains(glyph), "the marker \(glyph) of series \(k) is not drawn")
    }
    #expect(Set(Charts.Lines.markers).count == Charts.Lines.markers.count)
    for line in lines { #expect(line.count <= width, "\(line)") }
  }

  /// Marked x positions get a ▲ under the plot, in the column of their point, and a legend entry.
  @Test func marksPointAtTheirXPositions() {
    let chart = LineChart(
      title: "", labels: (0..<10).map { "h\($0)" }, series: [.init(name: "cost", values: (0..<10).map { Double($0) })],
      unit: .count, marks: [0, 9, 42])
    let lines = Charts.Lines.render(chart, width: 40)
    // Ticks 9, 4.50, 0 are at most four characters wide: the canvas starts at column 6 and
    // spans 40 − 6 = 34 columns, the first point in its first column and the last in its last.
    let pointer = lines[11]
    #expect(pointer == "      ▲" + String(repeating: " ", count: 32) + "▲")
    #expect(lines.last == "cost   ▲ marked (2)")
  }

  @Test func histogramBinsCountEveryValue() {
    let values = Self.histogram.values
    let edges = Charts.Histogram.edges(values, bins: nil)
    #expect((5...20).contains(edges.count - 1))
    #expect(Charts.Histogram.counts(values, edges: edges).reduce(0, +) == values.count)
  }
}

struct TableRenderingTests {
  @Test func aTableTooWideForTheTerminalHidesColumnsAndNamesEachHiddenOne() throws {
    let nines = (1...12).map { String(repeating: "9", count: $0) }
    let t = Table(
      title: "", columns: (1...12).map { "column \($0)" }, numeric: Array(repeating: true, count: 12), rows: [nines])
    let lines = TextRenderer(width: 60).table(t)
    #expect(lines.allSatisfy { $0.count <= 60 && !$0.contains("…") })
    // The data row: its cells shown whole; every other value's column named as hidden.
    let row = try #require(lines.first { $0.hasPrefix("│") && $0.contains(" 9 ") })
    let shown = row.split(separator: "│").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    // The note may wrap: it is everything from "hidden: " on.
    let start = try #require(lines.firstIndex { $0.hasPrefix("hidden: ") })
    let note = lines[start...].joined(separator: " ")
    let hidden = (1...12).filter { note.contains("column \($0),") || note.contains("column \($0) —") }
    #expect(!hidden.isEmpty)
    #expect(Set(shown) == Set(nines.indices.filter { !hidden.contains($0 + 1) }.map { nines[$0] }))
  }

  @Test func numbersAreNeverCutAndTheNameWrapsWhole() {
    let name = "a very long model name that cannot fit"
    let t = Table(title: "", columns: ["name", "cost"], numeric: [false, true], rows: [[name, "$1,234,567.89"]])
    let lines = TextRenderer(width: 40).table(t)
    #expect(lines.allSatisfy { $0.count <= 40 && !$0.contains("…") })
    let text = lines.joined(separator: "\n")
    #expect(text.contains("$1,234,567.89") || text.contains("$1,234,568"))
    // The name's words all appear, in order, across its continuation lines.
    let words = lines.compactMap { $0.split(separator: "│").first?.trimmingCharacters(in: .whitespaces) }
      .joined(separator: " ").split(separator: " ")
    #expect(words.joined(separator: " ").contains(name))
  }
}
