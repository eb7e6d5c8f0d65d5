/// How a workbook's amounts are converted and shown: its exchange rates and display currency.
///
/// With no `fx:` and USD everywhere, nothing is converted (the default, as before currencies).
public struct MoneySettings: Sendable, Hashable {
  /// The rates of `fx: NAME`, when the workbook names one.
  public var fx: FXTable?
  /// The currency reports show amounts in (`display_currency:`).
  public var display: Currency

  public init(fx: FXTable? = nil, display: Currency = .usd) {
    self.fx = fx
    self.display = display
  }

  /// `amount` in `currency` as the display currency, at the rate in effect on `day`.
  ///
  /// - Throws: `FXError.missingRate` when the workbook's rates cannot convert it that day.
  public func display(_ amount: Money, from currency: Currency, on day: CalendarDay) throws(FXError) -> Money {
    try factor(from: currency, on: day).apply(amount)
  }

  /// The factor from `currency` to the display currency on `day`.
  public func factor(from currency: Currency, on day: CalendarDay) throws(FXError) -> FXTable.Factor {
    guard currency != display else { return FXTable.Factor(numerator: 1, denominator: 1, quotes: []) }
    guard let fx else {
      throw .missingRate(from: currency, to: display, on: day, table: "fx/NAME", firstQuote: nil, pair: nil)
    }
    return try fx.factor(from: currency, to: display, on: day)
  }
}
