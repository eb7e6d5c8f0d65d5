import Testing

@testable import MeterbookCore

/// Coupons per archetype and committed-use discounts.
struct SegmentAndCommittedUseDiscountTests: LoadsWorkbookText {
  /// Invoice totals per customer over January and February 2026, customer 1 a `heavy` archetype.
  func totals(_ plan: Plan, calls: [(day: Int, customer: Int, count: Int)]) -> [[Money]] {
    let start = CalendarDay(year: 2026, month: 1, day: 1)
    var b = RunBuilder(days: 59, customers: 2, start: start)
    for c in calls { b.add(day: c.day, customer: c.customer, count: c.count) }
    var population = Population(imported: b.run, start: start)
    population.spec.archetypes = [
      .init(name: "light", share: 0.5, callsPerDay: 1...2), .init(name: "heavy", share: 0.5, callsPerDay: 50...80),
    ]
    population.customers[1].archetype = 1
    return PricingEngine(plans: [plan], period: Period(start: start, days: 59))
      .bills(plan, run: b.run, population: population).map { $0.invoices.map(\.total) }
  }

  @Test func anArchetypeCouponDiscountsOnlyThatArchetypeForItsPeriods() {
    var plan = Plan(name: "p", fees: ["*": Money(dollars: 50)])
    plan.discounts = [Discount(off: .percent(0.2), periods: 1, archetype: "heavy")]
    #expect(
      totals(plan, calls: []) == [
        [Money(dollars: 50), Money(dollars: 50)], [Money(dollars: 40), Money(dollars: 50)],
      ])
  }

  @Test func committedUseTakesThePercentOffUsageAndRaisesAShortPeriodToTheCommitment() {
    // $10 fee (not discounted) + $1 a call; 20% off usage for committing to $100 of usage a month.
    var plan = Plan(
      name: "p", fees: ["*": Money(dollars: 10)],
      charges: [Charge(metric: "calls", model: .perUnit(price: Money(dollars: 1), per: 1))])
    plan.discounts = [Discount(off: .percent(0.2), commit: Money(dollars: 100))]
    // January 200 calls: $10 + $200 − $40 = $170. February 50 calls: $10 + $50 − $10 + $60 true-up = $110.
    let t = totals(plan, calls: [(0, 0, 200), (40, 0, 50)])
    #expect(t.first == [Money(dollars: 170), Money(dollars: 110)])
    // No calls at all: the fee plus the whole commitment each month.
    #expect(t.last == [Money(dollars: 110), Money(dollars: 110)])
  }

  @Test func creditsReduceTheDiscountedUsageButNeverTheTrueUp() {
    // $1 a call, 20% off for a $100 commitment, $30 of credits; 50 calls in January.
    var plan = Plan(name: "p", charges: [Charge(metric: "calls", model: .perUnit(price: Money(dollars: 1), per: 1))])
    plan.discounts = [Discount(off: .percent(0.2), commit: Money(dollars: 100))]
    plan.credits = Money(dollars: 30)
    let invoice = PricingEngine(plans: [], period: .january2026).firstInvoice(plan, units: [50])
    // $50 usage − $10 (20%) = $40, true-up $60 to the commitment, credits take $30 of the $40.
    #expect(invoice.lines.map(\.amount) == [50, -10, 60, -30].map { Money(dollars: $0) })
    #expect(invoice.lines.map(\.kind) == [.usage, .discount, .commitment, .credits])
    #expect(invoice.total == Money(dollars: 70))
  }

  @Test func unknownArchetypesAndAmountCommitmentsAreLocatedErrors() throws {
    let head = """
      title: t
      scenarios:
        base: {customers: 5}
      plans:
        p:
          fee: 10
          discounts:

      """
    let good = head + "      - {percent: 20, archetype: heavy, commit: 500}"
    #expect(
      try load(good).plans.first?.discounts == [
        Discount(off: .percent(0.2), archetype: "heavy", commit: Money(dollars: 500))
      ])
    let bad =
      head + """
            - {percent: 20, archetype: heavyy}
            - {amount: 20, commit: 500}
        """
    #expect(
      errors(bad) == [
        "wb.yaml:8:32: unknown archetype 'heavyy' in discount; expected one of: heavy, light, power",
        "wb.yaml:9:28: a committed-use discount takes a percent off usage; expected percent with commit",
      ])
  }
}
