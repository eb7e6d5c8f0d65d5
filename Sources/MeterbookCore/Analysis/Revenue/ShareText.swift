/// Percentages printed only to the precision their base supports.
///
/// A decimal of a percent claims a resolution of a thousandth; a share of 40 customers moves
/// in steps of 2.5 points, so "37.5%" pretends to a precision "38%" does not. Shares of fewer
/// than `decimalBase` things print whole percents, larger bases one decimal. A share of
/// nothing prints `–`.
enum ShareText {
  /// Smallest base whose shares print one decimal.
  static let decimalBase = 100

  /// `share` of `base` things, as a percent.
  static func percent(_ share: Double, of base: Int) -> String {
    guard base > 0, share.isFinite else { return "–" }
    return Format.percent(share, places: base >= decimalBase ? 1 : 0)
  }

  /// `part` of `whole` things, as a percent.
  static func percent(_ part: Int, of whole: Int) -> String {
    percent(whole > 0 ? Double(part) / Double(whole) : .nan, of: whole)
  }

  /// The table cell of `share` of `base` things.
  static func cell(_ share: Double, of base: Int) -> TableCell {
    guard base > 0, share.isFinite else { return TableCell("–") }
    return .percent(share, places: base >= decimalBase ? 1 : 0)
  }
}
