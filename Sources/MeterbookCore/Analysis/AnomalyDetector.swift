/// Spend spikes in an hourly cost series, judged against a seasonal baseline with thresholds in
/// dollars, in percent and in spreads, all scaled to the series' own size.
///
/// Hour `t` is an anomaly when its excess over the expected value (`SeasonalBaseline`) passes
/// all three tests. The excess is counted without the hour's largest call (when the caller knows
/// it): one expensive call is not a spending pattern, and a customer's occasional $0.30 call in a
/// quiet hour would otherwise be flagged as "new spend" again and again.
///
/// - **spread**: `excess > threshold × σ`, where σ is the largest of the baseline's robust spread
///   (1.4826 × MAD), `relativeNoise × expected`, and the noise of Poisson call arrivals at the
///   scope's call-cost mix, `√(max(expected, E[c]) × E[c²] / E[c])` (at least one call's worth:
///   a sparse customer's hour is never expected to be exactly quiet);
/// - **percent**: `value ≥ (1 + minimumIncrease) × expected` (skipped when nothing is expected);
/// - **dollars**: `excess ≥ floor`, the largest of `minimumDollars`, `floorShare` × the scope's
///   mean hour and `minimumCalls` × its mean call cost.
///
/// The dollar floor follows the scope: an overall series of $2 an hour needs about a dollar more
/// than expected, a customer of $0.05 an hour a few cents, so a small customer's 11× spike is found
/// and a single call in a quiet hour is not. A zero expected value is a normal case (nights,
/// weekends): the hour is then "new spend" and only the dollar floor applies.
public struct AnomalyDetector: Sendable, Hashable {
  /// Spreads (robust standard deviations) the excess must pass.
  public var threshold = 4.0
  /// The least rise over the expected value, as a share (0.5 is +50%).
  public var minimumIncrease = 0.5
  /// The least excess in dollars, whatever the scope.
  public var minimumDollars = 0.01
  /// The least excess as a share of the scope's mean hour.
  public var floorShare = 0.5
  /// The least excess in calls of the scope's mean cost.
  public var minimumCalls = 3.0
  /// The least spread as a share of the expected value.
  public var relativeNoise = 0.1

  public init(threshold: Double = 4, minimumIncrease: Double = 0.5, minimumDollars: Double = 0.01) {
    self.threshold = threshold
    self.minimumIncrease = minimumIncrease
    self.minimumDollars = minimumDollars
  }

  /// The size of the scope a series belongs to, which scales the thresholds.
  public struct Scale: Sendable, Hashable {
    /// Mean cost of one hour over the series (dollars).
    public var meanHour: Double
    /// Mean cost of one call of the scope (dollars); 0 when unknown.
    public var meanCallCost: Double
    /// `E[c²] / E[c]` of the scope's call costs (dollars); 0 when unknown.
    public var callCostDispersion: Double

    public init(meanHour: Double, meanCallCost: Double = 0, callCostDispersion: Double = 0) {
      self.meanHour = meanHour
      self.meanCallCost = meanCallCost
      self.callCostDispersion = callCostDispersion
    }
  }

  /// One anomalous hour.
  public struct Anomaly: Sendable, Hashable {
    /// Hour index into the series.
    public var index: Int
    /// Spend in the hour (dollars).
    public var value: Double
    /// The baseline the hour was judged against.
    public var baseline: SeasonalBaseline
    /// The hour's largest single call (dollars; 0 when unknown), left out of the tests.
    public var largestCall: Double
    /// The excess the hour needed to pass the dollar floor (dollars).
    public var floor: Double

    /// Expected spend (dollars): the baseline's median.
    public var expected: Double { baseline.expected }
    /// Spend above the expected value (dollars).
    public var excess: Double { value - baseline.expected }
    /// Whether nothing (less than a tenth of the dollar floor) was expected: the hour is new spend
    /// and has no meaningful ratio.
    public var isNewSpend: Bool { baseline.expected < 0.1 * floor }
    /// `value / expected`, or `nil` for new spend (a ratio over ≈ 0 means nothing).
    public var ratio: Double? { isNewSpend ? nil : value / baseline.expected }
  }

  /// The anomalous hours of `series` (hourly, first hour at midnight UTC of `series.start`), in time order.
  ///
  /// - Parameters:
  ///   - series: hourly spend in dollars.
  ///   - scale: the scope's size; by default the series' mean hour alone.
  ///   - largestCall: the largest single call of each hour (dollars), left out of the excess; none by default.
  /// - Complexity: O(n) for n hours.
  public func detect(_ series: TimeSeries, scale: Scale? = nil, largestCall: [Double] = []) -> [Anomaly] {
    let values = series.values
    let scale = scale ?? Scale(meanHour: series.mean)
    let floor = max(minimumDollars, floorShare * scale.meanHour, minimumCalls * scale.meanCallCost)
    var found: [Anomaly] = []
    for t in values.indices {
      let single = largestCall.indices.contains(t) ? max(0, largestCall[t]) : 0
      guard values[t] - single >= floor, let b = SeasonalBaseline.at(t, in: values, start: series.start) else {
        continue
      }
      let poisson = (max(b.expected, scale.meanCallCost) * scale.callCostDispersion).squareRoot()
      let sigma = max(b.spread, relativeNoise * b.expected, poisson)
      let excess = values[t] - single - b.expected
      guard excess >= floor, excess > threshold * sigma, values[t] >= (1 + minimumIncrease) * b.expected else {
        continue
      }
      found.append(Anomaly(index: t, value: values[t], baseline: b, largestCall: single, floor: floor))
    }
    return found
  }
}
