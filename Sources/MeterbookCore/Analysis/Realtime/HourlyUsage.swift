/// Usage as records that each fall in one hour: a run's calls (one call per record) or a
/// digest's hourly cells (the sums of their calls).
///
/// The real-time report's arithmetic (hourly spend and call-cost moments, causes by
/// contribution, activity by day, premium calls) is written once, over this protocol, and every
/// figure is a sum over records, so the calls in memory and a streamed file give the same
/// report. An in-memory run is read call by call: hashing its calls into a digest first cost
/// twenty times the report itself on a million calls.
protocol HourlyUsage {
  /// The tables the records' ids index.
  var dimensions: Run.Dimensions { get }
  /// How many records there are.
  var records: Int { get }
  /// Record `r`'s hour (hours since the Unix epoch).
  func hour(_ r: Int) -> Int64
  func customer(_ r: Int) -> UInt32
  func model(_ r: Int) -> UInt16
  func task(_ r: Int) -> UInt8
  func feature(_ r: Int) -> UInt16
  /// Its calls and their cost (nanodollars).
  func calls(_ r: Int) -> Int64
  func cost(_ r: Int) -> Int64
  /// Its billable (non-error) calls and their cost (nanodollars).
  func billable(_ r: Int) -> (calls: Int64, cost: Int64)
  /// The largest call and the sum of squared call costs of its calls.
  func callCosts(_ r: Int) -> CallCostMoments
}

extension Run: HourlyUsage {
  var records: Int { count }
  @inline(__always) func hour(_ r: Int) -> Int64 { timestamp[r] / 3600 }
  @inline(__always) func customer(_ r: Int) -> UInt32 { customer[r] }
  @inline(__always) func model(_ r: Int) -> UInt16 { model[r] }
  @inline(__always) func task(_ r: Int) -> UInt8 { task[r] }
  @inline(__always) func feature(_ r: Int) -> UInt16 { feature[r] }
  @inline(__always) func calls(_ r: Int) -> Int64 { 1 }
  @inline(__always) func cost(_ r: Int) -> Int64 { cost[r] }
  @inline(__always) func billable(_ r: Int) -> (calls: Int64, cost: Int64) { status[r] == 1 ? (0, 0) : (1, cost[r]) }
  @inline(__always) func callCosts(_ r: Int) -> CallCostMoments {
    var moments = CallCostMoments()
    moments.record(cost[r])
    return moments
  }
}

extension UsageDigest: HourlyUsage {
  var dimensions: Run.Dimensions { cube.dimensions }
  var records: Int { cube.cells.count }
  @inline(__always) func hour(_ r: Int) -> Int64 { cube.cells[r].key.hour }
  @inline(__always) func customer(_ r: Int) -> UInt32 { cube.cells[r].key.customer }
  @inline(__always) func model(_ r: Int) -> UInt16 { cube.cells[r].key.model }
  @inline(__always) func task(_ r: Int) -> UInt8 { cube.cells[r].key.task }
  @inline(__always) func feature(_ r: Int) -> UInt16 { cube.cells[r].key.feature }
  @inline(__always) func calls(_ r: Int) -> Int64 { cube.cells[r].calls }
  @inline(__always) func cost(_ r: Int) -> Int64 { cube.cells[r].cost }
  @inline(__always) func billable(_ r: Int) -> (calls: Int64, cost: Int64) {
    (cube.cells[r].billableCalls, cube.cells[r].billableCost)
  }
  @inline(__always) func callCosts(_ r: Int) -> CallCostMoments { callCosts[r] }
}
