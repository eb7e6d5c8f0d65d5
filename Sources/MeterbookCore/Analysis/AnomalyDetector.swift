/// Spikes in a time series by a rolling median and MAD over the preceding `window` points:
/// a point is an anomaly when it exceeds `median + threshold × 1.4826 × MAD` (the MAD scaled
/// to a standard deviation) and a minimum size, so quiet series do not alarm on noise.
public struct AnomalyDetector: Sendable, Hashable {
  public var window = 48
  public var threshold = 6.0
  public var minimum = 1.0
  public init(window: Int = 48, threshold: Double = 6, minimum: Double = 1) {
    self.window = window
    self.threshold = threshold
    self.minimum = minimum
  }

  public struct Anomaly: Sendable, Hashable {
    public var index: Int
    public var value: Double
    public var expected: Double
    public var ratio: Double { expected > 0 ? value / expected : .infinity }
  }

  public func detect(_ values: [Double]) -> [Anomaly] {
    guard values.count > window else { return [] }
    var out: [Anomaly] = []
    for t in window..<values.count {
      let past = Array(values[(t - window)..<t])
      let m = median(past)
      let mad = median(past.map { abs($0 - m) })
      let limit = m + threshold * 1.4826 * max(mad, m * 0.05)
      if values[t] > limit && values[t] >= minimum { out.append(Anomaly(index: t, value: values[t], expected: m)) }
    }
    return out
  }
}
