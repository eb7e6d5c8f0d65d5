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

    mutating func add(_ cell: UsageCube.Cell, _ moments: CallCostMoments) {
      calls += cell.calls
      sum += Int128(cell.cost)
      squares.merge(moments)
    }

    func scale(hours: Int) -> AnomalyDetector.Scale {
      let dollars = Double(sum) / 1e9
      return AnomalyDetector.Scale(
        meanHour: hours > 0 ? dollars / Double(hours) : 0, meanCallCost: calls > 0 ? dollars / Double(calls) : 0,
        callCostDispersion: sum > 0 ? Double(squares.squares) / 1e18 / dollars : 0)
    }
  }

  /// The series of the first `hours` hours from midnight UTC of `start`, overall and for the
  /// `topCustomers` customers with the most spend in those hours, from the digest's hourly
  /// cells (each hour's spend and largest call, each scope's call-cost moments: exact sums).
  init(_ digest: UsageDigest, start: CalendarDay, hours: Int, topCustomers: Int) {
    let cells = digest.cube.cells
    let base = start.epochSeconds / 3600
    let end = base + Int64(max(0, hours))
    let inRange = cells.indices.filter { cells[$0].key.hour >= base && cells[$0].key.hour < end }
    var costs = [Int64](repeating: 0, count: digest.cube.dimensions.customers.count)
    for k in inRange {
      let c = Int(cells[k].key.customer)
      if costs.indices.contains(c) { costs[c] += cells[k].cost }
    }
    let names = digest.cube.dimensions.customers
    let top = costs.indices.filter { costs[$0] > 0 }
      .sorted { (costs[$0], names[$1]) > (costs[$1], names[$0]) }
      .prefix(topCustomers)
    var slot = [Int](repeating: -1, count: costs.count)
    for (k, c) in top.enumerated() { slot[c] = k }
    var values = [[Int128]](repeating: [Int128](repeating: 0, count: max(0, hours)), count: top.count + 1)
    var largest = [[Int64]](repeating: [Int64](repeating: 0, count: max(0, hours)), count: top.count + 1)
    var moments = [Moments](repeating: Moments(), count: top.count + 1)
    for k in inRange {
      let (cell, callCosts) = (cells[k], digest.callCosts[k])
      let h = Int(cell.key.hour - base)
      var scopes = [0]
      let c = Int(cell.key.customer)
      if slot.indices.contains(c), slot[c] >= 0 { scopes.append(slot[c] + 1) }
      for s in scopes {
        values[s][h] += Int128(cell.cost)
        largest[s][h] = max(largest[s][h], callCosts.largest)
        moments[s].add(cell, callCosts)
      }
    }
    let owners: [UInt32?] = [nil] + top.map { UInt32($0) }
    scopes = owners.indices.map {
      Scope(
        customer: owners[$0], series: TimeSeries(start: start, values: values[$0].map { Double($0) / 1e9 }),
        largestCall: largest[$0].map { Double($0) / 1e9 }, scale: moments[$0].scale(hours: hours))
    }
  }
}
