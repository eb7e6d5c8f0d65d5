extension Format {
  /// `€1,234.57`: `money(_:)` with the currency's sign (the dollar sign for USD).
  public static func money(_ m: Money, in currency: Currency) -> String {
    let text = money(m)
    guard currency != .usd else { return text }
    return text.replacingOccurrences(of: "$", with: currency.symbol)
  }

  /// `€0.42`: `money(dollars:)` (an estimate) with the currency's sign.
  public static func money(dollars: Double, in currency: Currency) -> String {
    let text = money(dollars: dollars)
    guard currency != .usd else { return text }
    return text.replacingOccurrences(of: "$", with: currency.symbol)
  }

  /// `€12,346`: `bandMoney(_:)` with the currency's sign.
  public static func bandMoney(_ m: Money, in currency: Currency) -> String {
    let text = bandMoney(m)
    guard currency != .usd else { return text }
    return text.replacingOccurrences(of: "$", with: currency.symbol)
  }
}

extension TableCell {
  /// `€1,372.59`, valued in units of `currency` (the column key says which: `revenue_eur`).
  public static func money(_ m: Money, in currency: Currency) -> TableCell {
    TableCell(text: Format.money(m, in: currency), value: m.dollars, unit: currency.unit)
  }
}
