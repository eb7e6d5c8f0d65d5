import Testing

@testable import MeterbookCore

/// A projection continues each customer's billing from month to month: a discount for N
/// periods ends after month N, a wallet's balance is spent across months.
struct ProjectionCarryTests {
  let start = CalendarDay(year: 2026, month: 1, day: 1)

  var scenario: Scenario {
    Scenario(
      name: "p", seed: 5, start: start, days: 31, catalog: Fixtures.catalog,
      population: PopulationSpec(customers: 4))
  }

  /// Four months, nobody arrives or leaves, usage flat: only the carry changes the bills.
  let horizon = Horizon(months: 4, arrivals: [], churn: 0, expansion: 0)

  func revenue(_ plans: [Plan], _ name: String) throws -> [[Money]] {
    let projection = try ProjectionRunner(scenario: scenario, plans: plans, horizon: horizon).run()
    return try #require(projection.path(name)).revenue
  }

  @Test func aDiscountForTwoPeriodsEndsAfterTheSecondProjectedMonth() throws {
    var coupon = Plan(name: "coupon", fees: ["*": Money(dollars: 100)])
    coupon.discounts = [Discount(off: .percent(0.5), periods: 2)]
    let plans = [Plan(name: "list", fees: ["*": Money(dollars: 100)]), coupon]
    // $100 a month, half off the first two invoices: $50, $50, then $100, $100.
    let months = try revenue(plans, "coupon")
    let expected = [50, 50, 100, 100].map { Money(dollars: $0) }
    for customer in 0..<4 { #expect(months.map { $0[customer] } == expected) }
  }

  @Test func aWalletGrantIsSpentAcrossProjectedMonths() throws {
    var prepaid = Plan(name: "prepaid", fees: ["*": Money(dollars: 60)])
    prepaid.wallet = [CreditGrant(name: "welcome", amount: Money(dollars: 100))]
    let plans = [Plan(name: "list", fees: ["*": Money(dollars: 60)]), prepaid]
    // $100 of credit against $60 a month: January is paid by it ($40 left), February's $60
    // takes the $40 and bills $20, March and April bill $60.
    let months = try revenue(plans, "prepaid")
    let expected = [0, 20, 60, 60].map { Money(dollars: $0) }
    for customer in 0..<4 { #expect(months.map { $0[customer] } == expected) }
  }

  @Test func aGrandfatheredCustomerStartsTheNewPlansDiscountWhenTheyMove() throws {
    var coupon = Plan(name: "coupon", fees: ["*": Money(dollars: 100)])
    coupon.discounts = [Discount(off: .percent(0.5), periods: 2)]
    let plans = [Plan(name: "list", fees: ["*": Money(dollars: 80)]), coupon]
    var h = horizon
    h.migrations = [.init(plan: "coupon", on: CalendarDay(year: 2026, month: 3, day: 1))]
    let projection = try ProjectionRunner(scenario: scenario, plans: plans, horizon: h).run()
    let months = try #require(projection.path("coupon")).revenue
    // $80 on the list plan for January and February, then the coupon's first two invoices
    // ($50 each) in March and April: its discount counts from the move, not the horizon's start.
    let expected = [80, 80, 50, 50].map { Money(dollars: $0) }
    for customer in 0..<4 { #expect(months.map { $0[customer] } == expected) }
  }
}
