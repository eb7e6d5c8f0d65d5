/// Customer profitability: cost to serve, revenue and margin per customer, who loses money,
/// discounted lifetime value from the data's own churn, and what repricing the losers earns.
///
/// `findings(_:)` computes plain values; `report(_:)` (in `ProfitabilityAnalyzer+Report.swift`)
/// writes them as prose and blocks.
public struct ProfitabilityAnalyzer {
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
      repricing: RepricingFinding.compute(
        c, cost: c.run.cost, markup: c.assumptions.targetMarkup, sensitivity: sensitivity),
      ledgerRepricing: losers.isEmpty ? nil : ActionLedger(c).actions(.reprice).first, currency: c.currency)
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
}
