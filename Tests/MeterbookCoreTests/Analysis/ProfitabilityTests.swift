import Foundation
import Testing

@testable import MeterbookCore

/// Known answers for customer profitability: markup against margin, discounted lifetime value,
/// where churn comes from, and what repricing the losers earns.
struct ProfitabilityTests {
  /// `count` customers over `days` days from 2026-01-05: the first `leaving` stop calling after
  /// day `lastDay`, the rest call daily to the end (one gpt-4o-mini call at noon).
  static func churnRun(customers: Int, days: Int, leaving: Int, lastDay: Int) -> RunBuilder {
    var b = RunBuilder(days: days, customers: customers)
    for c in 0..<customers {
      for day in 0..<(c < leaving ? lastDay + 1 : days) { b.add(day: day, customer: c) }
    }
    return b
  }

  @Test func costPlusTwentyPercentIsASixteenPointSevenPercentMargin() throws {
    let margin = try #require(MarginMath.margin(markup: 0.2))
    #expect(abs(margin - 1.0 / 6.0) < 1e-12)
    #expect(abs((MarginMath.markup(margin: margin) ?? 0) - 0.2) < 1e-12)
    #expect(MarginMath.describe(markup: 0.2) == "a 20% markup, which is a 16.7% gross margin")
    #expect(MarginMath.margin(markup: -1) == nil && MarginMath.markup(margin: 1) == nil)
  }

  @Test func lifetimeValueIsTheDiscountedSumOfMonthlyMargins() throws {
    // m = $100, c = 3%, d = 10%/year → 0.797414%/month: LTV = 100 × 1.00797414 / 0.03797414.
    let d = Lifetime.monthlyDiscount(annual: 0.10)
    #expect(abs(d - 0.007_974_140_428_9) < 1e-12)
    let value = try #require(Lifetime.value(monthlyMargin: Money(dollars: 100), churn: 0.03, discount: d))
    #expect(abs(value.dollars - 2654.369_866) < 0.001)
    // The closed form equals the series Σ m (1 − c)^t / (1 + d)^t.
    let series = (0..<5000).reduce(0.0) { $0 + 100 * pow(0.97 / (1 + d), Double($1)) }
    #expect(abs(value.dollars - series) < 0.001)
    #expect(Lifetime.value(monthlyMargin: Money(dollars: 100), churn: 0, discount: 0) == nil)
  }

  @Test func aDeclinePatternIsTheChurnOfItsSimulation() throws {
    let estimate = try #require(ChurnEstimate.simulated([.base(jitter: 0.1), .decline(monthlyChurn: 0.03)]))
    #expect(estimate.source == .simulation)
    // 3% per 30 days over a mean calendar month of 30.436875 days.
    #expect(abs(estimate.monthlyRate - 0.030_430_159_934) < 1e-9)
    let two = try #require(ChurnEstimate.simulated([.decline(monthlyChurn: 0.03), .decline(monthlyChurn: 0.02)]))
    #expect(abs(two.monthlyRate - (1 - pow(0.97 * 0.98, 30.436_875 / 30))) < 1e-12)
    #expect(ChurnEstimate.simulated([.growth(monthly: 0.1)]) == nil)

    let result = try Simulator(
      scenario: Fixtures.scenario(customers: 40, days: 14, traffic: [.decline(monthlyChurn: 0.03)])
    ).run()
    let c = AnalysisContext(result)
    let resolved = ChurnEstimate.resolve(c, observed: ObservedChurn(run: c.run, customers: 40, period: c.period))
    #expect(resolved.source == .simulation && abs(resolved.monthlyRate - estimate.monthlyRate) < 1e-12)
  }

  @Test func churnIsReadFromCustomersWhoWentSilent() {
    // 10 customers over 60 days; 3 stop after day 19. Watch ends 7 days before the end (day 53):
    // 7 × 52.5 days + 3 × 19 days = 424.5 days at risk; the period is 27/31 + 1 + 5/31 months.
    let b = Self.churnRun(customers: 10, days: 60, leaving: 3, lastDay: 19)
    let c = b.context()
    let observed = ObservedChurn(run: c.run, customers: 10, period: c.period)
    #expect(observed.churned == [true, true, true] + [Bool](repeating: false, count: 7))
    #expect(observed.watchedCount == 10)
    let months = 424.5 * (27.0 / 31 + 1 + 5.0 / 31) / 60
    #expect(abs(observed.monthsAtRisk - months) < 1e-9)
    let rate = 1 - exp(-3 / months)
    #expect(abs((observed.monthlyRate ?? 0) - rate) < 1e-12)
    let f = ProfitabilityAnalyzer().findings(c)
    #expect(f.churn.source == .observed && abs(f.churn.monthlyRate - rate) < 1e-12)
  }

  @Test func observedChurnRecoversTheChurnASimulationPlanted() throws {
    // 1,000 customers at 2-4 calls a day for 90 days, 5% churn per 30 days: read back from the
    // calls alone (as an import would), the monthly rate is 1 − 0.95^(30.436875/30) ≈ 5.07%.
    var scenario = Fixtures.scenario(customers: 1000, days: 90, seed: 11, traffic: [.decline(monthlyChurn: 0.05)])
    scenario.population.archetypes = [.init(name: "light", share: 1, callsPerDay: 2...4)]
    let result = try Simulator(scenario: scenario).run()
    let observed = ObservedChurn(run: result.run, customers: 1000, period: scenario.period)
    let planted = try #require(ChurnEstimate.simulated(scenario.traffic)).monthlyRate
    let rate = try #require(observed.monthlyRate)
    #expect(observed.churnedCount >= 100)
    #expect(abs(rate - planted) / planted < 0.25, "observed \(rate), planted \(planted)")
  }

  @Test func withoutChurnInTheDataTheDefaultIsUsedAndSaid() {
    let c = Self.churnRun(customers: 5, days: 28, leaving: 0, lastDay: 0).context()
    let f = ProfitabilityAnalyzer().findings(c)
    #expect(f.churn.source == .assumed && f.churn.monthlyRate == ChurnEstimate.defaultMonthlyRate)
    #expect(f.churn.explanation.hasPrefix("assumed (5%/month)"))
    let r = ProfitabilityAnalyzer().report(c)
    guard case .table(let ltv) = r.blocks[4] else {
      Issue.record("no lifetime table")
      return
    }
    #expect(ltv.title.contains("assumed (5%/month)"))
  }

  @Test func repricingEarnsTheExpectedMarginAfterPriceSensitiveChurn() throws {
    // One whole month. A: cost $100, bill $29, steady loss → new bill $120, rise 314% → stays 70%:
    // margin 0.7 × 91 + 0.3 × 71 = $85.00, revenue 0.7 × 91 − 0.3 × 29 = $55.00.
    // B: cost $10 all in the first half, bill $5 → new $12: margin 0.7 × 7 + 0.3 × 5 = $6.40,
    // revenue 0.7 × 7 − 0.3 × 5 = $3.40. Confidence: A's share of the gain, 85 / 91.4.
    let period = Period(start: CalendarDay(year: 2026, month: 1, day: 1), days: 31)
    let finding = try #require(
      RepricingFinding.compute(
        losers: [
          .init(
            id: "a", cost: Money(dollars: 100), bill: Money(dollars: 29), costFirstHalf: Money(dollars: 50),
            costSecondHalf: Money(dollars: 50)),
          .init(
            id: "b", cost: Money(dollars: 10), bill: Money(dollars: 5), costFirstHalf: Money(dollars: 10),
            costSecondHalf: .zero),
        ], markup: 0.2, sensitivity: .init(), period: period))
    #expect(finding.marginGainPerMonth == Money(dollars: 91, cents: 40))
    #expect(finding.amountPerMonth == finding.marginGainPerMonth)
    #expect(finding.revenueChangePerMonth == Money(dollars: 58, cents: 40))
    #expect(abs(finding.confidence - 85 / 91.4) < 1e-9)
    #expect(abs(finding.expectedChurned - 0.6) < 1e-12)
    #expect(finding.customers == ["a", "b"])
    #expect(abs((finding.margin ?? 0) - 1.0 / 6.0) < 1e-12)
    #expect(finding.assumptions.contains { $0.contains("a 20% markup, which is a 16.7% gross margin") })
  }

  @Test func theReportRecommendsRepricingWithItsMonthlyAmount() throws {
    // Customer 0 runs 28 days of claude-opus calls far above the $29 fee.
    var b = RunBuilder(days: 28, customers: 3)
    for day in 0..<28 {
      b.add(day: day, customer: 0, model: "anthropic/claude-opus-4-5", input: 20_000, output: 2_000, count: 20)
      b.add(day: day, customer: 1)
      b.add(day: day, customer: 2)
    }
    let c = b.context()
    let f = ProfitabilityAnalyzer().findings(c)
    #expect(f.losers.map(\.id) == ["cust_1"])
    let losses = zip(c.revenueByCustomer, c.costByCustomer).filter { $0 < $1 }.count
    #expect(f.losers.count == losses)
    let r = try #require(f.repricing)
    #expect(r.confidence > 0.9)
    let report = ProfitabilityAnalyzer().report(c)
    #expect(
      report.recommendation
        == "Reprice the unprofitable customer at AI cost + 20%: a 20% markup, which is a 16.7% gross margin.")
    #expect(report.outcome.hasPrefix("Expected +\(Format.money(r.marginGainPerMonth))/month of gross margin"))
  }
}
