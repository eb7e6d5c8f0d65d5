extension RepricingFinding {
  /// The repricing finding of `c`'s customers, on per-call costs `cost` (the run's own, or as
  /// the action ledger's model switches leave them); `nil` when no customer has revenue
  /// (revenue unknown, not zero) or none loses money.
  ///
  /// - Parameters:
  ///   - cost: Nano-dollars per call, indexed like `c.run`.
  public static func compute(
    _ c: AnalysisContext, cost: [Int64], markup: Double, sensitivity: PlanComparison.Sensitivity = .init()
  ) -> RepricingFinding? {
    let bills = c.revenueByCustomer
    guard bills.contains(where: { $0 > .zero }), cost.count == c.run.count else { return nil }
    let middle = c.period.start.epochSeconds + Int64(c.period.days) * 43_200
    var first = [Money](repeating: .zero, count: bills.count)
    var second = first
    for i in 0..<c.run.count where Int(c.run.customer[i]) < bills.count {
      if c.run.timestamp[i] < middle {
        first[Int(c.run.customer[i])].nanos += Int128(cost[i])
      } else {
        second[Int(c.run.customer[i])].nanos += Int128(cost[i])
      }
    }
    return compute(
      revenue: bills, customers: c.population.customers, firstHalf: first, secondHalf: second, markup: markup,
      sensitivity: sensitivity, period: c.period)
  }

  /// The repricing finding of `customers` from their bills and their AI cost in each half of
  /// `period`, all indexed by customer; `nil` when no customer has revenue (revenue unknown,
  /// not zero) or none loses money.
  static func compute(
    revenue bills: [Money], customers: [Customer], firstHalf first: [Money], secondHalf second: [Money],
    markup: Double, sensitivity: PlanComparison.Sensitivity = .init(), period: Period
  ) -> RepricingFinding? {
    guard bills.contains(where: { $0 > .zero }) else { return nil }
    let losers = customers.compactMap { x -> Loser? in
      guard x.index < bills.count, x.index < first.count, x.index < second.count else { return nil }
      let total = first[x.index] + second[x.index]
      guard total > bills[x.index] else { return nil }
      return Loser(
        id: x.id, cost: total, bill: bills[x.index], costFirstHalf: first[x.index], costSecondHalf: second[x.index])
    }
    .sorted { ($0.bill - $0.cost, $0.id) < ($1.bill - $1.cost, $1.id) }
    return compute(losers: losers, markup: markup, sensitivity: sensitivity, period: period)
  }

  /// The action ledger's entry: revenue change and the AI cost leavers take with them add up
  /// to the expected margin gain; `standalone` is the gain before earlier actions netted it.
  public func action(standalone: Money) -> Action {
    Action(
      kind: .reprice, key: "reprice",
      title:
        "reprice \(customers.count) unprofitable \(customers.count == 1 ? "customer" : "customers") to AI cost + \(Format.percent(markup, places: 0))",
      affected: customers.count, affectedUnit: "customers",
      monthlySaving: marginGainPerMonth - revenueChangePerMonth, monthlyRevenue: revenueChangePerMonth,
      standaloneMonthly: standalone, oneOffCost: .zero, confidence: confidence, assumptions: assumptions)
  }
}
