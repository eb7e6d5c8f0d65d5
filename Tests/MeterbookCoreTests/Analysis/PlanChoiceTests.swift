import Testing

@testable import MeterbookCore

/// The pricing report recommends on margin after price-sensitive churn, not before it.
struct PlanChoiceTests {
  /// Ten customers with 100 gpt-4o-mini calls each, billed for exactly one month (January 2026).
  static let context: AnalysisContext = {
    var b = RunBuilder(days: 31, customers: 10, start: Period.january2026.start)
    for c in 0..<10 { b.add(day: c, customer: c, count: 100) }
    return b.context()
  }()

  /// Two plans: "a" is $10 a month, "b" is $10 plus `perCall` on each of a customer's 100 calls.
  static func plans(perCall: Money) -> [Plan] {
    [
      Plan(name: "a", fees: ["*": Money(dollars: 10)]),
      Plan(
        name: "b", fees: ["*": Money(dollars: 10)],
        charges: [Charge(metric: "calls", model: .perUnit(price: perCall, per: 1))]),
    ]
  }

  func outcomes(_ plans: [Plan]) throws -> [PlanComparison.Outcome] {
    try PlanComparison(plans: plans, period: .january2026).outcomes(
      ["a", "b"], run: Self.context.run, population: Self.context.population)
  }

  @Test func aPlanThatWinsOnlyBeforeChurnIsNotRecommended() throws {
    // b adds $3 to every $10 bill (+30% > 25%): revenue $130 against $100, but each customer
    // stays with probability 0.7, so b keeps 0.7 × ($130 − cost) < $100 − cost.
    let out = try outcomes(Self.plans(perCall: Money(nanos: 30_000_000)))
    let cost = Self.context.run.totalCost
    #expect(out[0].margin == Money(dollars: 100) - cost && out[1].margin == Money(dollars: 130) - cost)
    #expect(out[1].atRiskCustomers == 10)
    #expect(out[1].revenueAfterChurn == Money(dollars: 91))
    #expect(out[1].marginAfterChurn == (Money(dollars: 130) - cost).scaled(by: 7, per: 10))
    let choice = try #require(PlanChoice.choose(out))
    #expect(choice.bestBeforeChurn == "b" && choice.recommended == "a" && choice.churnReversesRanking)
    let r = PlanComparison(plans: Self.plans(perCall: Money(nanos: 30_000_000)), period: .january2026)
      .report(["a", "b"], run: Self.context.run, population: Self.context.population)
    #expect(r.recommendation == "Keep 'a'.")
    #expect(r.impact.contains("'b' leads before churn"))
  }

  @Test func aPlanThatWinsAfterChurnIsRecommended() throws {
    // +$2 on $10 is a 20% rise, below the 25% threshold: nobody leaves, b earns $20 more.
    let out = try outcomes(Self.plans(perCall: Money(nanos: 20_000_000)))
    let choice = try #require(PlanChoice.choose(out))
    #expect(choice.recommended == "b" && !choice.churnReversesRanking)
    #expect(choice.gain == Money(dollars: 20))
  }

  @Test func equalMarginsKeepTheCurrentPlan() throws {
    let out = try outcomes([
      Plan(name: "a", fees: ["*": Money(dollars: 10)]), Plan(name: "b", fees: ["*": Money(dollars: 10)]),
    ])
    #expect(PlanChoice.choose(out)?.recommended == "a")
  }
}
