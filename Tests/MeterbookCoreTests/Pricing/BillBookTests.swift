import Testing

@testable import MeterbookCore

struct BillBookTests {
  /// A book keyed only by plan name would hand `pro`'s bills out for the per-tier plan, or
  /// one month's bills for two.
  @Test func aBookGivesTheEngineBillsForEachPlanPlanListAndLength() throws {
    let r = try Simulator(scenario: Fixtures.scenario(customers: 30, days: 10)).run()
    let cube = UsageCube(r.run, grain: .period)
    let perCall = Plan(
      name: "metered", fees: ["*": Money(dollars: 3)],
      charges: [Charge(metric: "calls", model: .perUnit(price: Money(dollars: 1), per: 1_000))])
    let flat = Plan(name: "flat", fees: ["*": Money(dollars: 20)])
    let tier = try #require(r.population.spec.tiers.first?.name)
    let mixed = Plan(name: "metered", fees: ["*": Money(dollars: 5)], perTier: [tier: "flat"])
    let book = BillBook()
    let cases: [(Plan, [Plan], MonthCount)] = [
      (perCall, [perCall], MonthCount(whole: 1)),
      (mixed, [mixed, flat], MonthCount(whole: 1)),
      (perCall, [perCall], MonthCount(whole: 2)),
      (flat, [flat], MonthCount(whole: 1)),
    ]
    var seen: [[Bill]] = []
    for (plan, plans, months) in cases + cases {
      let engine = PricingEngine(plans: plans, months: months)
      let fromBook = engine.bills(plan, cube: cube, population: r.population, book: book)
      #expect(fromBook == engine.bills(plan, cube: cube, population: r.population))
      seen.append(fromBook)
    }
    #expect(Set(seen).count == 4)
  }
}
