@testable import MeterbookCore

extension FXTable {
  /// EUR/USD at `january` from January 1, 2026 and at `february` from February 1 (nano-rates:
  /// dollars per euro × 10⁹), the two dated rates the currency tests compute by hand.
  static func eurUSD(january: Int128, february: Int128) -> FXTable {
    FXTable(
      name: "fx/test",
      pairs: [
        .init(
          base: .eur, quote: .usd,
          rates: [
            ExchangeRate(from: CalendarDay(year: 2026, month: 1, day: 1), nanoRate: january, source: "jan"),
            ExchangeRate(from: CalendarDay(year: 2026, month: 2, day: 1), nanoRate: february, source: "feb"),
          ])
      ])
  }
}
