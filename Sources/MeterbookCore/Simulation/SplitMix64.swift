/// Meterbook's one random number generator: SplitMix64 (Steele, Lea & Flood, 2014).
///
/// Every random draw of a simulation comes from a `SplitMix64` whose seed is derived from the
/// workbook seed and a *stream key* (what the draws are for: a customer, a customer-day, an
/// organization), via `SplitMix64(seed:stream:)`. Streams are independent, so changing one
/// customer group's parameters never reshuffles the draws of anyone else, and days can be
/// generated in parallel with the same bytes out.
public struct SplitMix64: RandomNumberGenerator, Sendable {
  public private(set) var state: UInt64

  public init(seed: UInt64) { state = seed }

  /// A generator for one independent sub-stream of `seed`, keyed by up to four numbers.
  public init(seed: UInt64, stream a: UInt64, _ b: UInt64 = 0, _ c: UInt64 = 0, _ d: UInt64 = 0) {
    var h = SplitMix64.mix(seed ^ 0x6A09_E667_F3BC_C908)
    h = SplitMix64.mix(h ^ a)
    h = SplitMix64.mix(h ^ (b &* 0x9E37_79B9_7F4A_7C15))
    h = SplitMix64.mix(h ^ (c &* 0xBF58_476D_1CE4_E5B9))
    h = SplitMix64.mix(h ^ (d &* 0x94D0_49BB_1331_11EB))
    state = h
  }

  @inline(__always)
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    return SplitMix64.mix(state)
  }

  /// The SplitMix64 finalizer: a bijective 64-bit mixing function.
  @inline(__always)
  public static func mix(_ x: UInt64) -> UInt64 {
    var z = x
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A uniform `Double` in [0, 1) with 53 random bits.
  @inline(__always)
  public mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }
}

/// Stream keys: the first component of every sub-stream, naming what it is for.
enum StreamKey: UInt64 {
  case customer = 1
  case organization = 2
  case dayCount = 3
  case dayCalls = 4
  case churn = 5
  case adoption = 6
  case orgLayout = 7
  /// The seed of a data scenario's new customers (key 8 derives the seeds of `seeds N`).
  case newCustomers = 9
  /// A projection's months: each month's seed (projection, k), its arrivals (…, k, 1,
  /// archetype) and its churn draws (…, k, 2, customer).
  case projection = 10
}
