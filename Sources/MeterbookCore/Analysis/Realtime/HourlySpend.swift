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

  /// Sums of call costs for a scale: calls, Σc (nanodollars), Σc² (nanodollars squared).
  private struct Moments {
    var calls = Int64(0)
    var sum = Int128(0)
    var squares = CallCostMoments()

    mutating func add(calls: Int64, cost: Int64, _ moments: CallCostMoments) {
      self.calls += calls
      sum += Int128(cost)
      squares.merge(moments)
    }

    func scale(hours: Int) -> AnomalyDetector.Scale {
      let dollars = sum.double / 1e9
      return AnomalyDetector.Scale(
        meanHour: hours > 0 ? dollars / Double(hours) : 0, meanCallCost: calls > 0 ? dollars / Double(calls) : 0,
        callCostDispersion: sum > 0 ? Double(squares.squares) / 1e18 / dollars : 0)
    }
  }

  /// The series of the first `hours` hours from midnight UTC of `start`, overall and for the
  /// `topCustomers` customers with the most spend in those hours: each hour's spend and largest
  /// call, each scope's call-cost moments, all exact sums over the records of `usage`.
  init(_ usage: some HourlyUsage, start: CalendarDay, hours: Int, topCustomers: Int) {
    let base = start.epochSeconds / 3600
    let end = base + Int64(max(0, hours))
    let names = usage.dimensions.customers
    var costs = [Int64](repeating: 0, count: names.count)
    for r in 0..<usage.records {
      let hour = usage.hour(r)
      guard hour >= base && hour < end else { continue }
      let c = Int(usage.customer(r))
      if costs.indices.contains(c) { costs[c] += usage.cost(r) }
    }
    let top = costs.indices.filter { costs[$0] > 0 }
      .sorted { (costs[$0], names[$1]) > (costs[$1], names[$0]) }
      .prefix(topCustomers)
    var slot = [Int](repeating: -1, count: costs.count)
    for (k, c) in top.enumerated() { slot[c] = k }
    var values = [[Int128]](repeating: [Int128](repeating: 0, count: max(0, hours)), count: top.count + 1)
    var largest = [[Int64]](repeating: [Int64](repeating: 0, count: max(0, hours)), count: top.count + 1)
    var moments = [Moments](repeating: Moments(), count: top.count + 1)
    /// Adds a record's sums to scope `s` (0 is all spend, then the watched customers).
    func add(_ s: Int, hour h: Int, calls: Int64, cost: Int64, _ callCosts: CallCostMoments) {
      values[s][h] += Int128(cost)
      largest[s][h] = max(largest[s][h], callCosts.largest)
      moments[s].add(calls: calls, cost: cost, callCosts)
    }
    for r in 0..<usage.records {
      let hour = usage.hour(r)
      guard hour >= base && hour < end else { continue }
      let (h, calls, cost, callCosts) = (Int(hour - base), usage.calls(r), usage.cost(r), usage.callCosts(r))
      add(0, hour: h, calls: calls, cost: cost, callCosts)
      let c = Int(usage.customer(r))
      if slot.indices.contains(c), slot[c] >= 0 { add(slot[c] + 1, hour: h, calls: calls, cost: cost, callCosts) }
    }
    let owners: [UInt32?] = [nil] + top.map { UInt32($0) }
    scopes = owners.indices.map {
      Scope(
        customer: owners[$0], series: TimeSeries(start: start, values: values[$0].map { $0.double / 1e9 }),
        largestCall: largest[$0].map { Double($0) / 1e9 }, scale: moments[$0].scale(hours: hours))
    }
  }
}
