import Testing

@testable import MeterbookCore

/// Profitability and feature economics report a euro plan in the display currency: each
/// invoice at its period's last day, each call's AI cost at its day's rate, margins in one
/// currency, and a line naming the rates.
struct AnalyzersInDisplayCurrencyTests {
  static let jan = CalendarDay(year: 2026, month: 1, day: 1)

  /// EUR/USD 1.25 from January 1, 1.6 from February 1 (a euro is $1.25, then $1.60).
  static let fx = FXTable.eurUSD(january: 1_250_000_000, february: 1_600_000_000)

  /// January and February 2026, two customers, a euro plan.
  ///
  /// Customer 0 uses 'chat': $250 on January 10 (€200) and $320
  /// on February 10 (€200). Customer 1 uses 'code': $12.50 on January 10 (€10) and $16 on
  /// February 10 (€10). The plan bills €100 a month and €1 a 'code' call.
  static func context(display: Currency) -> AnalysisContext {
    var b = RunBuilder(days: 59, customers: 2, start: jan)
    b.add(day: 9, customer: 0, feature: 0)
    b.add(day: 40, customer: 0, feature: 0)
    b.add(day: 9, customer: 1, feature: 1)
    b.add(day: 40, customer: 1, feature: 1)
    b.run.cost = [250_000_000_000, 320_000_000_000, 12_500_000_000, 16_000_000_000]
    var c = b.context()
    var euro = Plan(
      name: "euro", fees: ["*": Money(dollars: 100)],
      charges: [Charge(metric: "calls", model: .perUnit(price: Money(dollars: 1), per: 1), filter: ["feature": "code"])]
    )
    euro.currency = .eur
    c.plans = [euro]
    c.money = MoneySettings(fx: fx, display: display)
    return c
  }

  @Test func profitabilityInEurosConvertsEachCostAtItsDaysRate() {
    let f = ProfitabilityAnalyzer().findings(Self.context(display: .eur).inDisplayCurrency())
    // Customer 0: €100 + €100 billed against €200 + €200 of cost; customer 1: €101 + €101
    // against €10 + €10.
    #expect(f.customers.map(\.revenue) == [Money(dollars: 200), Money(dollars: 202)])
    #expect(f.customers.map(\.cost) == [Money(dollars: 400), Money(dollars: 20)])
    #expect(f.losers.map(\.id) == ["cust_1"])
    // Two months: €402 and €420 in all, the loser's €200 lost.
    #expect(f.revenuePerMonth == Money(dollars: 201))
    #expect(f.costPerMonth == Money(dollars: 210))
    #expect(f.lossPerMonth == Money(dollars: 100))
    #expect(f.currency == .eur)
  }

  @Test func profitabilityInDollarsConvertsEachInvoiceAtItsPeriodsLastDay() {
    let f = ProfitabilityAnalyzer().findings(Self.context(display: .usd).inDisplayCurrency())
    // €100 × 1.25 + €100 × 1.6 = $285; customer 1 adds €1 × 1.25 + €1 × 1.6 = $2.85.
    #expect(f.customers.map(\.revenue) == [Money(dollars: 285), Money(dollars: 287, cents: 85)])
    #expect(f.customers.map(\.cost) == [Money(dollars: 570), Money(dollars: 28, cents: 50)])
    #expect(f.currency == .usd)
  }

  @Test func theProfitabilityReportPrintsEurosAndTheRatesItUsed() {
    let r = AnalyzerName.profitability.report(Self.context(display: .eur))
    let text = TextRenderer(width: 200).render(r)
    #expect(text.contains("€100.00/month of negative margin from 1 unprofitable customer"))
    #expect(text.contains("revenue/month €201.00"))
    #expect(!text.contains("$"))
    #expect(
      text.contains(
        "Rates used (fx/test): EUR/USD 1.25 from 2026-01-01 (jan); EUR/USD 1.6 from 2026-02-01 (feb)."))
  }

  @Test func featureEconomicsInEurosSetsOwnRevenueAgainstConvertedCost() throws {
    let rows = FeatureEconomicsAnalyzer().findings(Self.context(display: .eur).inDisplayCurrency())
    let chat = try #require(rows.first { $0.feature == "chat" })
    let code = try #require(rows.first { $0.feature == "code" })
    // 'chat': €400 over two months for one customer; 'code': €20, billed €1 + €1 of its own.
    #expect(chat.cost == Money(dollars: 400))
    #expect(chat.costPerActiveCustomer == Money(dollars: 200))
    #expect(code.cost == Money(dollars: 20))
    #expect(code.costPerActiveCustomer == Money(dollars: 10))
    #expect(code.ownRevenue == Money(dollars: 2))
    #expect(code.margin == Money(dollars: -18))
    #expect(code.reason.contains("loses €18.00 on its own price"))
  }

  @Test func featureEconomicsInDollarsConvertsTheFeaturesOwnRevenuePerInvoice() throws {
    let rows = FeatureEconomicsAnalyzer().findings(Self.context(display: .usd).inDisplayCurrency())
    let code = try #require(rows.first { $0.feature == "code" })
    // €1 in January at 1.25 and €1 in February at 1.6; the cost stays $12.50 + $16.
    #expect(code.ownRevenue == Money(dollars: 2, cents: 85))
    #expect(code.cost == Money(dollars: 28, cents: 50))
  }

  @Test func theFeatureReportPrintsEurosAndTheRatesItUsed() {
    let text = TextRenderer(width: 200).render(AnalyzerName.features.report(Self.context(display: .eur)))
    #expect(text.contains("from €10.00 ('code') to €200.00 ('chat')"))
    #expect(!text.contains("$"))
    #expect(text.contains("Rates used (fx/test): EUR/USD 1.25 from 2026-01-01 (jan)"))
  }

  @Test(arguments: [AnalyzerName.freeTier, .realtime])
  func theFreeTierAndRealTimeReportsPrintEurosAndTheRatesTheyUsed(_ name: AnalyzerName) {
    let text = TextRenderer(width: 200).render(name.report(Self.context(display: .eur)))
    #expect(text.contains("€"))
    #expect(!text.contains("$"))
    #expect(
      text.contains("Rates used (fx/test): EUR/USD 1.25 from 2026-01-01 (jan); EUR/USD 1.6 from 2026-02-01 (feb)."))
  }

  @Test func aCustomersCostsConvertOncePerSpanLikeCompare() throws {
    var b = RunBuilder(days: 31, customers: 1, start: Self.jan)
    b.add(day: 9, count: 5)
    b.run.cost = [Int64](repeating: 3, count: 5)
    var c = b.context()
    c.money = MoneySettings(
      fx: FXTable(
        name: "fx/t",
        pairs: [
          .init(base: .eur, quote: .usd, rates: [ExchangeRate(from: Self.jan, nanoRate: 1_041_200_000, source: "t")])
        ]
      ), display: .eur)
    let shown = c.inDisplayCurrency()
    // 15 nano-dollars / 1.0412 = 14.41 → 14 nano-euros (five calls one by one would give 5 × 3).
    // The 14 are shared by running sum × 14/15: 3, 6, 9, 12, 15 → 2.8, 5.6, 8.4, 11.2, 14 →
    // 3, 6, 8, 11, 14, so the calls get 3, 3, 2, 3, 3.
    #expect(shown.run.cost == [3, 3, 2, 3, 3])
    var ledger = RateLedger()
    let compared = try ledger.displayCost(c.run, period: c.period, customers: 1, money: c.money)
    #expect(shown.costByCustomer == compared)
    #expect(compared == [Money(nanos: 14)])
  }

  @Test func anAllDollarContextIsLeftAsItIs() {
    var c = Self.context(display: .usd)
    c.plans[0].currency = .usd
    let shown = c.inDisplayCurrency()
    #expect(shown.run.cost == c.run.cost)
    #expect(shown.rates.isEmpty)
    #expect(shown.ratesNote == nil)
  }
}
