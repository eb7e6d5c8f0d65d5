import Testing

@testable import MeterbookCore

/// Plans in different currencies compared in one: each invoice at the rate of its period's
/// last day, each day's AI cost at that day's rate, margins in the display currency.
struct PlanComparisonCurrencyTests {
  static let jan = CalendarDay(year: 2026, month: 1, day: 1)
  static let feb = CalendarDay(year: 2026, month: 2, day: 1)
  /// January and February 2026: two whole calendar months, so two invoices per customer.
  static let period = Period(start: jan, days: 59)

  /// EUR/USD 1.0412 from January 1, 1.0520 from February 1.
  static let fx = FXTable.eurUSD(january: 1_041_200_000, february: 1_052_000_000)

  /// One customer, one call on January 10 costing $10.412 and one on February 10 costing
  /// $10.52: €10 each at the rate of its day.
  static let context: AnalysisContext = {
    var b = RunBuilder(days: 59, customers: 1, start: jan)
    b.add(day: 9)
    b.add(day: 40)
    b.run.cost = [10_412_000_000, 10_520_000_000]
    return b.context()
  }()

  /// "dollars" bills $100 a month, "euros" €100 a month.
  static let plans: [Plan] = {
    var euros = Plan(name: "euros", fees: ["*": Money(dollars: 100)])
    euros.currency = .eur
    return [Plan(name: "dollars", fees: ["*": Money(dollars: 100)]), euros]
  }()

  func outcomes(display: Currency) throws -> [PlanComparison.Outcome] {
    try PlanComparison(plans: Self.plans, period: Self.period, money: MoneySettings(fx: Self.fx, display: display))
      .outcomes(["dollars", "euros"], run: Self.context.run, population: Self.context.population)
  }

  @Test func aEuroPlanIsComparedInDollarsAtEachInvoicesRate() throws {
    let out = try outcomes(display: .usd)
    // €100 for January at 1.0412 = $104.12, €100 for February at 1.0520 = $105.20.
    #expect(out[1].revenue == Money(dollars: 209, cents: 32))
    #expect(out[1].bills[0].invoices.map(\.total) == [Money(dollars: 104, cents: 12), Money(dollars: 105, cents: 20)])
    #expect(out[0].revenue == Money(dollars: 200))
    // Costs stay dollars: $10.412 + $10.52 = $20.932.
    #expect(out[1].margin == Money(dollars: 209, cents: 32) - Money(nanos: 20_932_000_000 as Int64))
    #expect(out[0].margin == Money(nanos: 179_068_000_000 as Int64))
    #expect(out[1].rates.map(\.rate.text) == ["1.0412", "1.052"])
    #expect(out[0].rates.isEmpty)
  }

  @Test func inEurosTheDollarPlanAndTheCostsConvertPerDate() throws {
    let out = try outcomes(display: .eur)
    // $100 / 1.0412 = €96.043027276 (…2762), $100 / 1.052 = €95.057034221 (…2205).
    #expect(out[0].revenue == Money(nanos: 191_100_061_497 as Int64))
    #expect(out[1].revenue == Money(dollars: 200))
    // Costs: $10.412 / 1.0412 + $10.52 / 1.052 = €10 + €10, not $20.932 at one rate.
    #expect(out[0].costs == [Money(dollars: 20)])
    #expect(out[1].margin == Money(dollars: 180))
    #expect(out[0].margin == Money(nanos: 171_100_061_497 as Int64))
  }

  @Test func theReportPrintsTheDisplayCurrencyAndTheRatesItUsed() throws {
    let r = PlanComparison(plans: Self.plans, period: Self.period, money: MoneySettings(fx: Self.fx, display: .eur))
      .report(["dollars", "euros"], run: Self.context.run, population: Self.context.population)
    let text = TextRenderer(width: 200).render(r)
    #expect(text.contains("€191.10") && text.contains("€200.00") && text.contains("AI cost €20.00"))
    #expect(!text.contains("$"))
    #expect(
      text.contains(
        "Rates used (fx/test): EUR/USD 1.0412 from 2026-01-01 (jan); EUR/USD 1.052 from 2026-02-01 (feb)."))
  }

  @Test func aMissingRateIsReportedNotGuessed() throws {
    let late = FXTable(
      name: "fx/late",
      pairs: [
        .init(base: .eur, quote: .usd, rates: [ExchangeRate(from: Self.feb, nanoRate: 1_052_000_000, source: "")])
      ])
    #expect(throws: ProjectionError.self) {
      try PlanComparison(plans: Self.plans, period: Self.period, money: MoneySettings(fx: late, display: .eur))
        .outcomes(["dollars", "euros"], run: Self.context.run, population: Self.context.population)
    }
  }
}
