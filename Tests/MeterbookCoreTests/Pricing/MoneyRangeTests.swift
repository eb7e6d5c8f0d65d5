import Testing

@testable import MeterbookCore

/// The money range: a usage line or subtotal past `Limits.invoice` ($1 trillion) is held at it
/// and flagged, never a trap, and the workbook session refuses the plan, naming the customer.
struct MoneyRangeTests: LoadsWorkbookText {
  let january = BillingPeriod(
    start: CalendarDay(year: 2026, month: 1, day: 1), end: CalendarDay(year: 2026, month: 2, day: 1))

  func invoice(_ charges: [Charge], units: [Int64]) -> Invoice {
    let plan = Plan(name: "p", charges: charges)
    let engine = PricingEngine(plans: [plan], period: Period(start: january.start, days: 31))
    var carry = BillingCarry()
    return engine.invoice(plan, tier: "", units: units, period: january, activeDays: 31, carry: &carry)
  }

  @Test func oneTrillionDollarsIsTheLastAmountAnInvoiceMayBill() {
    // $1,000 a call: 10⁹ calls bill exactly $10¹², 10⁹ + 1 calls $1,000 more.
    let perCall = Charge(metric: "calls", model: .perUnit(price: Money(dollars: 1_000), per: 1))
    let atLimit = invoice([perCall], units: [1_000_000_000])
    #expect(atLimit.total == Money(dollars: 1_000_000_000_000))
    #expect(!atLimit.exceedsLimit)
    #expect(invoice([perCall], units: [1_000_000_001]).exceedsLimit)
  }

  @Test func chargesThatWouldOverflowInt128AreHeldAtTheLimitInsteadOfTrapping() {
    // 20 charges of $999,999,999 a unit over Int64.max units: each is about 9.2 × 10³⁶
    // nano-dollars, their sum about 1.8 × 10³⁸, past Int128.max (1.7 × 10³⁸).
    let dear = Charge(metric: "calls", model: .perUnit(price: Money(dollars: 999_999_999), per: 1))
    let inv = invoice(Array(repeating: dear, count: 20), units: Array(repeating: .max, count: 20))
    #expect(inv.exceedsLimit)
    #expect(inv.lines.map(\.amount) == Array(repeating: Money(dollars: 1_000_000_000_000), count: 20))
    #expect(inv.total == Money(dollars: 20_000_000_000_000))
  }

  @Test func aPlanWhoseBillWouldOverflowIsRefusedNamingThePlanCustomerAndPeriod() throws {
    // $999,999,999 a token: any customer with more than 1,000 tokens in January passes $10¹².
    let text = """
      title: t
      period: {start: 2026-01-01, days: 31}
      scenarios:
        base: {customers: 1}
      plans:
        flat: {fee: 10}
        huge:
          charges:
            - {metric: tokens, price: 999999999}
      """
    let session = try WorkbookSession(loader: loader, source: try YAMLSource(text: text, path: "wb.yaml"))
    #expect(throws: BillingRangeError(plan: "huge", customer: "cust_0001", period: "2026-01")) {
      try session.invoice(customer: "cust_0001", plan: "flat")
    }
    // The projection bills its own months and refuses the same plan in its first.
    #expect(throws: BillingRangeError(plan: "huge", customer: "cust_0001", period: "2026-01")) {
      try session.projection(months: 2, plans: ["flat", "huge"])
    }
    #expect(
      BillingRangeError(plan: "huge", customer: "cust_0001", period: "2026-01").description
        == "plan 'huge' bills customer cust_0001 more than $1,000,000,000,000.00 for period 2026-01; expected at "
        + "most $1,000,000,000,000.00 per invoice (hint: check the plan's prices and their 'per' units, or bill a "
        + "shorter period)")
  }
}
