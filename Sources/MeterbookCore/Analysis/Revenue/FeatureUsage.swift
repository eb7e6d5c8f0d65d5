/// What the calls say about one feature: volume, cost, who uses it, when it started, how its
/// cost moved, and whether its adopters stayed.
public struct FeatureUsage: Sendable, Hashable {
  public var feature: String
  public var calls: Int
  public var cost: Money
  /// Customers with at least one call of the feature.
  public var activeCustomers: Int
  /// First day (0-based) with a call of the feature.
  public var firstDay: Int
  /// AI cost and calls in the first and second half of the feature's own span
  /// (`firstDay` to the end of the period), and the days in each half.
  public var halves: Halves
  /// Watched customers (see `ObservedChurn`) active on or after `firstDay`, split by whether
  /// they used the feature, with how many of each churned.
  public var retention: Retention

  /// Cost and calls in the two halves of a feature's span.
  public struct Halves: Sendable, Hashable {
    public var firstCost: Money = .zero
    public var secondCost: Money = .zero
    public var firstCalls = 0
    public var secondCalls = 0
    public var firstDays = 0
    public var secondDays = 0
  }

  /// Adopters and non-adopters among the watched customers, and how many of each churned.
  public struct Retention: Sendable, Hashable {
    public var adopters = 0
    public var adoptersChurned = 0
    public var others = 0
    public var othersChurned = 0
  }
}

extension FeatureUsage {
  /// Every feature of `run` with at least one call, in the run's feature order.
  ///
  /// One pass finds each feature's first day and its adopters (sparse: a customer uses a few
  /// features, and a dense customers × features table of a large export would not fit);
  /// a second pass splits each feature's cost at the middle of its own span.
  public static func measure(_ run: Run, customers: Int, period: Period, churn: ObservedChurn) -> [FeatureUsage] {
    let features = run.dimensions.features
    let f = max(1, features.count)
    var first = [Int](repeating: .max, count: features.count)
    var adopted = Set<Int>()
    var usage = features.map {
      FeatureUsage(
        feature: $0, calls: 0, cost: .zero, activeCustomers: 0, firstDay: 0, halves: Halves(), retention: Retention())
    }
    for i in 0..<run.count {
      let k = Int(run.feature[i])
      guard k < features.count, let day = period.dayIndex(epochSeconds: run.timestamp[i]) else { continue }
      first[k] = min(first[k], day)
      usage[k].calls += 1
      usage[k].cost.nanos += Int128(run.cost[i])
      if adopted.insert(Int(run.customer[i]) * f + k).inserted { usage[k].activeCustomers += 1 }
    }
    for k in usage.indices where usage[k].calls > 0 {
      usage[k].firstDay = first[k]
      let span = period.days - first[k]
      usage[k].halves.firstDays = span / 2
      usage[k].halves.secondDays = span - span / 2
    }
    splitHalves(run, period: period, into: &usage)
    countRetention(
      adopted: adopted, features: f, customers: customers, churn: churn, run: run, period: period, into: &usage)
    return usage.filter { $0.calls > 0 }
  }

  /// Adds each call's cost to the half of its feature's span it falls in.
  private static func splitHalves(_ run: Run, period: Period, into usage: inout [FeatureUsage]) {
    for i in 0..<run.count {
      let k = Int(run.feature[i])
      guard k < usage.count, let day = period.dayIndex(epochSeconds: run.timestamp[i]) else { continue }
      if day < usage[k].firstDay + usage[k].halves.firstDays {
        usage[k].halves.firstCalls += 1
        usage[k].halves.firstCost.nanos += Int128(run.cost[i])
      } else {
        usage[k].halves.secondCalls += 1
        usage[k].halves.secondCost.nanos += Int128(run.cost[i])
      }
    }
  }

  /// Counts, per feature, watched customers still active at its first day, by adoption and churn.
  private static func countRetention(
    adopted: Set<Int>, features f: Int, customers: Int, churn: ObservedChurn, run: Run, period: Period,
    into usage: inout [FeatureUsage]
  ) {
    var lastDay = [Int](repeating: -1, count: customers)
    for i in 0..<run.count {
      let c = Int(run.customer[i])
      guard c < customers, let day = period.dayIndex(epochSeconds: run.timestamp[i]) else { continue }
      lastDay[c] = max(lastDay[c], day)
    }
    for c in 0..<customers where churn.watched.indices.contains(c) && churn.watched[c] {
      for k in usage.indices where usage[k].calls > 0 && lastDay[c] >= usage[k].firstDay {
        if adopted.contains(c * f + k) {
          usage[k].retention.adopters += 1
          if churn.churned[c] { usage[k].retention.adoptersChurned += 1 }
        } else {
          usage[k].retention.others += 1
          if churn.churned[c] { usage[k].retention.othersChurned += 1 }
        }
      }
    }
  }
}
