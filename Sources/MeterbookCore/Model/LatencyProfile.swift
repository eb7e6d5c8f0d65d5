/// How long a model takes to answer: time to first token plus a per-output-token time,
/// scaled by a log-normal factor whose σ is `spread`.
public struct LatencyProfile: Sendable, Hashable, Codable {
  public var timeToFirstTokenMs: Double
  public var msPerOutputToken: Double
  public var spread: Double

  public init(timeToFirstTokenMs: Double, msPerOutputToken: Double, spread: Double) {
    self.timeToFirstTokenMs = timeToFirstTokenMs
    self.msPerOutputToken = msPerOutputToken
    self.spread = spread
  }
}
