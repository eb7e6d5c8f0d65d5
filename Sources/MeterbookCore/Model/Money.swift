import Foundation

/// An exact amount of US dollars, held as a whole number of nano-dollars (10⁻⁹ USD).
///
/// Money is never a running `Double` sum: every total in Meterbook is an integer sum of
/// `Money` values, so a breakdown adds up to its total exactly, not approximately.
/// An `Int64` of nano-dollars spans ±9.2 billion dollars, enough for any single run.
///
/// ```swift
/// let price = try Money(parsing: "0.0375")   // $0.0375
/// price.nanos                                 // 37_500_000
/// ```
public struct Money: Sendable, Hashable, Comparable, Codable {
  /// The amount in nano-dollars.
  public var nanos: Int64

  /// Nano-dollars per dollar.
  public static let nanosPerDollar: Int64 = 1_000_000_000
  public static let zero = Money(nanos: 0)

  public init(nanos: Int64) { self.nanos = nanos }

  /// Whole dollars and cents, e.g. `Money(dollars: 29)`.
  public init(dollars: Int64, cents: Int64 = 0) {
    self.nanos = dollars * Money.nanosPerDollar + cents * 10_000_000
  }

  /// Parses a plain decimal string such as `"29"`, `"-0.0375"` or `"1,250.50"` exactly.
  /// At most nine fractional digits are kept; more are an error rather than a silent rounding.
  public init(parsing text: String) throws(MoneyParseError) {
    var s = Substring(text.trimmingCharacters(in: .whitespaces))
    if s.hasPrefix("$") { s = s.dropFirst() }
    var negative = false
    if s.hasPrefix("-") { negative = true; s = s.dropFirst() }
    s = Substring(s.replacingOccurrences(of: ",", with: ""))
    let parts = s.split(separator: ".", omittingEmptySubsequences: false)
    guard !s.isEmpty, parts.count <= 2,
      parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
      !(parts[0].isEmpty && (parts.count == 1 || parts[1].isEmpty))
    else { throw MoneyParseError(text: text, reason: "expected a decimal amount like 29 or 0.0375") }
    let fraction = parts.count == 2 ? parts[1] : ""
    guard fraction.count <= 9 else {
      throw MoneyParseError(text: text, reason: "more than 9 decimal places (Meterbook keeps nano-dollars)")
    }
    guard parts[0].count <= 9, let whole = Int64(parts[0].isEmpty ? "0" : parts[0]) else {
      throw MoneyParseError(text: text, reason: "amount too large (limit is $999,999,999)")
    }
    let frac = Int64(fraction.padding(toLength: 9, withPad: "0", startingAt: 0)) ?? 0
    let value = whole * Money.nanosPerDollar + frac
    self.nanos = negative ? -value : value
  }

  /// Parses plain decimal bytes (`-12.345`, at most nine fractional digits) without
  /// allocating; `nil` for anything else. The importer's hot path.
  public init?<C: Collection>(decimalBytes bytes: C) where C.Element == UInt8 {
    var i = bytes.startIndex
    guard i != bytes.endIndex else { return nil }
    var negative = false
    if bytes[i] == 45 { negative = true; i = bytes.index(after: i) }
    var whole: Int64 = 0, frac: Int64 = 0, fracDigits = 0, digits = 0
    var inFraction = false
    while i != bytes.endIndex {
      let b = bytes[i]
      if b == 46 && !inFraction {
        inFraction = true
      } else if b >= 48 && b <= 57 {
        digits += 1
        if inFraction {
          guard fracDigits < 9 else { return nil }
          frac = frac * 10 + Int64(b - 48)
          fracDigits += 1
        } else {
          guard whole < 999_999_999 else { return nil }
          whole = whole * 10 + Int64(b - 48)
        }
      } else {
        return nil
      }
      i = bytes.index(after: i)
    }
    guard digits > 0 else { return nil }
    for _ in fracDigits..<9 { frac *= 10 }
    let v = whole * Money.nanosPerDollar + frac
    self.nanos = negative ? -v : v
  }

  /// Converts a `Double` read from a data file, rounding to the nearest nano-dollar.
  /// Only for parsing input; arithmetic never goes through `Double`.
  public init(approximating dollars: Double) {
    self.nanos = Int64((dollars * Double(Money.nanosPerDollar)).rounded())
  }

  public static func < (a: Money, b: Money) -> Bool { a.nanos < b.nanos }
  public static func + (a: Money, b: Money) -> Money { Money(nanos: a.nanos + b.nanos) }
  public static func - (a: Money, b: Money) -> Money { Money(nanos: a.nanos - b.nanos) }
  public static prefix func - (a: Money) -> Money { Money(nanos: -a.nanos) }
  public static func += (a: inout Money, b: Money) { a.nanos += b.nanos }
  public static func -= (a: inout Money, b: Money) { a.nanos -= b.nanos }
  public static func * (a: Money, n: Int64) -> Money { Money(nanos: a.nanos * n) }

  /// The amount as a `Double` number of dollars, for charts and ratios only.
  public var dollars: Double { Double(nanos) / Double(Money.nanosPerDollar) }

  /// This amount rounded half away from zero to whole cents (still as `Money`).
  public var roundedToCents: Money {
    let unit: Int64 = 10_000_000
    let q = nanos / unit, r = nanos % unit
    let adjust: Int64 = abs(r) * 2 >= unit ? (nanos < 0 ? -1 : 1) : 0
    return Money(nanos: (q + adjust) * unit)
  }

  /// Multiplies by `numerator / denominator` with one rounding (half away from zero).
  /// Used for shares, markups and per-unit prices, e.g. `price.scaled(by: tokens, per: 1_000_000)`.
  public func scaled(by numerator: Int64, per denominator: Int64) -> Money {
    precondition(denominator > 0, "denominator must be positive")
    let (high, low) = nanos.multipliedFullWidth(by: numerator)
    let wide = (high, low)
    let (q, r) = denominator.dividingFullWidth(wide)
    let adjust: Int64 = abs(r) * 2 >= denominator ? ((nanos < 0) != (numerator < 0) ? -1 : 1) : 0
    return Money(nanos: q + adjust)
  }

  /// Exact decimal text with `places` fractional digits (0...9), rounded half away from zero.
  public func decimalString(places: Int = 2) -> String {
    let places = max(0, min(9, places))
    var unit: Int64 = 1
    for _ in 0..<(9 - places) { unit *= 10 }
    var q = nanos / unit
    let r = nanos % unit
    if abs(r) * 2 >= unit && unit > 1 { q += nanos < 0 ? -1 : 1 }
    let negative = q < 0
    let magnitude = q.magnitude
    var scale: UInt64 = 1
    for _ in 0..<places { scale *= 10 }
    let whole = magnitude / scale, frac = magnitude % scale
    var text = String(whole)
    if places > 0 {
      let f = String(frac)
      text += "." + String(repeating: "0", count: places - f.count) + f
    }
    return negative ? "-" + text : text
  }

  /// Sum of many amounts.
  public static func sum<S: Sequence>(_ values: S) -> Money where S.Element == Money {
    values.reduce(.zero, +)
  }
}

/// A money amount that could not be read.
public struct MoneyParseError: Error, Equatable, CustomStringConvertible {
  public let text: String
  public let reason: String
  public var description: String { "invalid amount '\(text)': \(reason)" }
}
