/// Hourly spend of the whole run and of its largest customers up to a cutoff, each with the scale
/// (mean hour, call-cost mix) that sizes its anomaly thresholds.
struct HourlySpend {
  /// One series to watch: all spend (`customer == nil`) or one customer's.
  struct Scope {
    var customer: UInt32?
    var series: TimeSeries
    /// The largest single call of each hour (dollars).
    var largestCall: [Double]
    var scale: AnomalyDetector.Scale
  }

  /// All spend first, then the customers by cost (largest first, ties by id).
  var scopes: [Scope]

  /// Sums of call costs for a scale: count, Σc, Σc² (dollars).
  private struct Moments {
    var calls = 0
    var sum = 0.0
    var squares = 0.0

    mutating func add(_ dollars: Double) {
      calls += 1
      sum += dollars
      squares += dollars * dollars
    }

    func scale(hours: Int) -> AnomalyDetector.Scale {
      AnomalyDetector.Scale(
        meanHour: hours > 0 ? sum / Double(hours) : 0, meanCallCost: calls > 0 ? sum / Double(calls) : 0,
        callCostDispersion: sum > 0 ? squares / sum : 0)
    }
  }

  /// The series of the first `hours` hours from midnight UTC of `start`, overall and for the
  /// `topCustomers` customers with the most spend in those hours.
  init(run: Run, start: CalendarDay, hours: Int, topCustomers: Int) {
    let base = start.epochSeconds
    let end = base + Int64(max(0, hours)) * 3600
    var costs = [Int64](repeating: 0, count: run.dimensions.customers.count)
    for i in 0..<run.count where run.timestamp[i] >= base && run.timestamp[i] < end {
      let c = Int(run.customer[i])
      if costs.indices.contains(c) { costs[c] += run.cost[i] }
    }
    let names = run.dimensions.customers
    let top = costs.indices.filter { costs[$0] > 0 }
      .sorted { (costs[$0], names[$1]) > (costs[$1], names[$0]) }
      .prefix(topCustomers)
    var slot = [Int](repeating: -1, count: costs.count)
    for (k, c) in top.enumerated() { slot[c] = k }
    var values = [[Double]](repeating: [Double](repeating: 0, count: max(0, hours)), count: top.count + 1)
    var largest = values
    var moments = [Moments](repeating: Moments(), count: top.count + 1)
    for i in 0..<run.count where run.timestamp[i] >= base && run.timestamp[i] < end {
      let h = Int((run.timestamp[i] - base) / 3600)
      let dollars = Double(run.cost[i]) / 1e9
      values[0][h] += dollars
      largest[0][h] = max(largest[0][h], dollars)
      moments[0].add(dollars)
      let c = Int(run.customer[i])
      guard slot.indices.contains(c), slot[c] >= 0 else { continue }
      values[slot[c] + 1][h] += dollars
      largest[slot[c] + 1][h] = max(largest[slot[c] + 1][h], dollars)
      moments[slot[c] + 1].add(dollars)
    }
    let owners: [UInt32?] = [nil] + top.map { UInt32($0) }
    scopes = owners.indices.map {
      Scope(
        customer: owners[$0], series: TimeSeries(start: start, values: values[$0]), largestCall: largest[$0],
        scale: moments[$0].scale(hours: hours))
    }
  }
}
