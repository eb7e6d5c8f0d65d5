import Testing

@testable import MeterbookCore

/// Invoices per billing period: allowances per period, fees prorated by the days billed.
struct ProrationTests {
  func day(_ y: Int, _ m: Int, _ d: Int) -> CalendarDay { CalendarDay(year: y, month: m, day: d) }

  /// Bills customer 0 of `run` under `plan` over `period`.
  func firstBill(_ plan: Plan, _ run: Run, _ period: Period) -> Bill? {
    PricingEngine(plans: [plan], period: period)
      .bills(plan, run: run, population: Population(imported: run, start: period.start)).first
  }

  @Test func aSixtyDayRunBillsTheFeeAndTheAllowanceOncePerMonth() throws {
    // January and February 2024 (31 + 29 days), 1,500 calls in each; $49 + 1,000 calls
    // included a month, then $0.01 a call: 2 × ($49 + 500 × $0.01) = $108, not $118.
    let start = day(2024, 1, 1)
    var b = RunBuilder(days: 60, customers: 1, start: start)
    b.add(day: 3, count: 1_500)
    b.add(day: 40, count: 1_500)
    let plan = Plan(
      name: "p", fees: ["*": Money(dollars: 49)],
      charges: [Charge(metric: "calls", model: .perUnit(price: Money(nanos: 10_000_000), per: 1), included: 1_000)])
    let bill = try #require(firstBill(plan, b.run, Period(start: start, days: 60)))
    #expect(bill.total == Money(dollars: 108))
    #expect(bill.invoices.map(\.total) == [Money(dollars: 54), Money(dollars: 54)])
    #expect(bill.invoices.map(\.period.label) == ["2024-01", "2024-02"])
  }

  @Test func aRunStartingOnTheLastDayOfAMonthPaysOneDayOfIt() throws {
    // January 31 to February 28, 2026: 1/31 of $31 for January, all of February.
    var b = RunBuilder(days: 29, customers: 1, start: day(2026, 1, 31))
    b.add(day: 0)
    let plan = Plan(name: "p", fees: ["*": Money(dollars: 31)])
    let bill = try #require(firstBill(plan, b.run, Period(start: day(2026, 1, 31), days: 29)))
    #expect(bill.invoices.map(\.total) == [Money(dollars: 1), Money(dollars: 31)])
    #expect(bill.invoices.first?.lines.first?.label == "subscription (starter), 1/31 days")
  }

  @Test func aRunEndingOnTheFirstDayOfAMonthPaysOneDayOfIt() throws {
    // January 15 to March 1, 2026: 17/31 of January, February whole, 1/31 of March.
    var b = RunBuilder(days: 46, customers: 1, start: day(2026, 1, 15))
    b.add(day: 0)
    let plan = Plan(name: "p", fees: ["*": Money(dollars: 31)])
    let bill = try #require(firstBill(plan, b.run, Period(start: day(2026, 1, 15), days: 46)))
    #expect(bill.invoices.map(\.total) == [Money(dollars: 17), Money(dollars: 31), Money(dollars: 1)])
    #expect(bill.total == Money(dollars: 49))
  }

  @Test func oneDayIsAThirtyFirstOfA31DayMonthAndATwentyEighthOfFebruary() {
    // $10 / 31 = $0.32258064516… → 322,580,645 nano-dollars; $10 / 28 = $0.357142857142… →
    // 357,142,857; each rounded once, half away from zero.
    let plan = Plan(name: "p", fees: ["*": Money(dollars: 10)])
    let january = PricingEngine(plans: [plan], period: Period(start: day(2026, 1, 31), days: 1))
    let february = PricingEngine(plans: [plan], period: Period(start: day(2026, 2, 28), days: 1))
    #expect(january.firstInvoice(plan, units: []).total == Money(nanos: 322_580_645))
    #expect(february.firstInvoice(plan, units: []).total == Money(nanos: 357_142_857))
    // Half of February (14 of 28 days) is exactly half: $5.
    let half = PricingEngine(plans: [plan], period: Period(start: day(2026, 2, 1), days: 14))
    #expect(half.firstInvoice(plan, units: []).total == Money(dollars: 5))
  }

  @Test func aCustomerWhoSignsUpMidMonthPaysFromTheirSignup() throws {
    // Signed up on January 20, 2026: 12 of January's 31 days of $31.
    var b = RunBuilder(days: 31, customers: 1, start: day(2026, 1, 1))
    b.add(day: 25)
    var population = Population(imported: b.run, start: day(2026, 1, 1))
    population.customers[0].signup = day(2026, 1, 20)
    let plan = Plan(name: "p", fees: ["*": Money(dollars: 31)])
    let bills = PricingEngine(plans: [plan], period: .january2026).bills(plan, run: b.run, population: population)
    #expect(bills.first?.total == Money(dollars: 12))
    #expect(bills.first?.invoices.first?.activeDays == 12)
  }

  @Test func creditsCapsAndMinimumsApplyPerPeriodProratedLikeTheFee() throws {
    // January 1 to February 14, 2026: January whole, 14 of February's 28 days.
    // Fee $31 and minimum $62: January $31 + true-up $31; February $15.50 + true-up $15.50.
    let start = day(2026, 1, 1)
    var b = RunBuilder(days: 45, customers: 1, start: start)
    b.add(day: 0)
    let plan = Plan(name: "p", fees: ["*": Money(dollars: 31)], minimum: Money(dollars: 62))
    let bill = try #require(firstBill(plan, b.run, Period(start: start, days: 45)))
    #expect(bill.invoices.map(\.total) == [Money(dollars: 62), Money(dollars: 31)])
    #expect(bill.invoices[1].lines.map(\.amount) == [Money(dollars: 15, cents: 50), Money(dollars: 15, cents: 50)])
  }

  @Test func usageIsCountedInThePeriodOfItsDay() throws {
    // Anchor 15: calls on January 10 and January 20 fall in two periods, each with its own
    // 100 free calls: 2 × (150 − 100) × $1 = $100, not (300 − 100) × $1 = $200.
    let start = day(2026, 1, 1)
    var b = RunBuilder(days: 31, customers: 1, start: start)
    b.add(day: 9, count: 150)
    b.add(day: 19, count: 150)
    let plan = Plan(
      name: "p", charges: [Charge(metric: "calls", model: .perUnit(price: Money(dollars: 1), per: 1), included: 100)],
      billing: BillingCycle(unit: .month, anchor: 15))
    let bill = try #require(firstBill(plan, b.run, .january2026))
    #expect(bill.invoices.map(\.total) == [Money(dollars: 50), Money(dollars: 50)])
  }
}
