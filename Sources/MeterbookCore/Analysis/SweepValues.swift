import Foundation

/// The values of one swept parameter, FROM to TO inclusive: `steps N` evenly spaced points
/// or every `by STEP` (then TO is reached only when the steps land on it).
///
/// Values are computed in fixed-point decimal (at most nine places, Meterbook's money
/// precision), so 0.01 + 0.005·3 is `0.025`, never `0.025000000000000001`. All labels share
/// one number of decimals: integers when FROM, TO and the step are whole (so integer fields
/// such as `customers` get integers), else the fewest places that hold the step exactly, or,
/// for a step no decimal holds (1/3), four significant digits of it.
public struct SweepValues: Sendable, Hashable {
  /// The values as text with a common number of decimals: table and chart labels.
  public var labels: [String]
  /// The same values without trailing zeros (`10`, `13.333`): what the workbook loader
  /// reads, so an integer field takes `10` even when its neighbours need decimals.
  public var overrides: [String]
  /// The values as numbers: chart positions.
  public var numbers: [Double]
  /// Decimal places of every label (0: integers).
  public var places: Int

  /// Most decimal places a value may have (nano-dollars).
  static let maxPlaces = 9
  /// Largest magnitude of FROM, TO or STEP.
  static let maxMagnitude: Int128 = 1_000_000_000_000

  /// The points of `axis`, at most `maxPoints` of them.
  /// - Throws: `WhatIfError` for a non-number, equal ends, fewer than two or more than
  ///   `maxPoints` points, a zero step or one that walks away from TO.
  public init(_ axis: SweepRequest.Axis, maxPoints: Int) throws(WhatIfError) {
    let path = axis.dottedPath
    let from = try Fixed(axis.from, what: "FROM of \(path)")
    let to = try Fixed(axis.to, what: "TO of \(path)")
    guard from.units * Fixed.pow10(to.places) != to.units * Fixed.pow10(from.places) else {
      throw WhatIfError("\(path) goes from \(axis.from) to \(axis.to); expected two different ends")
    }
    var places = max(from.places, to.places)
    var values: [Int128] = []
    switch axis.spacing {
    case .steps(let n):
      guard n >= 2 else { throw WhatIfError("steps \(n) for \(path); expected at least 2 points (both ends)") }
      guard n <= maxPoints else {
        throw WhatIfError("steps \(n) for \(path); expected at most \(maxPoints) points — use fewer steps")
      }
      let intervals = Int128(n - 1)
      // The fewest places that hold the step exactly, else nine places, rounded.
      var exact = false
      for p in places...Self.maxPlaces {
        if (to.scaled(p) - from.scaled(p)) % intervals == 0 {
          places = p
          exact = true
          break
        }
      }
      if !exact {
        let step = Double(to.scaled(places) - from.scaled(places)) / Double(intervals) / Double(Fixed.pow10(places))
        places = max(places, min(Self.maxPlaces, 3 - Int(log10(abs(step)).rounded(.down))))
      }
      let (a, b) = (from.scaled(places), to.scaled(places))
      values = (0..<n).map { k in a + Fixed.divideRounded((b - a) * Int128(k), intervals) }
    case .by(let text):
      let step = try Fixed(text, what: "STEP of \(path)")
      places = max(places, step.places)
      let (a, b, s) = (from.scaled(places), to.scaled(places), step.scaled(places))
      guard s != 0 else { throw WhatIfError("by \(text) for \(path); expected a step other than 0") }
      guard (b - a > 0) == (s > 0) else {
        throw WhatIfError(
          "by \(text) walks away from \(axis.to) (\(path) goes from \(axis.from) to \(axis.to)); expected a step \(s > 0 ? "below" : "above") 0"
        )
      }
      let count = (b - a) / s + 1
      guard count >= 2 else {
        throw WhatIfError(
          "by \(text) is larger than the range \(axis.from)…\(axis.to) of \(path); expected a step that gives at least 2 points"
        )
      }
      guard count <= Int128(maxPoints) else {
        throw WhatIfError(
          "by \(text) gives \(count) points for \(path); expected at most \(maxPoints) — use a larger step or steps \(maxPoints)"
        )
      }
      values = (0..<Int(count)).map { a + s * Int128($0) }
    }
    self.places = places
    labels = values.map { Fixed.text($0, places: places) }
    overrides = labels.map {
      $0.contains(".") ? String($0.reversed().drop { $0 == "0" }.drop { $0 == "." }.reversed()) : $0
    }
    numbers = values.map { Double($0) / Double(Fixed.pow10(places)) }
  }

  /// A decimal as an integer count of 10⁻ᵖ units.
  struct Fixed {
    var units: Int128
    var places: Int

    init(_ text: String, what: String) throws(WhatIfError) {
      var s = Substring(text)
      let negative = s.hasPrefix("-")
      if negative || s.hasPrefix("+") { s = s.dropFirst() }
      let parts = s.split(separator: ".", omittingEmptySubsequences: false)
      let digits: (Substring) -> Bool = { $0.allSatisfy { $0.isASCII && $0.isNumber } }
      guard !s.isEmpty, parts.count <= 2, parts.allSatisfy(digits),
        !parts[0].isEmpty || (parts.count == 2 && !parts[1].isEmpty)
      else {
        throw WhatIfError("\(what) is '\(text)'; expected a number such as 200 or 0.015")
      }
      let fraction = parts.count == 2 ? parts[1] : ""
      guard fraction.count <= SweepValues.maxPlaces else {
        throw WhatIfError("\(what) is '\(text)'; expected at most \(SweepValues.maxPlaces) decimal places")
      }
      let whole = parts[0].drop { $0 == "0" }
      guard whole.count <= 13, let w = Int128(whole.isEmpty ? "0" : String(whole)), w <= SweepValues.maxMagnitude,
        let f = Int128(fraction.isEmpty ? "0" : String(fraction))
      else {
        throw WhatIfError(
          "\(what) is '\(text)'; expected at most \(Format.integer(Int(SweepValues.maxMagnitude))) in size")
      }
      places = fraction.count
      units = (w * Fixed.pow10(places) + f) * (negative ? -1 : 1)
    }

    /// The value in 10⁻ᵖ units (`p` ≥ `places`).
    func scaled(_ p: Int) -> Int128 { units * Fixed.pow10(p - places) }

    static func pow10(_ n: Int) -> Int128 {
      var r: Int128 = 1
      for _ in 0..<max(0, n) { r *= 10 }
      return r
    }

    /// `a / b` rounded half away from zero (`b` > 0).
    static func divideRounded(_ a: Int128, _ b: Int128) -> Int128 {
      let q = a / b
      let r = a % b
      if 2 * abs(r) >= b { return q + (a < 0 ? -1 : 1) }
      return q
    }

    /// `units` as a decimal with exactly `places` digits after the point.
    static func text(_ units: Int128, places: Int) -> String {
      let scale = pow10(places)
      let whole = abs(units) / scale
      let frac = abs(units) % scale
      let sign = units < 0 ? "-" : ""
      guard places > 0 else { return sign + String(whole) }
      let f = String(frac)
      return sign + String(whole) + "." + String(repeating: "0", count: places - f.count) + f
    }
  }
}
