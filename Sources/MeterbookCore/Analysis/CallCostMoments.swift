/// The largest call and the sum of squared call costs of a set of calls, kept exactly so that
/// the sets of a file's parts merge in any order to the same value.
///
/// The real-time report sizes its anomaly thresholds from them (`AnomalyDetector.Scale`: the
/// dispersion Σc²/Σc of call costs, and the hour's largest call left out of the excess); the
/// sum of costs itself is the cube cell's.
public struct CallCostMoments: Sendable, Hashable {
  /// The largest call's cost (nanodollars); 0 when no call cost more than nothing.
  public var largest: Int64 = 0
  /// Σ cost² (nanodollars squared), saturating at `UInt128.max` (beyond any real usage).
  public var squares: UInt128 = 0

  public init() {}

  /// Adds one call's cost.
  @inline(__always)
  mutating func record(_ cost: Int64) {
    largest = max(largest, cost)
    // The square as two 64-bit halves: the generic `UInt128(_:)` conversion walks the value's
    // words, which a run's million calls pay for in the real-time report.
    let (high, low) = cost.magnitude.multipliedFullWidth(by: cost.magnitude)
    add(UInt128(_low: low, _high: high))
  }

  /// Adds another set's moments.
  mutating func merge(_ other: CallCostMoments) {
    largest = max(largest, other.largest)
    add(other.squares)
  }

  private mutating func add(_ square: UInt128) {
    let (sum, overflow) = squares.addingReportingOverflow(square)
    squares = overflow ? .max : sum
  }
}
