/// The units of each charge of one plan, per customer per billing period.
///
/// Billing counts usage per period (allowances and tier bounds apply per period), so a run of
/// two months has two counts per customer; a run inside one period has one, the fast path.
public struct PlanUsage: Sendable, Hashable {
  /// The plan's billing periods that overlap the run, in order.
  public let periods: [BillingPeriod]
  /// `units[counter][customer × periods.count + period]`: each charge's `meterCount`
  /// counters, in charge order.
  public var units: [[Int64]]
  /// The first counter of each charge.
  public var firstCounter: [Int]

  public init(periods: [BillingPeriod], units: [[Int64]], firstCounter: [Int]? = nil) {
    self.periods = periods
    self.units = units
    self.firstCounter = firstCounter ?? Array(units.indices)
  }

  /// Units of charge `k` (its first counter) for customer `c` in period `p`.
  public func units(charge k: Int, customer c: Int, period p: Int) -> Int64 {
    firstCounter.indices.contains(k) ? counter(firstCounter[k], customer: c, period: p) : 0
  }

  /// Every counter for customer `c` in period `p`, in charge order (`Charge.amount(meters:)`
  /// reads each charge's slice).
  public func units(customer c: Int, period p: Int) -> [Int64] {
    units.indices.map { counter($0, customer: c, period: p) }
  }

  /// The counters of charge `k` for customer `c` in period `p`.
  public func meters(charge k: Int, customer c: Int, period p: Int) -> ArraySlice<Int64> {
    guard firstCounter.indices.contains(k) else { return [] }
    let end = k + 1 < firstCounter.count ? firstCounter[k + 1] : units.count
    return ArraySlice((firstCounter[k]..<end).map { counter($0, customer: c, period: p) })
  }

  private func counter(_ k: Int, customer c: Int, period p: Int) -> Int64 {
    let i = c * periods.count + p
    return units.indices.contains(k) && units[k].indices.contains(i) ? units[k][i] : 0
  }
}
