/// The units of each charge of one plan, per customer per billing period.
///
/// Billing counts usage per period (allowances and tier bounds apply per period), so a run of
/// two months has two counts per customer; a run inside one period has one, the fast path.
public struct PlanUsage: Sendable, Hashable {
  /// The plan's billing periods that overlap the run, in order.
  public let periods: [BillingPeriod]
  /// `units[charge][customer × periods.count + period]`.
  public var units: [[Int64]]

  /// Units of charge `k` for customer `c` in period `p`.
  public func units(charge k: Int, customer c: Int, period p: Int) -> Int64 {
    let i = c * periods.count + p
    return units.indices.contains(k) && units[k].indices.contains(i) ? units[k][i] : 0
  }

  /// Units of every charge for customer `c` in period `p`, in charge order.
  public func units(customer c: Int, period p: Int) -> [Int64] {
    units.indices.map { units(charge: $0, customer: c, period: p) }
  }
}
