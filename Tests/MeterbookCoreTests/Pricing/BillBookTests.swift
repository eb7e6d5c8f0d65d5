import Testing

@testable import MeterbookCore

struct BillBookTests {
  /// A book keyed only by plan name would hand `pro`'s bills out for the per-tier plan, or
  /// one month's bills for two.
  @Test func aBookGivesTheEngineBillsForEachPlanPlanListAndLength() throws {
    let r = try Simulator(scenario: Fixtures.scenario(customers: 30, days: 10)).run()
    let cube = UsageCube(r.run, grain: .day)
    let perCall = Plan(
      name: "metered", fees: ["*": Money(dollars: 3)],
      charges: [Charge(metric: "calls", model: .perUnit(price: Money(dollars: 1), per: 1_000))])
    let flat = Plan(name: "flat", fees: ["*": Money(dollars: 20)])
    let tier = try #require(r.population.spec.tiers.first?.name)
    let mixed = Plan(name: "metered", fees: ["*": Money(dollars: 5)], perTier: [tier: "flat"])
    let book = BillBook()
    let twoMonths = Period(start: Period.january2026.start, days: 59)
    let cases: [(Plan, [Plan], Period)] = [
      (perCall, [perCall], .january2026),
      (mixed, [mixed, flat], .january2026),
      (perCall, [perCall], twoMonths),
      (flat, [flat], .january2026),
    ]
    var seen: [[Bill]] = []
    for (plan, plans, period) in cases + cases {
      let engine = PricingEngine(plans: plans, period: period)
      let fromBook = engine.bills(plan, cube: cube, population: r.population, book: book)
      #expect(fromBook == engine.bills(plan, cube: cube, population: r.population))
      seen.append(fromBook)
    }
    #expect(Set(seen).count == 4)
  }
}
