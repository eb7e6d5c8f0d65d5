import Testing

@testable import MeterbookCore

struct PlanOddsTests {
  private let u = Uncertainty(seeds: 12, interval: 0.9)

  /// Figures of `seeds` seeds of the what-if workbook's base scenario with `plans` billed.
  private func perSeed(_ plans: [Plan]) throws -> [WhatIfFigures] {
    let session = try WhatIfWorkbook.session()
    let scenario = try #require(session.workbook.scenario("base"))
    return try SeedRunner(u).measure(scenario) { m in m.figures(plans: plans, billing: plans.map(\.name)) }
  }

  @Test func aPlanIdenticalToTheCurrentOneDiffersByExactlyZeroInEverySeed() throws {
    let flat = Plan(name: "flat", fees: ["*": Money(dollars: 10)])
    var twin = flat
    twin.name = "twin"
    let odds = try #require(PlanOdds(try perSeed([flat, twin]), uncertainty: u))
    let entry = try #require(odds.entry("twin"))
    #expect(entry.versusCurrent == Band(low: .zero, median: .zero, high: .zero))
    #expect(entry.winRate == 0.5)
    #expect(entry.beatsCurrent == 0.5)
    // Identical plans are a tie, not a recommendation.
    #expect(odds.verdict == .undecided(leader: "flat", runnerUp: "twin", leaderWins: 0.5))
  }

  @Test func aPlanThatEarnsMoreInEverySeedIsRecommendedWithFullConfidence() throws {
    let flat = Plan(name: "flat", fees: ["*": Money(dollars: 10)])
    let dearer = Plan(name: "dearer", fees: ["*": Money(dollars: 11)])
    let figures = try perSeed([flat, dearer])
    let odds = try #require(PlanOdds(figures, uncertainty: u))
    #expect(odds.verdict == .recommend(plan: "dearer", runnerUp: "flat", confidence: 1))
    let entry = try #require(odds.entry("dearer"))
    #expect(entry.winRate == 1)
    #expect(entry.beatsCurrent == 1)
    // Paired: the difference is the fee difference on every customer, whatever the seed.
    let differences = figures.map { $0.plans[1].margin - $0.plans[0].margin }
    #expect(Set(differences).count == 1)
    #expect(entry.margin.median > odds.entries[0].margin.median)
  }

  @Test func winRatesOfAllPlansSumToOne() throws {
    let plans = [
      Plan(name: "flat", fees: ["*": Money(dollars: 10)]),
      Plan(
        name: "usage", charges: [Charge(metric: "calls", model: .perUnit(price: Money(dollars: 0, cents: 1), per: 1))]),
      Plan(name: "cheap", fees: ["*": Money(dollars: 2)]),
    ]
    let odds = try #require(PlanOdds(try perSeed(plans), uncertainty: u))
    #expect(abs(odds.entries.map(\.winRate).reduce(0, +) - 1) < 1e-12)
    #expect(odds.entry("cheap")?.winRate == 0)
  }

  @Test func theVerdictDeclinesWhenTheRunnerUpWinsMoreSeedsThanTheTolerance() {
    func seed(_ a: Int64, _ b: Int64) -> WhatIfFigures {
      WhatIfFigures(
        calls: 1, activeCustomers: 1, cost: .zero, errors: 0,
        plans: [
          .init(plan: "a", revenue: Money(dollars: a), margin: Money(dollars: a)),
          .init(plan: "b", revenue: Money(dollars: b), margin: Money(dollars: b)),
        ])
    }
    // b wins 8 of 10 seeds: short of 90%, so no recommendation; with a tolerance of 0.25 it is.
    let seeds = (0..<10).map { $0 < 8 ? seed(100, 110) : seed(100, 90) }
    let strict = PlanOdds(seeds, uncertainty: Uncertainty(seeds: 10, tolerance: 0.1))
    #expect(strict?.verdict == .undecided(leader: "b", runnerUp: "a", leaderWins: 0.8))
    let lenient = PlanOdds(seeds, uncertainty: Uncertainty(seeds: 10, tolerance: 0.25))
    #expect(lenient?.verdict == .recommend(plan: "b", runnerUp: "a", confidence: 0.8))
  }
}
