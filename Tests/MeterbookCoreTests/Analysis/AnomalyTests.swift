import Testing

@testable import MeterbookCore

/// The anomaly detector and the contribution-based causes, on hourly traffic with planted truths.
struct AnomalyTests {
  /// Weekdays 09:00–17:59 only, 16–24 calls an hour of $0.008–$0.012 each, nothing at night or on
  /// weekends, for 28 days from Monday 2026-01-05.
  static func businessHours(customers: Int = 1) -> PlantedRun {
    var b = PlantedRun(days: 28, customers: customers)
    var rng = SplitMix64(seed: 42)
    for day in 0..<28 where !b.start.adding(days: day).isWeekend {
      for hour in 9...17 {
        for _ in 0..<Int.random(in: 16...24, using: &rng) {
          b.add(
            day: day, hour: hour, customer: Int.random(in: 0..<customers, using: &rng),
            dollars: Double.random(in: 0.008...0.012, using: &rng))
        }
      }
    }
    return b
  }

  /// Day 16 (Wednesday 2026-01-21) at 03:00: 40 calls of $0.01, when nothing ever ran at night.
  static let spikeHour = 16 * 24 + 3

  @Test func businessHoursTrafficWithOnePlantedNightSpikeGivesExactlyThatSpike() {
    var b = Self.businessHours()
    b.add(day: 16, hour: 3, dollars: 0.01, count: 40)
    let findings = RealtimeAnalyzer().findings(b.context(asOfDay: 28))
    let hours = findings.anomalies.flatMap(\.hours)
    #expect(hours.map(\.anomaly.index) == [Self.spikeHour, Self.spikeHour], "\(hours.map(\.scope))")
    #expect(Set(hours.map(\.scope)) == ["all", "cust_1"])
    for h in hours {
      #expect(h.anomaly.isNewSpend && h.anomaly.ratio == nil && h.anomaly.expected == 0)
    }
  }

  @Test func businessHoursAloneAreNoAnomalyAndAMondayMorningIsComparedWithEarlierMondays() {
    let b = Self.businessHours()
    let series = TimeSeries.hourlyCost(b.run, start: b.start, days: 28)
    #expect(AnomalyDetector().detect(series).isEmpty)
    // The baseline of a Monday 09:00 in week 3 is that hour in the two weeks before, not the night before it.
    let monday9 = 14 * 24 + 9
    let baseline = SeasonalBaseline.at(monday9, in: series.values, start: b.start)
    #expect(baseline?.kind == .hourOfWeek)
    #expect(baseline?.hours == [monday9 - 168, monday9 - 336])
    #expect((baseline?.expected ?? 0) > 0.1)
  }

  @Test func aZeroBaselineSpikeIsReportedAsNewSpendWithoutARatio() {
    var b = Self.businessHours()
    b.add(day: 16, hour: 3, dollars: 0.01, count: 40)
    let report = RealtimeAnalyzer().report(b.context(asOfDay: 28))
    let text = TextRenderer(width: 200).render(report)
    #expect(report.problem.contains("new spend (expected ≈ $0)"), "\(report.problem)")
    #expect(text.contains("2026-01-21 03:00"))
    #expect(!text.contains("∞") && !text.contains("nan") && !text.contains("inf"))
    guard case .table(let t) = report.blocks[1] else {
      Issue.record("no anomaly table")
      return
    }
    #expect(t.rows.map { $0[6] } == ["new spend (expected ≈ $0)", "new spend (expected ≈ $0)"])
  }

  @Test func aSmallCustomersElevenfoldSpikeIsFoundWhereAFixedDollarFloorMissesIt() {
    // A large customer spends about $2 an hour around the clock; a small one $0.05 (5 calls of $0.01).
    var b = PlantedRun(days: 28, customers: 2)
    var rng = SplitMix64(seed: 7)
    for day in 0..<28 {
      for hour in 0..<24 {
        b.add(day: day, hour: hour, customer: 0, dollars: 0.02, count: Int.random(in: 90...110, using: &rng))
        b.add(day: day, hour: hour, customer: 1, dollars: 0.01, count: day == 20 && hour == 14 ? 55 : 5)
      }
    }
    let findings = RealtimeAnalyzer().findings(b.context(asOfDay: 28))
    let found = findings.anomalies.flatMap(\.hours)
    #expect(found.map(\.scope) == ["cust_2"])
    #expect(found.map(\.anomaly.index) == [20 * 24 + 14])
    #expect(found.first.flatMap(\.anomaly.ratio).map { abs($0 - 11) < 1e-9 } == true)
    // A $1 floor, as before, misses it.
    let run = b.run
    let small = TimeSeries.hourlyCost(run, start: b.start, days: 28) { run.customer[$0] == 1 }
    #expect(AnomalyDetector(minimumDollars: 1).detect(small).isEmpty)
    #expect(AnomalyDetector().detect(small).map(\.index) == [20 * 24 + 14])
  }

  @Test func aSlowDriftOfOnePercentADayIsNoAnomaly() {
    var b = PlantedRun(start: CalendarDay(year: 2026, month: 1, day: 1), days: 60)
    var rng = SplitMix64(seed: 3)
    var level = 1.0
    for day in 0..<60 {
      for hour in 0..<24 {
        let weekday = b.start.adding(days: day).isWeekend ? 0.4 : 1.0
        let shape = (8...19).contains(hour) ? 1.0 : 0.3
        let noise = Double.random(in: 0.9...1.1, using: &rng)
        b.add(day: day, hour: hour, dollars: 0.01, count: Int((30 * level * weekday * shape * noise).rounded()))
      }
      level *= 1.01
    }
    let c = b.context(asOfDay: 60)
    #expect(RealtimeAnalyzer().findings(c).anomalies.isEmpty)
    #expect(AnomalyDetector().detect(TimeSeries.hourlyCost(c.run, start: b.start, days: 60)).isEmpty)
  }

  @Test func theFirstDaysAreNotJudgedWithoutHistory() {
    let values = [Double](repeating: 0, count: 24 * 2) + [Double](repeating: 1, count: 24)
    let start = CalendarDay(year: 2026, month: 1, day: 5)
    #expect(SeasonalBaseline.at(30, in: values, start: start) == nil)  // day 1: one earlier day
    #expect(SeasonalBaseline.at(24 * 2 + 9, in: values, start: start)?.kind == .hourOfDayKind)  // Wednesday: Mon, Tue
  }

  @Test func theCauseNamesTheCustomerModelAndFeatureThatMovedTheHourWithTheirShares() {
    // Steady traffic: cust_1 10 calls of $0.01 on gpt-4o-mini/chat, cust_3 5 calls of $0.02 on gpt-4o/search.
    var b = PlantedRun(days: 21, customers: 3)
    for day in 0..<21 {
      for hour in 0..<24 {
        b.add(day: day, hour: hour, customer: 0, dollars: 0.01, count: 10, model: 0, feature: 0)
        b.add(day: day, hour: hour, customer: 2, dollars: 0.02, count: 5, model: 2, feature: 2)
      }
    }
    // Day 15 at 10:00: cust_2 runs 30 calls of $0.10 on claude-opus-4-5 for the code feature ($3.00),
    // and cust_3 adds $0.50 of its usual calls.
    b.add(day: 15, hour: 10, customer: 1, dollars: 0.10, count: 30, model: 1, feature: 1)
    b.add(day: 15, hour: 10, customer: 2, dollars: 0.02, count: 25, model: 2, feature: 2)
    let findings = RealtimeAnalyzer().findings(b.context(asOfDay: 21))
    guard let overall = findings.anomalies.first(where: { $0.scope == "all" }), let cause = overall.cause else {
      Issue.record("no overall anomaly: \(findings.anomalies.map(\.scope))")
      return
    }
    #expect(overall.hours.map(\.anomaly.index) == [15 * 24 + 10])
    #expect(abs(cause.rise - 3.5) < 1e-9)
    #expect(cause.top("customer")?.key == "cust_2")
    #expect(cause.top("model")?.key == "anthropic/claude-opus-4-5")
    #expect(cause.top("feature")?.key == "code")
    for part in cause.contributions {
      #expect(abs(part.share - 3.0 / 3.5) < 1e-9, "\(part)")
      #expect(part.isNew)
    }
    #expect(cause.calls == 15 + 30 + 25 && abs(cause.baselineCalls - 15) < 1e-9)
  }

  @Test func equalContributionsAreBrokenByNameNotByHashOrder() {
    var b = PlantedRun(days: 21, customers: 3)
    for day in 0..<21 {
      for hour in 0..<24 {
        for customer in 0..<3 { b.add(day: day, hour: hour, customer: customer, dollars: 0.01, count: 10) }
      }
    }
    b.add(day: 16, hour: 11, customer: 2, dollars: 0.05, count: 20)
    b.add(day: 16, hour: 11, customer: 0, dollars: 0.05, count: 20)
    let cause = RealtimeAnalyzer().findings(b.context(asOfDay: 21)).anomalies.first { $0.scope == "all" }?.cause
    #expect(cause?.top("customer")?.key == "cust_1")
    #expect(cause?.top("customer").map { abs($0.share - 0.5) < 1e-9 } == true)
  }
}
