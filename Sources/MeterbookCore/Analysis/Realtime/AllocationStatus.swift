/// A customer's use of its tier's monthly allowance of calls in the current calendar month.
///
/// Allowances (`included_calls`) are monthly, so a customer is judged on the calendar month "now"
/// is in, not on the whole period: its calls in that month so far against one month's allowance,
/// and projected to the month's end by the month's real length, `calls + pace × daysLeft`. The
/// pace is the month's own, `calls / daysElapsed` (so a month observed from its first day projects
/// to `calls / daysElapsed × daysInMonth`), or, in the month's first 6 days, the mean of the last
/// 7 days across the month boundary (one Sunday or one burst does not set a month's pace). A
/// period that enters the month mid-way counts only the days it covers, so the projection does not
/// count calls before the data starts.
public struct AllocationStatus: Sendable, Hashable {
  public var customer: String
  public var tier: String
  /// The tier's monthly allowance of calls.
  public var allowance: Int
  /// The calendar month judged, `YYYY-MM`.
  public var month: String
  /// Calls in the month so far.
  public var calls: Int
  /// Days of the month observed so far, and days left to its end.
  public var daysElapsed: Int
  public var daysLeft: Int
  /// Calls projected at the month's end.
  public var projectedCalls: Double

  /// `calls / allowance`.
  public var used: Double { Double(calls) / Double(max(1, allowance)) }
  /// `projectedCalls / allowance`.
  public var projected: Double { projectedCalls / Double(max(1, allowance)) }

  /// Customers at or past `watch` (80%) of their allowance, or projected past 100% of it, by
  /// projection (largest first; ties by use, then id).
  static func assess(
    _ activity: CustomerActivity, customers: [Customer], tiers: [PopulationSpec.Tier], watch: Double = 0.8
  ) -> [AllocationStatus] {
    guard let month = activity.month else { return [] }
    let elapsed = activity.now - activity.monthStart
    let lastDay = month.first.adding(days: max(0, elapsed - 1)).components.day
    let left = max(0, month.daysInMonth - lastDay)
    return customers.compactMap { cust -> AllocationStatus? in
      guard tiers.indices.contains(cust.tier), let limit = tiers[cust.tier].includedCalls, limit > 0,
        activity.callsThisMonth.indices.contains(cust.index), elapsed > 0
      else { return nil }
      let calls = activity.callsThisMonth[cust.index]
      let week = min(7, activity.now)
      let pace =
        elapsed >= 7 || week <= elapsed
        ? Double(calls) / Double(elapsed) : Double(activity.callsLastWeek[cust.index]) / Double(week)
      let status = AllocationStatus(
        customer: cust.id, tier: tiers[cust.tier].name, allowance: limit, month: month.label, calls: calls,
        daysElapsed: elapsed, daysLeft: left, projectedCalls: Double(calls) + pace * Double(left))
      return status.used >= watch || status.projected >= 1 ? status : nil
    }.sorted { ($0.projected, $0.used, $1.customer) > ($1.projected, $1.used, $0.customer) }
  }
}
