/// A figure over many seeds: its median and the central interval of its values.
///
/// Quantiles are Hyndman & Fan's type 7 (R's and NumPy's default): the `q` quantile of `n`
/// sorted values is the value at position `h = (n − 1)·q`, interpolated linearly between its
/// neighbours. So `low ≤ median ≤ high` always holds, one value gives a band of width zero,
/// and the band does not depend on the order the values came in.
public struct Band<Value: BandValue>: Sendable, Hashable {
  public var low: Value
  public var median: Value
  public var high: Value

  public init(low: Value, median: Value, high: Value) {
    self.low = low
    self.median = median
    self.high = high
  }

  /// The band of `values` spanning `uncertainty.interval`; `nil` when there are none.
  public init?(_ values: [Value], _ uncertainty: Uncertainty) {
    guard !values.isEmpty else { return nil }
    let sorted = values.sorted()
    let (lowQ, highQ) = uncertainty.quantiles
    self.init(
      low: Self.quantile(sorted, lowQ), median: Self.quantile(sorted, 0.5), high: Self.quantile(sorted, highQ))
  }

  /// The type-7 quantile `q` of non-empty `sorted` values.
  static func quantile(_ sorted: [Value], _ q: Double) -> Value {
    let h = Double(sorted.count - 1) * min(1, max(0, q))
    let below = Int(h.rounded(.down))
    let above = min(below + 1, sorted.count - 1)
    return Value.interpolate(sorted[below], sorted[above], h - Double(below))
  }

  /// Whether `value` lies within the band, ends included.
  public func contains(_ value: Value) -> Bool { low <= value && value <= high }

  /// The band with `transform` applied to each end and the median (for a monotone
  /// increasing transform, still a band).
  public func map<T: BandValue>(_ transform: (Value) -> T) -> Band<T> {
    Band<T>(low: transform(low), median: transform(median), high: transform(high))
  }
}

/// A value a band can interpolate between.
public protocol BandValue: Comparable, Sendable, Hashable {
  /// The value a share `t` (0…1) of the way from `a` to `b`.
  static func interpolate(_ a: Self, _ b: Self, _ t: Double) -> Self
}

extension Double: BandValue {
  public static func interpolate(_ a: Double, _ b: Double, _ t: Double) -> Double { t == 0 ? a : a + (b - a) * t }
}

extension Money: BandValue {
  /// Exact to the nano-dollar: the step is `(b − a)·t` with `t` in 1/2³² and rounded half up,
  /// in 128-bit arithmetic (money is bounded far below its overflow).
  public static func interpolate(_ a: Money, _ b: Money, _ t: Double) -> Money {
    let scale = Int128(1) << 32
    let weight = Int128(min(1, max(0, t)) * 0x1p32)
    let step = (b.nanos - a.nanos) * weight
    let (q, r) = step.quotientAndRemainder(dividingBy: scale)
    return Money(nanos: a.nanos + q + (r * 2 >= scale ? 1 : r * 2 <= -scale ? -1 : 0))
  }
}
