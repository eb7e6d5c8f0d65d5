/// How many seeds every scenario is simulated under, and the interval bands report.
///
/// A simulated month is one draw: changing only the seed moves total cost by a fifth and can
/// flip a plan's verdict. With `seeds` above one, each figure is computed once per seed and
/// reported as its median with the central `interval` of the seeds (P5–P95 for 0.9).
///
/// Seed `k` (1-based) of a scenario whose seed is `s` is ``seed(_:of:)``: seed 1 is `s`
/// itself, so one seed reproduces the single run, and seed `k` is the same whatever the
/// count, so a 20-seed run is the first 20 seeds of a 100-seed run.
public struct Uncertainty: Sendable, Hashable {
  /// Seeds per scenario, 1 to `maxSeeds`.
  public var seeds: Int
  /// The central share of the seeds a band spans, in `intervals`.
  public var interval: Double
  /// The share of seeds the runner-up may win against the leader for a comparison still to
  /// recommend the leader (0.1: the leader must win at least 90% of the paired seeds).
  public var tolerance: Double

  public init(seeds: Int = 1, interval: Double = 0.9, tolerance: Double = 0.1) {
    self.seeds = seeds
    self.interval = interval
    self.tolerance = tolerance
  }

  /// The tolerances a comparison may use: from certainty to a coin toss.
  public static let tolerances = 0.0...0.5

  /// The most seeds a workbook may ask for.
  public static let maxSeeds = 1_000
  /// The intervals a band may span: from the interquartile range to P1–P99.
  public static let intervals = 0.5...0.98

  /// One seed: figures are single numbers, exactly as without uncertainty.
  public var isSingle: Bool { seeds <= 1 }

  /// Seed `k` (1-based) of a scenario seeded `base`.
  ///
  /// `base` for `k = 1`, else the first draw of the SplitMix64 sub-stream (`seeds`, k) of
  /// `base`; independent of how many seeds run.
  public static func seed(_ k: Int, of base: UInt64) -> UInt64 {
    guard k > 1 else { return base }
    var rng = SplitMix64(seed: base, stream: seedStream, UInt64(k))
    return rng.next()
  }

  /// The stream key of seed derivation (after the simulator's own keys, 1–7).
  static let seedStream: UInt64 = 8

  /// The lower and upper quantiles of the band: 0.05 and 0.95 for a 90% interval.
  public var quantiles: (low: Double, high: Double) {
    let tail = (1 - interval) / 2
    return (tail, 1 - tail)
  }

  /// `P5–P95`: the band's quantiles as percentiles (one decimal when not whole).
  public var label: String {
    let (low, high) = quantiles
    return "P\(Self.percentile(low))–P\(Self.percentile(high))"
  }

  private static func percentile(_ q: Double) -> String {
    let p = (q * 1000).rounded() / 10
    return p == p.rounded() ? String(Int(p)) : Format.fixed(p, places: 1)
  }
}
