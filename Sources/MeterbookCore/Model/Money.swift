import Foundation

/// An exact amount of US dollars, held as a whole number of nano-dollars (10⁻⁹ USD).
///
/// Money is never a running `Double` sum: every total in Meterbook is an integer sum of
/// `Money` values, so a breakdown adds up to its total exactly, not approximately.
/// The count is an `Int128`: inputs are bounded where they enter (`Limits`: a call costs at
/// most $1 million, a run at most $1 billion, an amount in a workbook under $1 billion, a line
/// of an invoice at most $1 trillion), and within those bounds no sum, fee × customers × months
/// or price × units can leave the ±1.7 × 10²⁹ dollars an `Int128` spans, so money arithmetic
/// cannot trap.
///
/// ```swift
/// let price = try Money(parsing: "0.0375")   // $0.0375
/// price.nanos                                 // 37_500_000
/// ```
public struct Money: Sendable, Hashable, Comparable, Codable {
  /// The amount in nano-dollars.
  public var nanos: Int128

  /// Nano-dollars per dollar.
  public static let nanosPerDollar: Int128 = 1_000_000_000
  public static let zero = Money(nanos: 0)

  /// From any integer count of nano-dollars (a call's `Int64` cost column, an `Int128` total).
  @inlinable public init<T: BinaryInteger>(nanos: T) { self.nanos = Int128(nanos) }

  /// Whole dollars and cents, for example, `Money(dollars: 29)`.
  public init(dollars: Int64, cents: Int64 = 0) {
    self.nanos = Int128(dollars) * Money.nanosPerDollar + Int128(cents) * 10_000_000
  }

  /// Parses a plain decimal string such as `"29"`, `"-0.0375"` or `"1,250.50"` exactly.
  ///
  /// At most nine fractional digits are kept; more are an error rather than a silent rounding.
  public init(parsing text: String) throws(MoneyParseError) {
    var s = Substring(text.trimmingCharacters(in: .whitespaces))
    if s.hasPrefix("$") { s = s.dropFirst() }
    var negative = false
    if s.hasPrefix("-") {
      negative = true
      s = s.dropFirst()
    }
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
    let value = Int128(whole) * Money.nanosPerDollar + Int128(frac)
    self.nanos = negative ? -value : value
  }

  /// Parses plain decimal bytes (`-12.345`, at most nine fractional digits) without
  /// allocating; `nil` for anything else.
  ///
  /// The importer's hot path.
  public init?<C: Collection>(decimalBytes bytes: C) where C.Element == UInt8 {
    var i = bytes.startIndex
    guard i != bytes.endIndex else { return nil }
    var negative = false
    if bytes[i] == 45 {
      negative = true
      i = bytes.index(after: i)
    }
    var whole: Int64 = 0
    var frac: Int64 = 0
    var fracDigits = 0
    var digits = 0
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
    let v = Int128(whole) * Money.nanosPerDollar + Int128(frac)
    self.nanos = negative ? -v : v
  }

  /// The largest amount a `Double` may be converted from: 10²⁰ dollars, far past any limit.
  public static let approximationBound = 1e20

  /// Converts a `Double` number of dollars (a mean, a forecast), rounding to the nearest
  /// nano-dollar; `nil` when it is not finite or beyond ±10²⁰ dollars, so a runaway
  /// estimate becomes a missing value instead of a trap.
  ///
  /// Arithmetic never goes through `Double`.
  public init?(approximating dollars: Double) {
    guard dollars.isFinite, abs(dollars) <= Money.approximationBound else { return nil }
    self.nanos = Int128((dollars * 1e9).rounded())
  }

  /// The nano-dollars as an `Int64` (a call's cost column), or `nil` when they do not fit.
  public var int64Nanos: Int64? { Int64(exactly: nanos) }

  public static func < (a: Money, b: Money) -> Bool { a.nanos < b.nanos }
  public static func + (a: Money, b: Money) -> Money { Money(nanos: a.nanos + b.nanos) }
  public static func - (a: Money, b: Money) -> Money { Money(nanos: a.nanos - b.nanos) }
  public static prefix func - (a: Money) -> Money { Money(nanos: -a.nanos) }
  public static func += (a: inout Money, b: Money) { a.nanos += b.nanos }
  public static func -= (a: inout Money, b: Money) { a.nanos -= b.nanos }
  public static func * (a: Money, n: Int64) -> Money { Money(nanos: a.nanos * Int128(n)) }

  /// The amount as a `Double` number of dollars, for charts and ratios only.
  public var dollars: Double { nanos.double / 1e9 }

  /// `self / whole` as a `Double` share; 0 when `whole` is zero.
  public func share(of whole: Money) -> Double { whole == .zero ? 0 : nanos.double / whole.nanos.double }

  /// This amount rounded half away from zero to whole cents (still as `Money`).
  public var roundedToCents: Money {
    let unit: Int128 = 10_000_000
    let q = nanos / unit
    let r = nanos % unit
    let adjust: Int128 = abs(r) * 2 >= unit ? (nanos < 0 ? -1 : 1) : 0
    return Money(nanos: (q + adjust) * unit)
  }

  /// Multiplies by `numerator / denominator` with one rounding (half away from zero).
  ///
  /// Used for shares, markups and per-unit prices, for example, `price.scaled(by: tokens, per: 1_000_000)`.
  ///
  /// The product is taken at 256 bits, so no numerator within `Int128` can overflow it; a
  /// quotient past `Int128` (impossible within `Limits`) saturates instead of trapping, and a
  /// non-positive denominator gives zero (callers pass counts that are at least one).
  public func scaled(by numerator: some BinaryInteger, per denominator: some BinaryInteger) -> Money {
    let n = Int128(clamping: numerator)
    let d = Int128(clamping: denominator)
    guard d > 0 else { return .zero }
    let negative = (nanos < 0) != (n < 0)
    // Everyday amounts (a bill times a share in millionths): the product fits in 64 bits and
    // one 64-bit division does it; the 256-by-128-bit path below is a loop in software.
    let (m, k) = (nanos.magnitude, n.magnitude)
    if m < 1 << 63, k < 1 << 63, d < 1 << 63 {
      let (product, overflow) = UInt64(m).multipliedReportingOverflow(by: UInt64(k))
      if !overflow {
        let divisor = UInt64(d)
        var (q, r) = product.quotientAndRemainder(dividingBy: divisor)
        if r >= divisor - r { q += 1 }
        return Money(nanos: negative ? -Int128(q) : Int128(q))
      }
    }
    let divisor = UInt128(d)
    let (high, low) = m.multipliedFullWidth(by: k)
    guard high < divisor else { return Money(nanos: negative ? Int128.min + 1 : Int128.max) }
    var (q, r) = divisor.dividingFullWidth((high, low))
    if r >= divisor - r { q += 1 }
    guard q <= UInt128(Int128.max) else { return Money(nanos: negative ? Int128.min + 1 : Int128.max) }
    return Money(nanos: negative ? -Int128(q) : Int128(q))
  }

  /// Exact decimal text with `places` fractional digits (0...9), rounded half away from zero.
  public func decimalString(places: Int = 2) -> String {
    let places = max(0, min(9, places))
    var unit: Int128 = 1
    for _ in 0..<(9 - places) { unit *= 10 }
    var q = nanos / unit
    let r = nanos % unit
    if abs(r) * 2 >= unit && unit > 1 { q += nanos < 0 ? -1 : 1 }
    let negative = q < 0
    let magnitude = q.magnitude
    var scale: UInt128 = 1
    for _ in 0..<places { scale *= 10 }
    let whole = magnitude / scale
    let frac = magnitude % scale
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

extension Int128 {
  /// `Double(self)`, without the standard library's generic conversion (a loop over the
  /// value's words) for values that fit in 64 bits: every bill, cost and run total.
  @inline(__always)
  var double: Double {
    let small = Int64(truncatingIfNeeded: self)
    return Int128(small) == self ? Double(small) : Double(self)
  }
}
