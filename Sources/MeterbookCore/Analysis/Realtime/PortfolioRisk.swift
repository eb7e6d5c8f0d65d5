/// Revenue at risk from customers projected to cost more than they pay, customers whose spend
/// rises fast, and the direction of total spend, as of a day.
///
/// - **Projection**: a customer's cost for the period is its cost so far plus, for each day left,
///   its pace: the mean daily cost of the last 7 days (of all days so far when fewer) without the
///   dearest one, so a single burst day does not set the pace.
/// - **Unprofitable** (beyond noise): even the low end of the projection exceeds the bill by the
///   minimum gap (`max($1, 5% of the bill)`). The low end is the cost so far plus the projected
///   remainder less two standard errors (never below zero), the standard error being
///   `σ_day × √(daysLeft + daysLeft² / paceDays)` with `σ_day` the robust standard deviation
///   (1.4826 × MAD) of the customer's daily cost over the last 14 days: the day-to-day noise of the
///   days left plus the uncertainty of the pace itself. A customer one noisy week away from its bill
///   is not counted; one whose cost so far already passed it by the gap is. With no days left the
///   cost is actual and only the minimum gap applies.
/// - **Value at risk** is the sum of the bills of the unprofitable customers.
/// - **Rising fast**: the last 7 days' cost is more than `risingFactor` × the 7 days before, and both
///   weeks are at least the floor: the larger of `minimumWeeklySpend` and the median weekly spend
///   of the customers active in the earlier week. Rising customers are a watch list, not revenue at risk.
/// - **Trend**: total cost of the last 7 days against the 7 before, ↑ above +10%, ↓ below −10%.
public struct PortfolioRisk: Sendable, Hashable {
  /// A customer projected to cost more than its bill by more than noise.
  public struct Unprofitable: Sendable, Hashable {
    public var customer: String
    public var bill: Money
    public var costSoFar: Money
    public var projectedCost: Money
    /// The low end of the projection (two standard errors below it, never below the cost so far).
    public var lowEstimate: Money
    /// `projectedCost − bill`.
    public var gap: Money { projectedCost - bill }
  }

  /// A customer whose spend rose fast week over week.
  public struct Rising: Sendable, Hashable {
    public var customer: String
    public var lastWeek: Money
    public var weekBefore: Money
    /// `lastWeek / weekBefore − 1`.
    public var growth: Double
  }

  /// The direction of total spend, week over week.
  public enum Trend: String, Sendable, Hashable {
    case up = "↑"
    case down = "↓"
    case flat = "→"
  }

  /// Unprofitable customers, largest gap first (ties by id).
  public var unprofitable: [Unprofitable]
  /// Fast-rising customers, largest growth first (ties by id).
  public var rising: [Rising]
  /// The weekly spend both weeks of a rising customer had to reach.
  public var risingFloor: Money
  /// Sum of the unprofitable customers' bills.
  public var valueAtRisk: Money
  /// Total cost of the last 7 days and of the 7 before.
  public var lastWeek: Money
  public var weekBefore: Money

  /// `lastWeek / weekBefore − 1`, or `nil` without an earlier week.
  public var change: Double? { weekBefore > .zero ? lastWeek.dollars / weekBefore.dollars - 1 : nil }

  public var trend: Trend {
    guard let change else { return .flat }
    return change > 0.1 ? .up : change < -0.1 ? .down : .flat
  }
}

extension PortfolioRisk {
  /// Settings of the assessment.
  public struct Policy: Sendable, Hashable {
    /// Growth factor above which a customer rises fast.
    public var risingFactor = 1.5
    /// Least weekly spend of both weeks of a rising customer.
    public var minimumWeeklySpend = Money(dollars: 1)
    /// Least gap (dollars) and least gap as a share of the bill for an unprofitable customer.
    public var minimumGap = Money(dollars: 1)
    public var minimumGapShare = 0.05
    /// Standard errors the gap must pass.
    public var errors = 2.0
    public init() {}
  }

  /// The portfolio as of `activity.now` (days of data) in a period of `days` days.
  static func assess(
    _ activity: CustomerActivity, bills: [Money], names: [String], days: Int, policy: Policy = Policy()
  ) -> PortfolioRisk {
    let now = activity.now
    let customers = min(bills.count, names.count, activity.costSoFar.count)
    let unprofitable = (0..<customers).compactMap { c in
      judge(
        soFar: activity.costSoFar[c], recent: activity.recent[c], bill: bills[c], name: names[c], now: now,
        daysLeft: max(0, days - now), policy: policy)
    }.sorted { ($0.gap, $1.customer) > ($1.gap, $0.customer) }
    let week = { (c: Int, weeksBack: Int) -> Money in
      let r = activity.recent[c]
      guard r.count >= 7 * weeksBack else { return .zero }
      return Money(nanos: r[(r.count - 7 * weeksBack)..<(r.count - 7 * weeksBack + 7)].reduce(0, +))
    }
    let last = (0..<customers).map { week($0, 1) }
    let before = (0..<customers).map { week($0, 2) }
    let active = before.filter { $0 > .zero }.map(\.dollars)
    let floor = max(policy.minimumWeeklySpend, Money(approximating: median(active)) ?? .zero)
    let rising = (0..<customers).compactMap { c -> Rising? in
      guard before[c] >= floor, last[c] >= floor, last[c].dollars > policy.risingFactor * before[c].dollars else {
        return nil
      }
      return Rising(
        customer: names[c], lastWeek: last[c], weekBefore: before[c], growth: last[c].dollars / before[c].dollars - 1)
    }.sorted { ($0.growth, $1.customer) > ($1.growth, $0.customer) }
    return PortfolioRisk(
      unprofitable: unprofitable, rising: rising, risingFloor: floor,
      valueAtRisk: Money.sum(unprofitable.map(\.bill)), lastWeek: Money.sum(last), weekBefore: Money.sum(before))
  }

  /// Whether a customer is projected to cost more than `bill` by more than noise, given its cost
  /// so far and its daily costs of the last days before `now` (nano-dollars, oldest first).
  static func judge(
    soFar: Int64, recent: [Int64], bill: Money, name: String, now: Int, daysLeft: Int, policy: Policy
  ) -> Unprofitable? {
    guard now > 0, !recent.isEmpty else { return nil }
    var week = recent.suffix(7).sorted()
    if week.count >= 3 { week.removeLast() }
    let paceDays = week.count
    let pace = Double(week.reduce(0, +)) / Double(paceDays) / 1e9
    let left = Double(daysLeft)
    let remainder = pace * left
    let days = recent.map { Double($0) / 1e9 }
    let m = median(days)
    let sd = 1.4826 * median(days.map { abs($0 - m) })
    let error = sd * (left + left * left / Double(paceDays)).squareRoot()
    let cost = Money(nanos: soFar)
    let projected = cost + (Money(approximating: remainder) ?? .zero)
    let low = cost + (Money(approximating: max(0, remainder - policy.errors * error)) ?? .zero)
    let share = bill.scaled(by: Int64((policy.minimumGapShare * 10_000).rounded()), per: 10_000)
    guard low - bill > max(policy.minimumGap, share) else { return nil }
    return Unprofitable(customer: name, bill: bill, costSoFar: cost, projectedCost: projected, lowEstimate: low)
  }
}
