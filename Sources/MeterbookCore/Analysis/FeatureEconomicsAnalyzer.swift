/// Feature economics: each feature judged on what the data supports.
///
/// Revenue is not split by call share: that makes every feature the company average. A
/// feature earns revenue of its own only when the current plan charges for it
/// (`FeatureRevenue`); otherwise its revenue is unknown and the report says so. Features are
/// judged on cost per active customer (against the other features and against what a
/// customer pays), adoption, the trend of their cost per day, and whether their adopters
/// churn more, by the rules of `FeatureThresholds`.
public struct FeatureEconomicsAnalyzer {
  public var thresholds = FeatureThresholds()
  public init() {}

  /// One finding per feature with calls, most expensive first (ties by name).
  public func findings(_ c: AnalysisContext) -> [FeatureFinding] {
    let customers = c.population.customers.count
    let churn = ObservedChurn(run: c.run, customers: customers, period: c.period)
    let usage = FeatureUsage.measure(c.run, customers: customers, period: c.period, churn: churn)
    let active = activeCustomers(c.run, customers: customers)
    let revenue = Money.sum(c.revenueByCustomer)
    let revenuePerCustomer = active > 0 && revenue > .zero ? c.monthly(revenue).scaled(by: 1, per: active) : nil
    let own = FeatureRevenue.ownRevenue(c)
    let perCustomer = usage.map { c.monthly($0.cost).scaled(by: 1, per: max(1, $0.activeCustomers)) }
    let churnKnown = churn.churnedCount >= ChurnEstimate.minimumObservedChurned
    var out: [FeatureFinding] = usage.indices.map { k in
      let u = usage[k]
      let others = perCustomer.indices.filter { $0 != k }.map { perCustomer[$0] }
      let (adopters, rest) = churnKnown ? churnShares(u.retention) : (nil, nil)
      return FeatureFinding(
        feature: u.feature, calls: u.calls, cost: u.cost, activeCustomers: u.activeCustomers,
        adoption: active > 0 ? Double(u.activeCustomers) / Double(active) : 0, costPerActiveCustomer: perCustomer[k],
        othersMedianCost: Self.median(others),
        shareOfRevenuePerCustomer: revenuePerCustomer.map { perCustomer[k].share(of: $0) }, firstDay: u.firstDay,
        costGrowth: growth(u.halves), adopterChurn: adopters, otherChurn: rest, ownRevenue: own[u.feature],
        verdict: .watch, reason: "", currency: c.currency)
    }
    for k in out.indices { (out[k].verdict, out[k].reason) = thresholds.judge(out[k]) }
    return out.sorted { ($1.cost, $0.feature) < ($0.cost, $1.feature) }
  }

  /// Customers with at least one call.
  func activeCustomers(_ run: Run, customers: Int) -> Int {
    var seen = [Bool](repeating: false, count: customers)
    for i in 0..<run.count where Int(run.customer[i]) < customers { seen[Int(run.customer[i])] = true }
    return seen.lazy.filter { $0 }.count
  }

  /// Cost per day of the second half over the first, minus one; `nil` when a half has fewer
  /// than `minimumCallsPerHalf` calls or no cost (a ratio against nothing says nothing).
  func growth(_ h: FeatureUsage.Halves) -> Double? {
    guard h.firstCalls >= thresholds.minimumCallsPerHalf, h.secondCalls >= thresholds.minimumCallsPerHalf,
      h.firstDays > 0, h.secondDays > 0, h.firstCost > .zero
    else { return nil }
    let first = h.firstCost.dollars / Double(h.firstDays)
    let second = h.secondCost.dollars / Double(h.secondDays)
    return second / first - 1
  }

  /// Shares of adopters and of other customers who churned; `nil` for a group below `minimumGroup`.
  func churnShares(_ r: FeatureUsage.Retention) -> (Double?, Double?) {
    guard r.adopters >= thresholds.minimumGroup, r.others >= thresholds.minimumGroup else { return (nil, nil) }
    return (Double(r.adoptersChurned) / Double(r.adopters), Double(r.othersChurned) / Double(r.others))
  }

  /// The median amount (the mean of the middle two for an even count); `nil` when empty.
  static func median(_ values: [Money]) -> Money? {
    guard !values.isEmpty else { return nil }
    let s = values.sorted()
    let mid = s.count / 2
    return s.count % 2 == 1 ? s[mid] : (s[mid - 1] + s[mid]).scaled(by: 1, per: 2)
  }
}
