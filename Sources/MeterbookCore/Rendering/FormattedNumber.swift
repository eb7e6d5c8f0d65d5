/// The exact inverse of `Format`'s output forms: reads `$1,372.59` (or `€`, `£`), `-$0.0123`, `63,430`,
/// `12.5%`, `1,234.500`, `850 ms`, and the signed changes of a delta table (`+$12.00`, `+40`,
/// `+0.3 pp`), back into a number and its unit.
///
/// Tables built before cells were typed hold only formatted strings; this recovers the
/// number a script needs from them, so CSV and JSON never carry `$` or thousands commas.
/// Anything that is not one of these forms (`–`, `∞`, `3 (-$95.35)`, a name) is text.
public enum FormattedNumber {
  public static func parse(_ text: String) -> (value: Double, unit: TableCell.Unit)? {
    var s = Substring(text)
    var negative = false
    if s.hasPrefix("+") {
      s = s.dropFirst()
    } else if s.hasPrefix("-") {
      negative = true
      s = s.dropFirst()
    }
    var unit: TableCell.Unit?
    for currency in Currency.allCases where s.hasPrefix(currency.symbol) {
      unit = currency.unit
      s = s.dropFirst()
      break
    }
    for (suffix, u) in [("%", TableCell.Unit.pct), (" pp", .pct), (" ms", .ms)] where s.hasSuffix(suffix) {
      guard unit == nil else { return nil }
      unit = u
      s = s.dropLast(suffix.count)
      break
    }
    let parts = s.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
    guard let whole = parts.first, let digits = groupedDigits(whole) else { return nil }
    var fraction = ""
    if parts.count == 2 {
      guard !parts[1].isEmpty, parts[1].allSatisfy(\.isASCIIDigit) else { return nil }
      fraction = String(parts[1])
    }
    guard let value = Double((negative ? "-" : "") + digits + (fraction.isEmpty ? "" : "." + fraction)) else {
      return nil
    }
    return (value, unit ?? (fraction.isEmpty ? .count : .number))
  }

  /// `1,234,567` (groups of three after the first) or plain `1234567`, without the commas.
  private static func groupedDigits(_ s: Substring) -> String? {
    let groups = s.split(separator: ",", omittingEmptySubsequences: false)
    guard let first = groups.first, !first.isEmpty, first.allSatisfy(\.isASCIIDigit) else { return nil }
    if groups.count > 1 {
      guard first.count <= 3, groups.dropFirst().allSatisfy({ $0.count == 3 && $0.allSatisfy(\.isASCIIDigit) }) else {
        return nil
      }
    }
    return groups.joined()
  }
}

extension Character {
  fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
