import Testing

@testable import MeterbookCore

/// Days grouped to fit a chart: the finest bucket that fits, labels that sort in time order,
/// and bucket totals that add up to the days they hold.
struct TimeBucketTests {
  let newYear = CalendarDay(year: 2026, month: 1, day: 1)  // a Thursday

  @Test func theFinestBucketThatFitsIsChosen() {
    #expect(TimeBucket.fitting(from: newYear, days: 31, capacity: 62) == .day)
    // 90 days from a Thursday touch 14 Monday-to-Sunday weeks: (3 + 90) / 7 rounded up.
    #expect(TimeBucket.week.count(from: newYear, days: 90) == 14)
    #expect(TimeBucket.fitting(from: newYear, days: 90, capacity: 62) == .week)
    // Ten years: 522 weeks and 120 months do not fit 62 bars, 40 quarters do; a line's 120 points take months.
    #expect(TimeBucket.month.count(from: newYear, days: 3650) == 120)
    #expect(TimeBucket.fitting(from: newYear, days: 3650, capacity: 62) == .quarter)
    #expect(TimeBucket.fitting(from: newYear, days: 3650, capacity: 120) == .month)
    #expect(TimeBucket.fitting(from: newYear, days: 3650, capacity: 5) == .year)
    #expect(TimeBucket.fitting(from: newYear, days: 31, capacity: 62, finest: .month) == .month)
  }

  @Test func labelsNameTheBucketAndSortInTimeOrder() {
    #expect(TimeBucket.week.label(newYear) == "2025-12-29")
    #expect(TimeBucket.month.label(newYear) == "2026-01")
    #expect(TimeBucket.quarter.label(CalendarDay(year: 2026, month: 5, day: 10)) == "2026-Q2")
    #expect(TimeBucket.year.label(newYear) == "2026")
    for bucket in TimeBucket.allCases {
      let labels = (0..<800).map { bucket.label(newYear.adding(days: $0)) }
      #expect(labels == labels.sorted(), "\(bucket)")
    }
  }

  /// One call a day for 400 days from Monday 2026-01-05: 58 weeks of 7 calls, the last of 1.
  @Test func daysThatDoNotFitAreDrawnByWeekAndTheTitleSaysSo() throws {
    var b = RunBuilder(days: 400)
    for day in 0..<400 { b.add(day: day) }
    let report = try ChartBuilder.report(ChartQuery(metrics: ["calls"], dimensions: ["day"]), on: b.run)
    #expect(report.title == "calls by week (400 days in 58 weeks)")
    guard case .bars(let chart) = report.blocks.first else {
      Issue.record("expected bars")
      return
    }
    #expect(chart.items.count == 58)
    #expect(chart.items.first?.label == "2026-01-05" && chart.items.last?.label == "2027-02-08")
    #expect(chart.items.dropLast().allSatisfy { $0.value == 7 } && chart.items.last?.value == 1)
    let markdown = MarkdownRenderer().render(report)
    #expect(!markdown.contains("2026-01-06"))
  }

  /// 744 hourly points become 31 days in the mermaid block, each its peak hour.
  @Test func hourlyLinesAreThinnedToDaysForMermaid() {
    let labels = (0..<744).map { h in "\(newYear.adding(days: h / 24)) \(h % 24 < 10 ? "0" : "")\(h % 24):00" }
    let values: [Double?] = (0..<744).map { Double($0 % 24) + ($0 == 100 ? 50 : 0) }
    let chart = LineChart(
      title: "Hourly", labels: labels, series: [.init(name: "cost", values: values)], unit: .dollars)
    let (thin, note) = chart.thinned(to: 62)
    #expect(thin.labels.count == 31 && thin.labels.first == "2026-01-01" && note == "peak hour of each day")
    // Hour 100 is 04:00 on day 5 (2026-01-05): its spike of 50 + 4 is that day's peak.
    #expect(thin.series[0].values[4] == 54 && thin.series[0].values[0] == 23)
    let md = MarkdownRenderer().render(Report(title: "", blocks: [.line(chart)]))
    let axis = md.split(separator: "\n").first { $0.hasPrefix("  x-axis") } ?? ""
    #expect(axis.split(separator: ",").count == 31)
    #expect(chart.thinned(to: 744).note == nil)
  }
}
