import Testing

@testable import MeterbookCore

/// Discounts: percent or amount off the subtotal for the first N periods, per tier.
struct DiscountTests: LoadsWorkbookText {
  func day(_ y: Int, _ m: Int, _ d: Int) -> CalendarDay { CalendarDay(year: y, month: m, day: d) }

  /// Invoice totals of customer 0 (tier starter) over January–March 2026 (90 days).
  func totals(_ plan: Plan) -> [Money] {
    var b = RunBuilder(days: 90, customers: 1, start: day(2026, 1, 1))
    b.add(day: 0)
    let period = Period(start: day(2026, 1, 1), days: 90)
    let bills = PricingEngine(plans: [plan], period: period)
      .bills(plan, run: b.run, population: Population(imported: b.run, start: period.start))
    return bills.first?.invoices.map(\.total) ?? []
  }

  @Test func aDiscountForTwoPeriodsEndsOnTheThird() {
    // $50 a month, 20% off the first two months: $40, $40, then $50.
    let plan = Plan(name: "p", fees: ["*": Money(dollars: 50)])
    var discounted = plan
    discounted.discounts = [Discount(off: .percent(0.2), periods: 2)]
    #expect(totals(discounted) == [Money(dollars: 40), Money(dollars: 40), Money(dollars: 50)])
  }

  @Test func aTierCouponSkipsOtherTiersAndAnAmountStopsAtZero() {
    var plan = Plan(name: "p", fees: ["*": Money(dollars: 50)])
    plan.discounts = [Discount(off: .percent(0.5), tier: "pro")]
    #expect(totals(plan) == [Money(dollars: 50), Money(dollars: 50), Money(dollars: 50)])
    plan.discounts = [Discount(off: .amount(Money(dollars: 60)), periods: 1)]
    #expect(totals(plan) == [.zero, Money(dollars: 50), Money(dollars: 50)])
  }

  @Test func aDiscountNeedsExactlyOneOfPercentOrAmount() {
    let text = """
      title: t
      scenarios:
        base: {customers: 5}
      plans:
        p:
          fee: 10
          discounts:
            - {percent: 20, amount: 5}
            - {percent: 20, tier: pr}
      """
    #expect(
      errors(text) == [
        "wb.yaml:8:9: a discount needs exactly one of percent or amount",
        "wb.yaml:9:29: unknown tier 'pr' in discount; expected one of: enterprise, pro, starter",
      ])
  }
}
