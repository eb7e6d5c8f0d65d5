/// The figures of a projection, month by month and over the horizon.
///
/// MRR is the month's billed revenue, usage included (for a usage-based business the
/// recurring revenue is what customers are billed each month); ARR is MRR × 12. Net revenue
/// retention compares what the customers of the first month pay in month `k` with what they
/// paid in the first month; gross retention counts each of them at most at their first-month
/// bill, so only churn and contraction move it.
extension Projection.Path {
  /// Monthly recurring revenue of month `k`.
  public func mrr(_ k: Int) -> Money { Money.sum(revenue[k]) }

  /// Annual run rate of month `k`: MRR × 12.
  public func arr(_ k: Int) -> Money { mrr(k) * 12 }

  /// AI cost of the customers there in month `k`.
  public func cost(_ k: Int) -> Money { Money.sum(cost[k]) }

  /// Gross margin of month `k`.
  public func margin(_ k: Int) -> Money { mrr(k) - cost(k) }

  /// Gross margin of months 0 through `k`.
  public func cumulativeMargin(_ k: Int) -> Money { Money.sum((0...k).map(margin)) }

  /// Revenue of months 0 through `k`.
  public func cumulativeRevenue(_ k: Int) -> Money { Money.sum((0...k).map(mrr)) }

  /// Customers there in month `k`.
  public func customers(_ k: Int) -> Int { active[k].filter { $0 }.count }

  /// Customers there in month `k` who were not there the month before.
  public func arrived(_ k: Int) -> Int {
    guard k > 0 else { return 0 }
    return active[k].indices.filter { active[k][$0] && !active[k - 1][$0] }.count
  }

  /// Customers there in month `k − 1` who left before month `k`.
  public func churned(_ k: Int) -> Int {
    guard k > 0 else { return 0 }
    return active[k].indices.filter { !active[k][$0] && active[k - 1][$0] }.count
  }

  /// Net revenue retention at month `k`: the first month's customers' revenue in month `k`
  /// over their revenue in the first month; `nil` without first-month revenue.
  public func nrr(_ k: Int) -> Double? {
    let start = mrr(0)
    guard start > .zero else { return nil }
    let kept = revenue[k].indices.reduce(Money.zero) { active[0][$1] ? $0 + revenue[k][$1] : $0 }
    return kept.share(of: start)
  }

  /// Gross revenue retention at month `k`: as `nrr`, each customer capped at their first-month
  /// revenue (expansion does not count, churn and contraction do).
  public func grr(_ k: Int) -> Double? {
    let start = mrr(0)
    guard start > .zero else { return nil }
    let kept = revenue[k].indices.reduce(Money.zero) { active[0][$1] ? $0 + min(revenue[k][$1], revenue[0][$1]) : $0 }
    return kept.share(of: start)
  }
}

extension Projection {
  /// The last month's index.
  public var lastMonth: Int { max(0, periods.count - 1) }

  /// One signup cohort: the customers who joined in `month`.
  public struct Cohort: Sendable, Hashable {
    public var month: Int
    public var joined: Int
    /// Still there in the last month.
    public var remaining: Int
    public var firstMonthRevenue: Money
    public var lastMonthRevenue: Money
    /// Revenue over every month of the horizon.
    public var totalRevenue: Money
  }

  /// Cohorts by signup month (0 is the customers there at the start), for `path`.
  public func cohorts(_ path: Path) -> [Cohort] {
    let last = lastMonth
    return periods.indices.compactMap { j in
      let group = members.indices.filter { members[$0].joined == j }
      guard !group.isEmpty else { return nil }
      return Cohort(
        month: j, joined: group.count, remaining: group.filter { path.active[last][$0] }.count,
        firstMonthRevenue: Money.sum(group.map { path.revenue[j][$0] }),
        lastMonthRevenue: Money.sum(group.map { path.revenue[last][$0] }),
        totalRevenue: Money.sum(group.flatMap { c in path.revenue.indices.map { path.revenue[$0][c] } }))
    }
  }

  /// Lifetime value of one archetype under a plan.
  public struct LifetimeValue: Sendable, Hashable {
    public var archetype: String
    public var customers: Int
    /// Margin per customer-month over the horizon.
    public var monthlyMargin: Money
    /// Churn per month at risk: leavers over the customer-months that could be followed by one.
    public var monthlyChurn: Double
    /// Discounted lifetime margin, `m·(1 + d)/(d + c)`; `nil` with neither churn nor discount.
    public var value: Money?
    /// Months of margin that pay back the acquisition cost; `nil` without a CAC or a margin.
    public var paybackMonths: Double?
    /// LTV over CAC; `nil` without a CAC.
    public var ltvToCAC: Double?
  }

  /// Lifetime value per archetype under `path`, from the margin and churn the projection shows.
  public func lifetimes(_ path: Path) -> [LifetimeValue] {
    let d = Lifetime.monthlyDiscount(annual: horizon.annualDiscount)
    let last = lastMonth
    return archetypes.indices.compactMap { a in
      let group = members.indices.filter { members[$0].archetype == a }
      var months = 0
      var atRisk = 0
      var left = 0
      var margin = Money.zero
      for k in periods.indices {
        for c in group where path.active[k][c] {
          months += 1
          margin += path.revenue[k][c] - path.cost[k][c]
          guard k < last else { continue }
          atRisk += 1
          if !path.active[k + 1][c] { left += 1 }
        }
      }
      guard months > 0 else { return nil }
      let m = margin.scaled(by: 1, per: months)
      let churn = atRisk > 0 ? Double(left) / Double(atRisk) : 0
      let value = Lifetime.value(monthlyMargin: m, churn: churn, discount: d)
      let cac = horizon.cac.flatMap { $0 > .zero ? $0 : nil }
      return LifetimeValue(
        archetype: archetypes[a], customers: group.count, monthlyMargin: m, monthlyChurn: churn, value: value,
        paybackMonths: cac.flatMap { c in m > .zero ? c.share(of: m) : nil },
        ltvToCAC: cac.flatMap { c in value.map { $0.share(of: c) } })
    }
  }

  /// Where the plans' ranking changes over the horizon: the month-1 leader on margin, the
  /// leader on cumulative margin at the end, and the first month the cumulative leader
  /// differs from the month-1 leader (`nil` when it never does).
  public struct Crossover: Sendable, Hashable {
    public var firstMonthLeader: String
    public var horizonLeader: String
    public var month: Int?
  }

  /// The crossover of the projected plans (`nil` with fewer than two).
  public var crossover: Crossover? {
    guard paths.count > 1 else { return nil }
    func leader(_ value: (Path) -> Money) -> String {
      // Ties keep the earlier plan, as the plan comparison does.
      paths.dropFirst().reduce(paths[0]) { value($1) > value($0) ? $1 : $0 }.plan
    }
    let first = leader { $0.margin(0) }
    let month = periods.indices.first { k in leader { $0.cumulativeMargin(k) } != first }
    return Crossover(firstMonthLeader: first, horizonLeader: leader { $0.cumulativeMargin(lastMonth) }, month: month)
  }
}
