/// One dated quote of a currency pair: from `from` on, one unit of `base` buys `rate` of `quote`.
///
/// The rate is held exactly, as a count of 10⁻⁹ (it is read from its decimal text, nine places
/// at most, like an amount), so a conversion is one multiplication and one division of integers
/// and rounds once, half away from zero, to the nano-unit of the target currency.
public struct ExchangeRate: Sendable, Hashable {
  /// The first day the rate applies (it applies until the next quote of the pair).
  public var from: CalendarDay
  /// Units of the quote currency per unit of the base currency, in 10⁻⁹.
  public var nanoRate: Int128
  /// Where the rate comes from (for example, `ECB reference rate 2026-01-02`).
  public var source: String

  public init(from: CalendarDay, nanoRate: Int128, source: String) {
    self.from = from
    self.nanoRate = nanoRate
    self.source = source
  }

  /// The rate as decimal text, `1.0412`.
  public var text: String {
    var digits = Money(nanos: nanoRate).decimalString(places: 9)
    while digits.hasSuffix("0") { digits.removeLast() }
    if digits.hasSuffix(".") { digits.removeLast() }
    return digits
  }
}
