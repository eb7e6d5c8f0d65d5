import Testing

@testable import MeterbookCore

/// The real-time report's findings other than anomalies: allocation per calendar month, value at
/// risk without noise, fast-rising customers above a floor, and the "as of" moment.
struct RealtimeTests {
  struct AllocationCase: Sendable, CustomTestStringConvertible {
    var start: CalendarDay
    var days: Int
    var asOfDay: Int
    var month: String
    var calls: Int
    var used: Double
    var projected: Double
    var daysLeft: Int
    var testDescription: String { "\(days) days from \(start), as of day \(asOfDay)" }
  }

  /// 40 calls a day against a monthly allowance of 1,000.
  static let allocationCases = [
    AllocationCase(
      start: CalendarDay(year: 2026, month: 2, day: 1), days: 28, asOfDay: 28, month: "2026-02", calls: 1_120,
      used: 1.12, projected: 1.12, daysLeft: 0),
    AllocationCase(
      start: CalendarDay(year: 2026, month: 2, day: 1), days: 28, asOfDay: 14, month: "2026-02", calls: 560,
      used: 0.56, projected: 1.12, daysLeft: 14),
    AllocationCase(
      start: CalendarDay(year: 2026, month: 3, day: 1), days: 31, asOfDay: 31, month: "2026-03", calls: 1_240,
      used: 1.24, projected: 1.24, daysLeft: 0),
    AllocationCase(
      start: CalendarDay(year: 2026, month: 3, day: 1), days: 31, asOfDay: 10, month: "2026-03", calls: 400,
      used: 0.40, projected: 1.24, daysLeft: 21),
    AllocationCase(
      start: CalendarDay(year: 2026, month: 1, day: 1), days: 60, asOfDay: 60, month: "2026-03", calls: 40,
      used: 0.04, projected: 1.24, daysLeft: 30),
    AllocationCase(
      start: CalendarDay(year: 2026, month: 1, day: 1), days: 60, asOfDay: 45, month: "2026-02", calls: 560,
      used: 0.56, projected: 1.12, daysLeft: 14),
  ]

  @Test(arguments: allocationCases)
  func allocationIsJudgedOnTheCalendarMonthAndProjectedByItsRealLength(_ k: AllocationCase) {
    var b = PlantedRun(start: k.start, days: k.days)
    for day in 0..<k.days { b.add(day: day, hour: 12, dollars: 0.001, count: 40) }
    let status = RealtimeAnalyzer().findings(b.context(asOfDay: k.asOfDay)).allocation
    #expect(status.count == 1)
    guard let s = status.first else { return }
    #expect(s.month == k.month && s.calls == k.calls && s.allowance == 1_000 && s.daysLeft == k.daysLeft)
    #expect(abs(s.used - k.used) < 1e-12)
    #expect(abs(s.projected - k.projected) < 1e-12)
  }

  @Test func aMonthsFirstDaysTakeTheirPaceFromTheLastWeek() throws {
    // 60 days from January 1 end on March 1; that one day has a 200-call burst, the days before 40 calls.
    var b = PlantedRun(start: CalendarDay(year: 2026, month: 1, day: 1), days: 60)
    for day in 0..<60 { b.add(day: day, hour: 12, dollars: 0.001, count: day == 59 ? 200 : 40) }
    let s = try #require(RealtimeAnalyzer().findings(b.context(asOfDay: 60)).allocation.first)
    #expect(s.month == "2026-03" && s.calls == 200 && s.daysElapsed == 1 && s.daysLeft == 30)
    // Pace (6 × 40 + 200) / 7 a day for 30 days, not 200 a day.
    #expect(abs(s.projectedCalls - (200 + 440.0 / 7 * 30)) < 1e-9)
  }

  /// 30 days from 2026-01-05, "now" at day 20; bills are the $29 tier fee prorated to the period.
  static func portfolio() -> AnalysisContext {
    var b = PlantedRun(days: 30, customers: 5)
    for day in 0..<30 {
      b.add(day: day, hour: 12, customer: 0, dollars: 0.97)  // projected just over the bill: within the minimum gap
      b.add(day: day, hour: 12, customer: 1, dollars: day % 2 == 0 ? 0.2 : 1.9)  // over on average, but noisy
      b.add(day: day, hour: 12, customer: 2, dollars: 2)  // twice the bill
      b.add(day: day, hour: 12, customer: 3, dollars: day == 3 ? 35 : 0.2)  // already past the bill
      b.add(day: day, hour: 12, customer: 4, dollars: day == 16 ? 20 : 0.5)  // a burst in the last week
    }
    return b.context(asOfDay: 20)
  }

  @Test func valueAtRiskCountsOnlyCustomersAboveTheirBillBeyondNoise() {
    let c = Self.portfolio()
    let bills = c.revenueByCustomer
    let risk = RealtimeAnalyzer().findings(c).portfolio
    #expect(risk.unprofitable.map(\.customer) == ["cust_3", "cust_4", "cust_5"])  // largest gap first
    #expect(risk.valueAtRisk == bills[2] + bills[3] + bills[4])
    // The burst day neither sets cust_5's pace ($0.50 a day, not $3.29) nor hides it behind its noise.
    #expect(risk.unprofitable.last?.projectedCost == Money(dollars: 34, cents: 50))
    // Both excluded customers are projected above their bill: cust_1 by less than the minimum gap
    // ($29.10 against $28.37), cust_2 within its noise (counted only when noise is ignored).
    #expect(
      Money(dollars: 29, cents: 10) > bills[0]
        && Money(dollars: 29, cents: 10) - bills[0] < Money(dollars: 1, cents: 42))
    let judged2 = PortfolioRisk.judge(
      soFar: 21_000_000_000, recent: (6..<20).map { $0 % 2 == 0 ? 200_000_000 : 1_900_000_000 }, bill: bills[1],
      name: "cust_2", now: 20, daysLeft: 10, policy: .init())
    #expect(judged2 == nil)
    var noNoise = PortfolioRisk.Policy()
    noNoise.errors = 0
    #expect(
      PortfolioRisk.judge(
        soFar: 21_000_000_000, recent: (6..<20).map { $0 % 2 == 0 ? 200_000_000 : 1_900_000_000 }, bill: bills[1],
        name: "cust_2", now: 20, daysLeft: 10, policy: noNoise) != nil)
  }

  @Test func fastRisingCustomersNeedBothWeeksAboveTheFloor() {
    var b = PlantedRun(days: 28, customers: 4)
    for day in 7..<21 {
      let late = day >= 14
      b.add(day: day, hour: 12, customer: 0, dollars: late ? 0.3 : 0.1)  // tripled, but $0.70 a week before
      b.add(day: day, hour: 12, customer: 1, dollars: late ? 6 : 2)  // tripled from $14 a week
      b.add(day: day, hour: 12, customer: 2, dollars: late ? 2.5 : 2)  // +25%
      b.add(day: day, hour: 12, customer: 3, dollars: late ? 2 : 1)  // doubled from $7, under the median week
    }
    let risk = RealtimeAnalyzer().findings(b.context(asOfDay: 21)).portfolio
    #expect(risk.risingFloor == Money(dollars: 10, cents: 50))  // median of $0.70, $14, $14, $7
    #expect(risk.rising.map(\.customer) == ["cust_2"])
    #expect(risk.rising.first.map { abs($0.growth - 2) < 1e-12 } == true)
    #expect(risk.trend == .up)
  }

  @Test func theReportPrintsItsAsOfDateAndNoNonFiniteNumbers() {
    let c = Self.portfolio()
    let report = RealtimeAnalyzer().report(c)
    #expect(report.outcome.hasPrefix("As of 2026-01-24 (day 20 of 30)"), "\(report.outcome)")
    #expect(report.impact.contains("from 3 customers projected to cost more than they pay"), "\(report.impact)")
    let text = TextRenderer(width: 160).render(report)
    for bad in ["nan", "inf", "∞", "–"] { #expect(!text.contains(bad), "\(bad)") }
  }

  @Test func importsAreJudgedAsOfTheEndOfTheData() {
    var b = PlantedRun(start: CalendarDay(year: 2026, month: 3, day: 1), days: 31)
    for day in 0..<31 { b.add(day: day, hour: 12, dollars: 0.001, count: 40) }
    let c = AnalysisContext(imported: b.run, catalog: Fixtures.catalog)
    let f = RealtimeAnalyzer().findings(c)
    #expect(f.asOfDay == 31 && f.asOf == CalendarDay(year: 2026, month: 3, day: 31))
  }
}
