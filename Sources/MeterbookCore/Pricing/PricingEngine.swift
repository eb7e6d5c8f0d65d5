/// Bills every customer of a run under a plan, exactly, for the run's period.
///
/// Order of a bill: subscription fee; each usage charge; free credits (reduce usage, not
/// below zero); spend cap (limits usage after credits); minimum commitment true-up
/// (`max(0, minimum − total so far)`). Fee, credits, cap and minimum are monthly amounts,
/// multiplied by `months` (the run's days / 30, rounded); usage is counted over the
/// whole run. See `specs/pricing.md`.
public struct PricingEngine {
  public let plans: [Plan]
  public let months: Int64
  public init(plans: [Plan], months: Int = 1) {
    self.plans = plans
    self.months = Int64(max(1, months))
  }

  /// Billing months of a run of `days` days: days / 30, rounded to the nearest whole month,
  /// at least one (28-, 30- and 31-day months are one; 60 days are two).
  public static func months(days: Int) -> Int { max(1, Int((Double(days) / 30).rounded())) }

  /// Bills for each customer in `population`, indexed by customer index.
  public func bills(_ plan: Plan, run: Run, population: Population) -> [Bill] {
    // Subscription-only plans need no usage: skip aggregating the calls.
    let meters = !plan.charges.isEmpty || plan.perTier.values.contains { name in plans.first { $0.name == name }.map { !$0.charges.isEmpty } ?? false }
    return bills(plan, cube: meters ? UsageCube(run, grain: .period) : UsageCube(Run(dimensions: run.dimensions)), population: population)
  }

  /// Bills from the usage cube: prices change, the cube does not.
  public func bills(_ plan: Plan, cube: UsageCube, population: Population) -> [Bill] {
    let tierNames = population.spec.tiers.map(\.name)
    // Units per customer per charge, for every plan a tier may switch to.
    let effective: [Plan] = tierNames.map { t in plan.perTier[t].flatMap { n in plans.first { $0.name == n } } ?? plan }
    var unitsByPlan: [String: [[Int64]]] = [:]
    for p in Set(effective.map(\.name)).sorted() {
      let chosen = effective.first { $0.name == p }!
      unitsByPlan[p] = usage(chosen, cube: cube, customers: population.customers.count)
    }
    return population.customers.map { c in
      let p = effective.isEmpty ? plan : effective[c.tier]
      let units = unitsByPlan[p.name]!
      return bill(p, customer: c.index, tier: tierNames.isEmpty ? "" : tierNames[c.tier], units: units.map { $0[c.index] })
    }
  }

  /// Units of each charge per customer: `result[charge][customer]`.
  func usage(_ plan: Plan, run: Run, customers: Int) -> [[Int64]] {
    usage(plan, cube: UsageCube(run, grain: .period), customers: customers)
  }

  /// Units of each charge per customer, summed over the cube's cells that pass each charge's filter.
  func usage(_ plan: Plan, cube: UsageCube, customers: Int) -> [[Int64]] {
    var result = plan.charges.map { _ in [Int64](repeating: 0, count: customers) }
    let d = cube.dimensions
    let tests: [[(UsageCube.Cell) -> Bool]] = plan.charges.map { charge in
      charge.filter.map { dim, value -> (UsageCube.Cell) -> Bool in
        switch dim {
        case "model": return { d.models[Int($0.key.model)].id == value }
        case "provider": return { d.models[Int($0.key.model)].providerName == value || d.models[Int($0.key.model)].providerKey == value }
        case "task_type": return { d.taskTypes[Int($0.key.task)] == value }
        default: return { d.features[Int($0.key.feature)] == value }
        }
      }
    }
    for cell in cube.cells {
      let c = Int(cell.key.customer)
      for (k, charge) in plan.charges.enumerated() where tests[k].allSatisfy({ $0(cell) }) {
        result[k][c] += charge.units(cell)
      }
    }
    return result
  }

  /// A bill from a customer's units per charge.
  public func bill(_ plan: Plan, customer: Int, tier: String, units: [Int64]) -> Bill {
    var lines: [Bill.Line] = []
    let fee = plan.fee(forTier: tier) * months
    if fee != .zero { lines.append(.init(label: "subscription (\(tier))" + (months > 1 ? " × \(months) months" : ""), amount: fee)) }
    var usage = Money.zero
    for (charge, u) in zip(plan.charges, units) {
      let a = charge.amount(units: u)
      usage += a
      lines.append(.init(label: "\(charge.metric) usage", amount: a))
    }
    if let credits = plan.credits.map({ $0 * months }), usage > .zero {
      let used = min(credits, usage)
      lines.append(.init(label: "credits", amount: -used))
      usage -= used
    }
    if let cap = plan.cap.map({ $0 * months }), usage > cap {
      lines.append(.init(label: "spend cap", amount: cap - usage))
      usage = cap
    }
    if let minimum = plan.minimum.map({ $0 * months }) {
      let subtotal = Money.sum(lines.map(\.amount))
      if subtotal < minimum { lines.append(.init(label: "minimum commitment true-up", amount: minimum - subtotal)) }
    }
    return Bill(customer: customer, plan: plan.name, lines: lines)
  }
}
