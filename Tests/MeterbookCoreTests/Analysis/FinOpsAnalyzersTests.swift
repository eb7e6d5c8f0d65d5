import Testing

@testable import MeterbookCore

/// The five FinOps analyzers on runs whose answers are known.
struct FinOpsAnalyzersTests {
  @Test func anInjectedSpikeIsFoundAtItsHour() {
    var b = RunBuilder(days: 7)
    for day in 0..<7 { for hour in 0..<24 { b.add(day: day, hour: hour, count: 5) } }
    b.add(day: 4, hour: 15, model: "anthropic/claude-opus-4-5", input: 20_000, output: 4_000, count: 40)
    var c = b.context()
    c.asOfDay = 7  // judge the whole week, spike included
    let hourly = TimeSeries.hourlyCost(c.run, start: c.scenario.start, days: 7)
    let found = AnomalyDetector().detect(hourly)
    #expect(found.map(\.index) == [4 * 24 + 15])
    let r = RealtimeAnalyzer().report(c)
    #expect(r.problem.contains("the largest: all, 1 hour from 2026-01-09 15:00"), "\(r.problem)")
    #expect(r.problem.contains("model anthropic/claude-opus-4-5 100% (new)"), "\(r.problem)")
  }

  @Test func aCustomerBuiltToCrossItsBudgetOnDayTwentyIsFlaggedThen() {
    var b = RunBuilder(days: 30)
    // One call a day at noon costing exactly $10 (gpt-4o: 2,000 in × $2.5/M + 500 out × $10/M = $0.01) × 1,000.
    for day in 0..<30 { b.add(day: day, customer: 1, model: "openai/gpt-4o", input: 2_000, output: 500, count: 1_000) }
    let budget = Budget(
      name: "cust", scope: .init(dimension: "customer", value: "cust_2"), amount: Money(dollars: 200),
      thresholds: [0.5, 0.8, 1.0])
    let status = AlertEngine.budgets(b.context(budgets: [budget]))[0]
    #expect(status.crossings.map(\.share) == [0.5, 0.8, 1.0])
    #expect(status.crossings.map { AlertEngine.iso($0.at).prefix(10) } == ["2026-01-14", "2026-01-20", "2026-01-24"])
    // Forecast overruns (the month's pace passing the budget) come earlier and are checked in AlertsTests.
    let events = AlertEngine.evaluate(b.context(budgets: [budget])).filter { !$0.rule.hasSuffix("forecast overrun") }
    #expect(events.map(\.severity) == ["info", "warning", "critical"])
    #expect(events.last?.time.hasPrefix("2026-01-24") == true)  // day 20 (0-based 19) from 2026-01-05
  }

  @Test func theUnderstandingReportStatesTheForecastMethodTheStepAndAWholeWeeksChange() throws {
    // Six weeks of busy weekdays and quiet weekends; calls halve from day 28 (Monday 2026-02-02) on.
    var b = RunBuilder(days: 42)
    for day in 0..<42 { b.add(day: day, count: (day % 7 >= 5 ? 30 : 100) / (day >= 28 ? 2 : 1)) }
    let c = b.context()
    let finding = ForecastFinding(TimeSeries.dailyCost(c.run, start: c.scenario.start, days: c.scenario.days))
    #expect(finding.forecast.method == .multiplicative)
    let shift = try #require(finding.forecast.levelShift)
    #expect(shift.index == 28 && shift.day == CalendarDay(year: 2026, month: 2, day: 2))
    #expect(abs(shift.relativeChange - -0.5) < 1e-6)
    // The next 4 weeks at the new level against the last 4 (two before the step, two after): −1/3.
    #expect(finding.weeks == 4)
    #expect(abs(try #require(finding.change) - -1.0 / 3) < 1e-6)
    let naive = try #require(finding.forecast.backtest?.score(.seasonalNaive))
    let model = try #require(finding.forecast.backtest?.score(.multiplicative))
    #expect(try #require(model.wape) < 1e-6)
    #expect(try #require(naive.wape) > 0.05)  // last week still straddles the step at the first origins
    let r = UnderstandingAnalyzer().report(c)
    #expect(r.outcome.contains(finding.forecast.methodName), "\(r.outcome)")
    #expect(finding.forecast.methodName.hasSuffix("(multiplicative)"))
    #expect(r.outcome.contains(ForecastMethod.seasonalNaive.name), "\(r.outcome)")
    #expect(r.impact.contains("dropped 50% on 2026-02-02"), "\(r.impact)")
  }

  @Test func aPremiumModelOnClassificationIsListedWithItsSpend() {
    var b = RunBuilder(days: 7)
    b.add(day: 1, model: "anthropic/claude-opus-4-5", task: .classification, input: 1_000, output: 10, count: 100)
    b.add(day: 2, model: "openai/gpt-4o-mini", task: .classification, count: 100)
    let r = RealtimeAnalyzer().report(b.context())
    let opus = Fixtures.catalog.model("anthropic/claude-opus-4-5")!.price.cost(input: 1_000, output: 10, cached: 0)
    let expected = opus * 100
    guard case .table(let t) = r.blocks.last else {
      Issue.record("no table")
      return
    }
    #expect(t.rows == [["anthropic/claude-opus-4-5", "100", Format.money(expected)]])
  }

  @Test func allocationsSumToTheTotalToTheCent() {
    let result = try! Simulator(scenario: Fixtures.scenario(customers: 60, days: 7)).run()
    let centers = [
      CostCenter(businessUnit: "A", team: "t1", project: "p1", selector: ["product": "assistant"]),
      CostCenter(businessUnit: "A", team: "t2", project: "p2", selector: ["feature": "code"]),
      CostCenter(businessUnit: "B", team: "t3", project: "p3", selector: ["provider": "OpenAI"]),
    ]
    let lines = AlignmentAnalyzer().chargeback(AnalysisContext(result, costCenters: centers))
    #expect(Money.sum(lines.map(\.cost)) == result.run.totalCost)
    #expect(lines.reduce(0) { $0 + $1.calls } == result.run.count)
    #expect(lines.last?.businessUnit == "(unallocated)")
  }

  @Test func everyFinOpsReportNamesItsDomainAndQuantifiesInDollars() {
    let result = try! Simulator(scenario: Fixtures.scenario(customers: 40, days: 14)).run()
    let c = AnalysisContext(result)
    for name in [AnalyzerName.understanding, .performance, .realtime, .optimization, .alignment] {
      let r = name.report(c)
      #expect(r.domain.hasPrefix("FinOps:"), "\(name)")
      #expect(!r.problem.isEmpty && !r.recommendation.isEmpty, "\(name)")
      #expect((r.impact + r.outcome + r.problem).contains("$"), "\(name)")
    }
  }
}
