import Testing

@testable import MeterbookCore

/// Seats: a fee per active customer of an organization per period, tiered by the
/// organization's active seats.
struct SeatTests: LoadsWorkbookText {
  /// $20 a seat for organizations with up to 2 active seats, $15 a seat above.
  let seats = Charge(
    metric: "seats",
    model: .volume([.init(upTo: 2, unitPrice: Money(dollars: 20)), .init(upTo: nil, unitPrice: Money(dollars: 15))]))

  @Test func aSeatActiveOnAnyDayOfTheMonthCountsOnceAndTiersFollowTheOrganization() {
    // January and February 2026; customers 0–2 in org_a, customer 3 in org_b.
    var b = RunBuilder(days: 59, customers: 4, start: CalendarDay(year: 2026, month: 1, day: 1))
    b.run.dimensions.organizations = ["org_a", "org_b"]
    b.add(day: 0, customer: 0)
    b.add(day: 20, customer: 0)  // a second January day: still one seat
    b.add(day: 35, customer: 0)
    b.add(day: 5, customer: 1)
    b.add(day: 40, customer: 1)
    b.add(day: 6, customer: 2)
    b.failLast()  // only a failed call in January: not an active seat
    b.add(day: 45, customer: 2)
    b.add(day: 10, customer: 3)
    b.run.organization[b.run.count - 1] = 1
    // January: org_a has 2 active seats (customers 0 and 1) → $20 each; org_b 1 → $20.
    // February: org_a has 3 → $15 each; customer 3 is inactive → $0.
    #expect(
      b.invoiceTotals(Plan(name: "p", charges: [seats])) == [
        [Money(dollars: 20), Money(dollars: 15)], [Money(dollars: 20), Money(dollars: 15)],
        [.zero, Money(dollars: 15)], [Money(dollars: 20), .zero],
      ])
  }

  @Test func seatLinesAreSeatsNotUsageSoTheCapLeavesThem() {
    var plan = Plan(
      name: "p", charges: [Charge(metric: "seats", model: .perUnit(price: Money(dollars: 30), per: 1))],
      cap: Money(dollars: 5))
    plan.charges.append(Charge(metric: "calls", model: .perUnit(price: Money(dollars: 1), per: 1)))
    let invoice = PricingEngine(plans: [], period: .january2026).firstInvoice(plan, units: [1, 1, 10])
    #expect(invoice.lines.map(\.kind) == [.seats, .usage, .cap])
    #expect(invoice.total == Money(dollars: 35))
  }

  @Test func seatChargesRefuseAllowancesPackagesFlatTiersAndGraduatedMode() {
    let text = """
      title: t
      scenarios:
        base: {customers: 5}
      plans:
        p:
          charges:
            - {metric: seats, price: 10, included: 1}
            - {metric: seats, mode: graduated, tiers: [{price: 10, flat: 5}]}
      """
    #expect(
      errors(text).map { $0.components(separatedBy: ";").first ?? "" } == [
        "wb.yaml:7:46: 'included' does not apply to seats",
        "wb.yaml:8:31: seats are priced at the tier their organization's active seats reach",
        "wb.yaml:8:68: a seat tier has no flat fee (it would be billed once per seat)",
      ])
  }
}
