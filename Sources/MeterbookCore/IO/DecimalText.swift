/// A number read exactly from text: `digits × 10^exponent`, from plain decimals (`1000.0`,
/// `-12.5`) and e-notation (`2.07e-05`, `1E+3`), the forms tools print floats in.
///
/// Exports write costs as shortest-round-trip doubles (`2.07e-05`), counts as `1000.0` and
/// latencies in seconds; reading them through `Double` would make a cost inexact and a count
/// a guess. This keeps the decimal digits as written, applies a mapping's scale (cents,
/// seconds) by adding exponents, and rounds once, half away from zero, when it is turned into
/// an integer unit (nano-dollars, milliseconds, tokens).
///
/// ```swift
/// DecimalText(parsing: Array("2.07e-05".utf8))?.scaled(toUnitExponent: -9)  // 20_700 nano-dollars
/// ```
public struct DecimalText: Sendable, Hashable, CustomStringConvertible {
  /// The significant digits as an integer (at most 36 of them are kept).
  public var digits: UInt128
  /// The power of ten the digits are multiplied by.
  public var exponent: Int
  public var negative: Bool

  public init(digits: UInt128, exponent: Int, negative: Bool = false) {
    self.digits = digits
    self.exponent = exponent
    self.negative = negative && digits != 0
  }

  public static let zero = DecimalText(digits: 0, exponent: 0)

  /// Parses `[+-]digits[.digits][(e|E)[+-]digits]` (surrounding spaces allowed); `nil` for
  /// anything else, including `NaN`, `inf`, hex and an empty string.
  ///
  /// Digits past the 36th are dropped (they are below 10⁻³⁵ of the value); exponents are
  /// clamped to ±100,000, far past anything that fits a unit, so huge text cannot trap.
  public init?<C: Collection>(parsing bytes: C) where C.Element == UInt8 {
    var i = bytes.startIndex
    func skipSpaces() { while i != bytes.endIndex, bytes[i] == 32 || bytes[i] == 9 { i = bytes.index(after: i) } }
    skipSpaces()
    var negative = false
    if i != bytes.endIndex, bytes[i] == 45 || bytes[i] == 43 {
      negative = bytes[i] == 45
      i = bytes.index(after: i)
    }
    var digits: UInt128 = 0
    var kept = 0
    var exponent = 0
    var seen = 0
    var inFraction = false
    while i != bytes.endIndex {
      let b = bytes[i]
      if b == 46 && !inFraction {
        inFraction = true
      } else if b >= 48 && b <= 57 {
        seen += 1
        if kept < 36 {
          if digits != 0 || b != 48 { kept += 1 }
          digits = digits * 10 + UInt128(b - 48)
          if inFraction { exponent -= 1 }
        } else if !inFraction {
          exponent += 1
        }
      } else {
        break
      }
      i = bytes.index(after: i)
    }
    guard seen > 0 else { return nil }
    if i != bytes.endIndex, bytes[i] == 101 || bytes[i] == 69 {
      i = bytes.index(after: i)
      var expNegative = false
      if i != bytes.endIndex, bytes[i] == 45 || bytes[i] == 43 {
        expNegative = bytes[i] == 45
        i = bytes.index(after: i)
      }
      var e = 0
      var expDigits = 0
      while i != bytes.endIndex, bytes[i] >= 48 && bytes[i] <= 57 {
        e = min(100_000, e * 10 + Int(bytes[i] - 48))
        expDigits += 1
        i = bytes.index(after: i)
      }
      guard expDigits > 0 else { return nil }
      exponent += expNegative ? -e : e
    }
    skipSpaces()
    guard i == bytes.endIndex else { return nil }
    self.init(digits: digits, exponent: max(-200_000, min(200_000, exponent)), negative: negative)
  }

  /// This value times `other` (a mapping's scale factor), exact while the digits fit; the
  /// product's low digits are rounded away when they would not.
  public func multiplied(by other: DecimalText) -> DecimalText {
    var a = digits
    var e = exponent + other.exponent
    var b = other.digits
    // Keep the product within 128 bits: drop low digits of the longer factor (rounding).
    while a != 0, b != 0, a.leadingZeroBitCount + b.leadingZeroBitCount < 129 {
      if a >= b { a = (a + 5) / 10 } else { b = (b + 5) / 10 }
      e += 1
    }
    return DecimalText(digits: a * b, exponent: e, negative: negative != other.negative)
  }

  /// The sum of two values (a field and its `plus:` companion); both are usually whole counts.
  public func adding(_ other: DecimalText) -> DecimalText? {
    let e = min(exponent, other.exponent)
    guard let a = Self.shifted(digits, by: exponent - e), let b = Self.shifted(other.digits, by: other.exponent - e)
    else { return nil }
    if negative == other.negative {
      let (s, overflow) = a.addingReportingOverflow(b)
      return overflow ? nil : DecimalText(digits: s, exponent: e, negative: negative)
    }
    return a >= b
      ? DecimalText(digits: a - b, exponent: e, negative: negative)
      : DecimalText(digits: b - a, exponent: e, negative: other.negative)
  }

  /// `digits × 10^shift`, or `nil` when it does not fit.
  private static func shifted(_ digits: UInt128, by shift: Int) -> UInt128? {
    var v = digits
    for _ in 0..<max(0, shift) {
      let (m, o) = v.multipliedReportingOverflow(by: 10)
      if o { return nil }
      v = m
    }
    return v
  }

  /// The value as a whole number of units of `10^unitExponent` (−9 for nano-dollars, 0 for a
  /// count), rounded once half away from zero; `nil` when it does not fit an `Int64`.
  public func scaled(toUnitExponent unitExponent: Int) -> Int64? {
    let shift = exponent - unitExponent
    var magnitude: UInt128
    if digits == 0 {
      magnitude = 0
    } else if shift >= 0 {
      guard shift <= 38, let v = Self.shifted(digits, by: shift) else { return nil }
      magnitude = v
    } else if -shift > 38 {
      magnitude = 0
    } else {
      var divisor: UInt128 = 1
      for _ in 0..<(-shift) { divisor *= 10 }
      let (q, r) = digits.quotientAndRemainder(dividingBy: divisor)
      magnitude = q + (r >= divisor - r ? 1 : 0)
    }
    guard magnitude <= UInt128(Int64.max) else { return nil }
    return negative ? -Int64(magnitude) : Int64(magnitude)
  }

  /// Whether the value is a whole number (`1000.0` is, `1000.5` is not).
  public var isWhole: Bool {
    if digits == 0 || exponent >= 0 { return true }
    guard -exponent <= 38 else { return false }
    var divisor: UInt128 = 1
    for _ in 0..<(-exponent) { divisor *= 10 }
    return digits % divisor == 0
  }

  public var description: String { "\(negative ? "-" : "")\(digits)e\(exponent)" }
}
