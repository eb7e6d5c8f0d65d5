/// How a number is written for scripts (CSV fields, JSON numbers): plain decimal digits,
/// no thousands separators, no exponent, at most nine decimals (a nano-dollar), trailing
/// zeros dropped — `1372.59`, `63430`, `12.5`.
///
/// Values are rounded to nine decimals once, where a cell is made, so the JSON number, the
/// CSV field and a value decoded back from JSON are the same number.
public enum ScriptNumber {
  /// `x` rounded half away from zero to nine decimals (values past 9e18 stay as they are).
  public static func rounded(_ x: Double) -> Double {
    guard x.isFinite, abs(x) < 9e18 else { return x }
    return Double(digits(x)) ?? x
  }

  /// The field text of `x`; empty when `x` is not finite (a number that does not exist).
  public static func text(_ x: Double) -> String {
    guard x.isFinite else { return "" }
    guard abs(x) < 9e18 else { return "\(x)" }
    return digits(x)
  }

  private static func digits(_ x: Double) -> String {
    var t = Format.fixed(x, places: 9).replacingOccurrences(of: ",", with: "")
    while t.hasSuffix("0") { t.removeLast() }
    if t.hasSuffix(".") { t.removeLast() }
    return t == "-0" ? "0" : t
  }
}
