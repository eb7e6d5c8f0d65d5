/// One anomalous hour of all spend or of one customer's.
public struct AnomalyFinding: Sendable, Hashable {
  /// The customer id, or `nil` for all spend.
  public var customer: String?
  /// The customer's index in the run's dimension table.
  var customerIndex: UInt32?
  /// The hour, its spend and the baseline it was judged against.
  public var anomaly: AnomalyDetector.Anomaly

  /// `all` or the customer id.
  public var scope: String { customer ?? "all" }
}

/// Anomalous hours of one scope that belong together (no more than `AnomalyEpisode.gap` hours
/// apart), such as a customer's burst over a working day, with the cause of its largest hour.
public struct AnomalyEpisode: Sendable, Hashable {
  /// The hours, in time order.
  public var hours: [AnomalyFinding]
  /// Which customer, model and feature moved the largest hour (for the listed episodes).
  public var cause: AnomalyCause?

  /// Hours between two anomalous hours of one episode at most.
  public static let gap = 3

  /// `all` or the customer id.
  public var scope: String { hours.first?.scope ?? "all" }
  /// The hour with the largest excess (ties: the earliest).
  public var peak: AnomalyFinding? {
    hours.max { ($0.anomaly.excess, $1.anomaly.index) < ($1.anomaly.excess, $0.anomaly.index) }
  }
  /// Spend and expected spend summed over the anomalous hours (dollars).
  public var spend: Double { hours.reduce(0) { $0 + $1.anomaly.value } }
  public var expected: Double { hours.reduce(0) { $0 + $1.anomaly.expected } }
  /// Spend above the expected value over the anomalous hours (dollars).
  public var excess: Double { spend - expected }

  /// Anomalous hours grouped into episodes per scope, largest excess first (ties by scope, then first hour).
  static func group(_ findings: [AnomalyFinding]) -> [AnomalyEpisode] {
    var episodes: [AnomalyEpisode] = []
    let ordered = findings.sorted { ($0.scope, $0.anomaly.index) < ($1.scope, $1.anomaly.index) }
    for f in ordered {
      if let last = episodes.last?.hours.last, last.scope == f.scope, f.anomaly.index - last.anomaly.index <= gap {
        episodes[episodes.count - 1].hours.append(f)
      } else {
        episodes.append(AnomalyEpisode(hours: [f], cause: nil))
      }
    }
    return episodes.sorted {
      let a = ($0.excess, $1.scope, $1.hours.first?.anomaly.index ?? 0)
      return a > ($1.excess, $0.scope, $0.hours.first?.anomaly.index ?? 0)
    }
  }
}
