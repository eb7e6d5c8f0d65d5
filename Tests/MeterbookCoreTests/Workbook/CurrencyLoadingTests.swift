import Testing

@testable import MeterbookCore

/// `fx:`, `display_currency:` and a plan's `currency:` in a workbook.
struct CurrencyLoadingTests: LoadsWorkbookText {
  func workbook(start: String = "2026-01-01", extra: String = "fx: fx/ecb-2026\n") -> String {
    """
    period: {start: \(start), days: 31}
    \(extra)scenarios:
      s: {customers: 10}
    plans:
      list:
        currency: EUR
        fee: 25
    """
  }

  @Test func readsTheRatesTheDisplayCurrencyAndThePlansCurrency() throws {
    let wb = try load(workbook(extra: "fx: fx/ecb-2026\ndisplay_currency: GBP\n"))
    #expect(wb.money.display == .gbp)
    #expect(wb.plans[0].currency == .eur)
    #expect(wb.money.fx?.pairs.map(\.name) == ["EUR/USD", "GBP/USD"])
  }

  @Test func aPlanInAnotherCurrencyWithoutRatesIsALocatedError() {
    #expect(
      errors(workbook(extra: "")) == [
        "wb.yaml:6:15: plan 'list' (EUR) shown in USD needs exchange rates; expected fx: NAME in the workbook"
      ])
  }

  @Test func aPeriodBeforeTheFirstRateIsALocatedError() {
    #expect(
      errors(workbook(start: "2025-06-01")) == [
        "wb.yaml:7:15: plan 'list' (EUR): no exchange rate from EUR to USD on 2025-06-01: 'fx/ecb-2026' quotes EUR/USD only from 2025-12-01"
      ])
  }

  @Test func anUnknownRatesPieceIsALocatedError() {
    #expect(
      errors(workbook(extra: "fx: fx/ecb-2062\n")).first?.hasPrefix(
        "wb.yaml:2:5: unknown exchange rates 'fx/ecb-2062'; expected one of: fx/ecb-2026") == true)
  }
}
