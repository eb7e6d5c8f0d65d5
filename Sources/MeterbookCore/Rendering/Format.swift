/// Number formatting shared by analyzers and renderers: fixed, locale-independent, exact for money.
public enum Format {
  /// `$1,234.57`; amounts under a dollar keep four decimals (`$0.0123`) so small costs stay visible.
  public static func money(_ m: Money) -> String {
    let places = abs(m.nanos) < Money.nanosPerDollar && m.nanos != 0 ? 4 : 2
    let text = m.decimalString(places: places)
    let negative = text.hasPrefix("-")
    let body = negative ? String(text.dropFirst()) : text
    let parts = body.split(separator: ".", maxSplits: 1)
    let whole = grouped(String(parts[0]))
    return (negative ? "-$" : "$") + whole + (parts.count > 1 ? "." + parts[1] : "")
  }

  /// `money(_:)` of an estimate in dollars (a mean, a forecast); `–` when it is not a
  /// finite amount Money can hold.
  public static func money(dollars: Double) -> String {
    Money(approximating: dollars).map(money) ?? "–"
  }

  /// A figure of a band: `$12,346` in whole dollars from $100 up (cents are far below what
  /// the seeds move), `$0.0123`/`$12.35` below.
  public static func bandMoney(_ m: Money) -> String {
    guard abs(m.nanos) >= 100 * Money.nanosPerDollar else { return money(m) }
    let text = m.decimalString(places: 0)
    return text.hasPrefix("-") ? "-$" + grouped(String(text.dropFirst())) : "$" + grouped(text)
  }

  /// `1,234,567`.
  public static func integer(_ n: Int) -> String {
    n < 0 ? "-" + grouped(String(-n)) : grouped(String(n))
  }

  /// `12.3%` of a 0...1 share.
  public static func percent(_ share: Double, places: Int = 1) -> String {
    guard share.isFinite else { return "–" }
    return fixed(share * 100, places: places) + "%"
  }

  /// A decimal with `places` digits, rounded half away from zero; `∞`, `-∞` or `–` (NaN)
  /// for values that are not finite, and `>9.2e18` past what an integer can show.
  public static func fixed(_ x: Double, places: Int) -> String {
    guard x.isFinite else { return x.isNaN ? "–" : x > 0 ? "∞" : "-∞" }
    guard abs(x) < 9e18 else { return (x < 0 ? "-" : "") + ">9e18" }
    let places = max(0, min(9, places))
    var scale = 1.0
    for _ in 0..<places { scale *= 10 }
    let v = (abs(x) * scale).rounded() / scale
    var whole = Int(saturating: v.rounded(.down))
    var frac = Int(saturating: (v - Double(whole)) * scale)
    if Double(frac) >= scale {
      whole += 1
      frac = 0
    }
    let sign = x < 0 && (whole != 0 || frac != 0) ? "-" : ""
    guard places > 0 else { return sign + grouped(String(whole)) }
    let f = String(frac)
    return sign + grouped(String(whole)) + "." + String(repeating: "0", count: places - f.count) + f
  }

  private static func grouped(_ digits: String) -> String {
    var out = ""
    for (i, c) in digits.enumerated() {
      if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
      out.append(c)
    }
    return out
  }
}
