import Testing

@testable import MeterbookCore

/// `tiers_by`: a tokens charge whose per-token price steps down with the period's calls.
struct TieringByAnotherMetricTests: LoadsWorkbookText {
  /// $10 per 1M tokens up to 100 calls in the period, $5 per 1M from the 101st call on.
  var charge: Charge {
    var c = Charge(
      metric: "tokens",
      model: .volume([
        .init(upTo: 100, unitPrice: Money(nanos: 10_000)), .init(upTo: nil, unitPrice: Money(nanos: 5_000)),
      ]))
    c.tiersBy = "calls"
    return c
  }

  @Test func theCallCountPicksTheTokenPriceAtTheTierEdge() {
    var b = RunBuilder(days: 31, customers: 2, start: CalendarDay(year: 2026, month: 1, day: 1))
    // Customer 0: exactly 100 calls of 1,200 tokens, and a failed call that counts for neither.
    b.add(day: 0, customer: 0, count: 100)
    b.add(day: 1, customer: 0)
    b.failLast()
    // Customer 1: 101 calls, past the edge: every token at the lower rate.
    b.add(day: 0, customer: 1, count: 101)
    let totals = b.invoiceTotals(Plan(name: "p", charges: [charge]))
    // 120,000 tokens × $10 / 1M = $1.20; 121,200 tokens × $5 / 1M = $0.606.
    #expect(totals == [[Money(nanos: 1_200_000_000)], [Money(nanos: 606_000_000)]])
  }

  @Test func tiersByDecodesAndRefusesGraduatedTiersAndAMissingTierList() throws {
    let head = """
      title: t
      scenarios:
        base: {customers: 5}
      plans:
        p:
          charges:

      """
    let good =
      head + "      - {metric: tokens, tiers_by: calls, tiers: [{up_to: 100, price: 0.00001}, {price: 0.000005}]}"
    #expect(try load(good).plans.first?.charges == [charge])
    let bad =
      head + """
            - {metric: tokens, tiers_by: calls, mode: graduated, tiers: [{price: 1}]}
            - {metric: tokens, tiers_by: calls, price: 1}
            - {metric: tokens, tiers_by: cost, tiers: [{price: 1}]}
        """
    #expect(
      errors(bad).map { $0.components(separatedBy: ";").first ?? "" } == [
        "wb.yaml:7:47: a charge tiered by another metric prices every unit at the tier reached",
        "wb.yaml:8:34: tiers_by picks a tier, but the charge has no tiers",
        "wb.yaml:9:34: unknown tiering metric 'cost'",
      ])
  }
}
