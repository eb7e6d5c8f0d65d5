/// The revenue a feature earns on its own: what the current plan charges for it.
///
/// Only a usage charge filtered on one feature (`where: {feature: code}`) bills a feature by
/// itself. Subscription fees and charges over all calls pay for the product as a whole, and
/// splitting them by call share would make every feature look like the company average, so
/// features without such a charge have no feature-level revenue (`nil`), and the report says
/// so. Amounts are each charge's own lines for the period, before plan-level credits, caps and
/// minimums (which do not belong to one feature), converted like the plan's bills
/// (`AnalysisContext.revenueByCustomer`). Customers of a tier that the plan sends to
/// another plan (`tiers:`) are billed by that plan's charges.
public enum FeatureRevenue {
  /// Revenue per feature name that the current plan charges for on its own; features without
  /// such a charge are absent.
  public static func ownRevenue(_ c: AnalysisContext) -> [String: Money] {
    let plan = c.currentPlan
    let tiers = c.population.spec.tiers.map(\.name)
    let plans = [plan] + plan.perTier.values.sorted().compactMap { name in c.plans.first { $0.name == name } }
    guard plans.contains(where: { p in p.charges.contains { $0.filter["feature"] != nil } }) else { return [:] }
    let engine = c.engine
    let cube = UsageCube(c.run, grain: PricingEngine.grain(for: plans, period: c.period))
    var usage: [String: PlanUsage] = [:]
    for p in plans where usage[p.name] == nil {
      usage[p.name] = engine.usage(
        p, cube: cube, customers: c.population.customers.count,
        organizations: c.population.customers.map(\.organization))
    }
    // Each charge's lines in the context's currency at the rate of its period's last day.
    var ledger = RateLedger()
    let into = MoneySettings(fx: c.money.fx, display: c.currency)
    var revenue: [String: Money] = [:]
    for customer in c.population.customers {
      let tier = tiers.indices.contains(customer.tier) ? tiers[customer.tier] : ""
      let p = plan.perTier[tier].flatMap { name in plans.first { $0.name == name } } ?? plan
      guard let units = usage[p.name] else { continue }
      for (k, charge) in p.charges.enumerated() {
        guard let feature = charge.filter["feature"] else { continue }
        for q in units.periods.indices {
          let amount = charge.amount(meters: units.meters(charge: k, customer: customer.index, period: q))
          let factor = try? ledger.factor(into, from: p.currency, on: units.periods[q].lastDay)
          revenue[feature, default: .zero] += factor.map { $0.apply(amount) } ?? amount
        }
      }
    }
    return revenue
  }
}
