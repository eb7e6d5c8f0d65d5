import Testing

@testable import MeterbookCore

/// The markdown renderer's mermaid blocks stay valid for Mermaid's own parser.
///
/// Each case is a chart whose block Mermaid 11's parser rejected (`Scripts/check-mermaid.sh`):
/// an empty title or category, a non-finite or huge value, no points at all.
struct MermaidBlockTests {
  /// The ```mermaid blocks of one report's markdown, one string each.
  private func blocks(_ blocks: [ReportBlock]) -> [String] {
    let md = MarkdownRenderer().render(Report(title: "R", blocks: blocks))
    return md.components(separatedBy: "```mermaid\n").dropFirst()
      .map { "```mermaid\n" + ($0.components(separatedBy: "\n```").first ?? "") + "\n```" }
  }

  private func item(_ label: String, _ value: Double) -> BarChart.Item {
    BarChart.Item(label: label, value: value, display: "")
  }

  @Test func anEmptyTitleLeavesOutTheTitleLineInsteadOfTitleEmptyQuotes() {
    let bars = BarChart(title: "", items: [item("a", 1)])
    let line = LineChart(title: "", labels: ["d1"], series: [.init(name: "s", values: [2])], unit: .dollars)
    #expect(
      blocks([.bars(bars), .line(line)]) == [
        "```mermaid\nxychart-beta horizontal\n  x-axis [\"a\"]\n  bar [1.0000]\n```",
        "```mermaid\nxychart-beta\n  x-axis [\"d1\"]\n  line [2.0000]\n```",
      ])
  }

  @Test func aBlankCategoryIsWrittenAsBlankInParentheses() {
    let bars = BarChart(title: "Cost", items: [item("", 1), item("b", 2)])
    #expect(
      blocks([.bars(bars)]) == [
        "```mermaid\nxychart-beta horizontal\n  title \"Cost\"\n  x-axis [\"(blank)\", \"b\"]\n  bar [1.0000, 2.0000]\n```"
      ])
  }

  @Test func nonFiniteBarsAreLeftOutAndNoneLeftMeansNoBlock() {
    let some = BarChart(title: "Q", items: [item("a", .nan), item("b", 2), item("c", .infinity)])
    let none = BarChart(title: "N", items: [item("a", .nan)])
    #expect(
      blocks([.bars(some), .bars(none)]) == [
        "```mermaid\nxychart-beta horizontal\n  title \"Q\"\n  x-axis [\"b\"]\n  bar [2.0000]\n```"
      ])
  }

  @Test func missingLinePointsCarryThePreviousValueAndEmptyLinesAreDropped() {
    let line = LineChart(
      title: "L", labels: ["1", "2", "3"],
      series: [.init(name: "a", values: [1, nil, 3]), .init(name: "b", values: [nil, nil, nil])], unit: .dollars)
    #expect(
      blocks([.line(line)]) == [
        "```mermaid\nxychart-beta\n  title \"L\"\n  x-axis [\"1\", \"2\", \"3\"]\n  line [1.0000, 1.0000, 3.0000]\n```"
      ])
  }

  @Test func aForecastThatStartsLateFollowsTheActualsUntilItStarts() {
    let line = LineChart(
      title: "F", labels: ["1", "2", "3", "4"],
      series: [.init(name: "actual", values: [1, 2, 3, nil]), .init(name: "forecast", values: [nil, nil, 3, 5])],
      unit: .count)
    let block = blocks([.line(line)]).first ?? ""
    #expect(block.contains("  line [1.0000, 2.0000, 3.0000, 3.0000]"))
    #expect(block.contains("  line [1.0000, 2.0000, 3.0000, 5.0000]"), "\(block)")
  }

  @Test func aLineGetsOneValuePerCategoryEvenWhenItsSeriesIsShort() {
    let line = LineChart(title: "L", labels: ["1", "2", "3"], series: [.init(name: "a", values: [5])], unit: .count)
    #expect(blocks([.line(line)]).first?.contains("  line [5.0000, 5.0000, 5.0000]") == true)
  }

  @Test func aLineChartWithoutPointsHasNoMermaidBlock() {
    let noLabels = LineChart(title: "L", labels: [], series: [.init(name: "a", values: [])], unit: .count)
    let noSeries = LineChart(title: "M", labels: ["1"], series: [], unit: .count)
    let md = MarkdownRenderer().render(Report(title: "R", blocks: [.line(noLabels), .line(noSeries)]))
    #expect(!md.contains("```mermaid"))
  }

  @Test func aValueBeyondNineEighteenIsWrittenInFullDigits() {
    let bars = BarChart(title: "Big", items: [item("a", 1e20), item("b", -1e19)])
    #expect(blocks([.bars(bars)]).first?.contains("  bar [100000000000000000000, -10000000000000000000]") == true)
  }

  @Test func aTextLineChartDrawsNotANumberAsAGapAndHugeSpansWithoutTrapping() {
    let nan = LineChart(
      title: "", labels: ["1", "2", "3"], series: [.init(name: "a", values: [1, .nan, .infinity])], unit: .count)
    let lines = Charts.Lines.render(nan, width: 40)
    #expect(lines.count > 3 && !lines.joined().contains("(no data)"))
    let wide = LineChart(
      title: "", labels: ["1", "2"], series: [.init(name: "a", values: [-1.7e308, 1.7e308])], unit: .count)
    #expect(Charts.Lines.render(wide, width: 40).count > 3)
    let none = LineChart(title: "", labels: ["1"], series: [.init(name: "a", values: [.nan])], unit: .count)
    #expect(Charts.Lines.render(none, width: 40) == ["(no data)"])
  }
}
