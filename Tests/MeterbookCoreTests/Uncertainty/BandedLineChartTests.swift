import Testing

@testable import MeterbookCore

struct BandedLineChartTests {
  static let u = Uncertainty(seeds: 3, interval: 0.9)

  static func chart(actual: [Double?], forecast: [Double?], labels: [String] = ["d1", "d2", "d3"]) -> LineChart {
    LineChart(
      title: "Daily cost", labels: labels,
      series: [.init(name: "actual", values: actual), .init(name: "forecast", values: forecast)], unit: .dollars)
  }

  @Test func theBandFollowsActualThenForecastAndTheMediansArePerPoint() throws {
    let seeds = [
      Self.chart(actual: [1, 2, nil], forecast: [nil, 2, 5]),
      Self.chart(actual: [3, 4, nil], forecast: [nil, 4, 9]),
      Self.chart(actual: [2, 3, nil], forecast: [nil, 3, 7]),
    ]
    let banded = try #require(LineChart.banded(seeds, Self.u))
    #expect(banded.series.map(\.name) == ["actual", "forecast", "P5", "P95"])
    #expect(banded.series[0].values == [2, 3, nil])
    #expect(banded.series[1].values == [nil, 3, 7])
    // Type-7 P5 of three sorted values: 10% of the way from the first to the second.
    let low = banded.series[2].values.map { $0.map { ($0 * 1000).rounded() / 1000 } }
    let high = banded.series[3].values.map { $0.map { ($0 * 1000).rounded() / 1000 } }
    #expect(low == [1.1, 2.1, 5.2])
    #expect(high == [2.9, 3.9, 8.8])
    #expect(banded.title == "Daily cost: median and P5–P95 over 3 seeds")
  }

  @Test func identicalSeedsGiveABandOfWidthZero() throws {
    let one = Self.chart(actual: [1, 2, 3], forecast: [nil, nil, 3])
    let banded = try #require(LineChart.banded([one, one, one], Self.u))
    #expect(banded.series[2].values == [1, 2, 3])
    #expect(banded.series[3].values == [1, 2, 3])
  }

  @Test func seedsThatDrewDifferentAxesAreNotBanded() {
    let a = Self.chart(actual: [1, 2, 3], forecast: [nil, nil, 3])
    let b = Self.chart(actual: [1, 2, 3], forecast: [nil, nil, 3], labels: ["d1", "d2", "d4"])
    #expect(LineChart.banded([a, b], Self.u) == nil)
    #expect(LineChart.banded([a], Self.u) == nil)
  }

  @Test func anAnalyzersForecastChartIsBandedOverTheWorkbooksSeeds() throws {
    let session = try WhatIfWorkbook.session(overrides: [Override(path: ["seeds"], value: "3")])
    let cell = Cell(
      id: "u", kind: .report(analyzer: "understanding", scenario: "base"),
      location: .init(file: "test", line: 1, column: 1))
    let report = try session.evaluate(cell)
    let lines = report.blocks.compactMap { if case .line(let l) = $0 { l } else { nil } }
    let forecast = try #require(lines.first { $0.title.hasPrefix("Daily AI cost") })
    #expect(forecast.title == "Daily AI cost and 30-day forecast: median and P5–P95 over 3 seeds")
    #expect(forecast.series.map(\.name).suffix(2) == ["P5", "P95"])
    let (lowEnd, highEnd) = (forecast.series[2].values, forecast.series[3].values)
    #expect(zip(lowEnd, highEnd).allSatisfy { l, h in (l ?? 0) <= (h ?? 0) })
    #expect(zip(lowEnd, highEnd).contains { l, h in (l ?? 0) < (h ?? 0) })
  }
}
