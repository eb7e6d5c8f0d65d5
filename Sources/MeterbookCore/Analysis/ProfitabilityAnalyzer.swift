/// Customer profitability: cost to serve, revenue and margin per customer, who loses money,
/// discounted lifetime value from the data's own churn, and what repricing the losers earns.
///
/// `findings(_:)` computes plain values; `report(_:)` (in `ProfitabilityAnalyzer+Report.swift`)
/// writes them as prose and blocks.
public struct ProfitabilityAnalyzer {
  /// Markup over AI cost that repriced losers would pay (0.2: a 20% markup, a 16.7% margin).
  public var targetMarkup: Double = 0.2
  /// Annual discount rate of lifetime values.
  public var annualDiscount: Double = Lifetime.defaultAnnualDiscount
  /// Price sensitivity of repriced customers (as in the pricing report).
  public var sensitivity = PlanComparison.Sensitivity()
  public init() {}

  /// Margins, losers, lifetime values and the repricing finding of `c`.
  public func findings(_ c: AnalysisContext) -> ProfitabilityFindings {
    let customers = customerMargins(c)
    let losers = customers.filter { $0.margin < .zero }.sorted { ($0.margin, $0.id) < ($1.margin, $1.id) }
    let revenue = Money.sum(customers.map(\.revenue))
    let cost = Money.sum(customers.map(\.cost))
    let churn = ChurnEstimate.resolve(
      c, observed: ObservedChurn(run: c.run, customers: c.population.customers.count, period: c.period))
    let discount = Lifetime.monthlyDiscount(annual: annualDiscount)
    let tiers = c.population.spec.tiers.map(\.name)
    return ProfitabilityFindings(
      plan: c.currentPlan.name, customers: customers, losers: losers, revenuePerMonth: c.monthly(revenue),
      costPerMonth: c.monthly(cost), lossPerMonth: c.monthly(-Money.sum(losers.map(\.margin))),
      grossMargin: revenue > .zero ? (revenue - cost).share(of: revenue) : nil,
      marginByTier: tiers.map { t in
        .init(tier: t, margin: Money.sum(customers.filter { $0.tier == t }.map(\.margin)))
      },
      churn: churn, monthlyDiscount: discount,
      discountedMonths: Lifetime.discountedMonths(churn: churn.monthlyRate, discount: discount),
      lifetime: lifetimeRows(c, customers: customers, churn: churn.monthlyRate, discount: discount),
      repricing: repricing(c, losers: losers))
  }

  /// Each customer's AI cost and bill under the current plan.
  func customerMargins(_ c: AnalysisContext) -> [ProfitabilityFindings.CustomerMargin] {
    let revenue = c.revenueByCustomer
    let cost = c.costByCustomer
    let archetypes = c.population.spec.archetypes.map(\.name)
    let tiers = c.population.spec.tiers.map(\.name)
    return c.population.customers.map { x in
      .init(
        index: x.index, id: x.id, archetype: archetypes.indices.contains(x.archetype) ? archetypes[x.archetype] : "",
        tier: tiers.indices.contains(x.tier) ? tiers[x.tier] : "", cost: cost[x.index], revenue: revenue[x.index])
    }
  }

  /// Lifetime value per archetype (in the spec's order), then for all customers.
  func lifetimeRows(
    _ c: AnalysisContext, customers: [ProfitabilityFindings.CustomerMargin], churn: Double, discount: Double
  ) -> [ProfitabilityFindings.LifetimeRow] {
    let segments = c.population.spec.archetypes.map(\.name).map { name in
      (name, customers.filter { $0.archetype == name })
    }
    let all = segments.count == 1 ? [] : [("all customers", customers)]
    return (segments + all).filter { !$0.1.isEmpty }.map { name, members in
      let m = c.monthly(Money.sum(members.map(\.margin))).scaled(by: 1, per: members.count)
      return .init(
        segment: name, customers: members.count, marginPerMonth: m,
        value: Lifetime.value(monthlyMargin: m, churn: churn, discount: discount))
    }
  }

  /// The repricing finding for `losers`, with each one's AI cost in the two halves of the period.
  func repricing(_ c: AnalysisContext, losers: [ProfitabilityFindings.CustomerMargin]) -> RepricingFinding? {
    guard !losers.isEmpty else { return nil }
    let middle = c.period.start.epochSeconds + Int64(c.period.days) * 43_200
    var slot = [Int](repeating: -1, count: c.population.customers.count)
    for (k, x) in losers.enumerated() where slot.indices.contains(x.index) { slot[x.index] = k }
    var first = [Money](repeating: .zero, count: losers.count)
    var second = first
    for i in 0..<c.run.count {
      let customer = Int(c.run.customer[i])
      guard customer < slot.count, slot[customer] >= 0 else { continue }
      if c.run.timestamp[i] < middle {
        first[slot[customer]].nanos += Int128(c.run.cost[i])
      } else {
        second[slot[customer]].nanos += Int128(c.run.cost[i])
      }
    }
    let input = losers.indices.map { k in
      RepricingFinding.Loser(
        id: losers[k].id, cost: losers[k].cost, bill: losers[k].revenue, costFirstHalf: first[k],
        costSecondHalf: second[k])
    }
    return RepricingFinding.compute(losers: input, markup: targetMarkup, sensitivity: sensitivity, period: c.period)
  }
}
