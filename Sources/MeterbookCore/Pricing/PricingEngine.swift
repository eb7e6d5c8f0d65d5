/// Bills every customer of a run under a plan, exactly, for the run's period.
///
/// Order of a bill: subscription fee; each usage charge; free credits (reduce usage, not
/// below zero); spend cap (limits usage after credits); minimum commitment true-up
/// (`max(0, minimum − total so far)`). Fee, credits, cap and minimum are monthly amounts,
/// prorated to the period's calendar months (`Period.months`: a whole calendar month is one,
/// January 1 to February 14 is 1.5), rounded once; usage is counted over the whole run.
/// See `specs/pricing.md`.
public struct PricingEngine {
  public let plans: [Plan]
  /// The billed period's length in calendar months.
  public let months: MonthCount

  public init(plans: [Plan], months: MonthCount = MonthCount(whole: 1)) {
    self.plans = plans
    self.months = months
  }

  /// An engine that bills `period`.
  public init(plans: [Plan], period: Period) { self.init(plans: plans, months: period.months) }

  /// Bills for each customer in `population`, indexed by customer index.
  public func bills(_ plan: Plan, run: Run, population: Population) -> [Bill] {
    // Subscription-only plans need no usage: skip aggregating the calls.
    let meters =
      !plan.charges.isEmpty
      || plan.perTier.values.contains { name in plans.first { $0.name == name }.map { !$0.charges.isEmpty } ?? false }
    return bills(
      plan, cube: meters ? UsageCube(run, grain: .period) : UsageCube(Run(dimensions: run.dimensions)),
      population: population)
  }

  /// Bills from the usage cube: prices change, the cube does not.
  public func bills(_ plan: Plan, cube: UsageCube, population: Population) -> [Bill] {
    guard !population.customers.isEmpty else { return [] }
    let tierNames = population.spec.tiers.map(\.name)
    // The plan each tier is billed on (the plan itself when there are no tiers).
    let effective: [Plan] = tierNames.map { t in plan.perTier[t].flatMap { n in plans.first { $0.name == n } } ?? plan }
    let tierPlans = effective.isEmpty ? [plan] : effective
    // Units per customer per charge, once per distinct plan, shared by the tiers billed on it.
    var unitsByPlan: [String: [[Int64]]] = [:]
    let tierUnits: [[[Int64]]] = tierPlans.map { p in
      if let units = unitsByPlan[p.name] { return units }
      let units = usage(p, cube: cube, customers: population.customers.count)
      unitsByPlan[p.name] = units
      return units
    }
    return population.customers.map { c in
      let tier = effective.isEmpty ? 0 : c.tier
      return bill(
        tierPlans[tier], customer: c.index, tier: tierNames.isEmpty ? "" : tierNames[c.tier],
        units: tierUnits[tier].map { $0[c.index] })
    }
  }

  /// Units of each charge per customer: `result[charge][customer]`.
  func usage(_ plan: Plan, run: Run, customers: Int) -> [[Int64]] {
    usage(plan, cube: UsageCube(run, grain: .period), customers: customers)
  }

  /// Units of each charge per customer, summed over the cube's cells that pass each charge's filter.
  func usage(_ plan: Plan, cube: UsageCube, customers: Int) -> [[Int64]] {
    var result = plan.charges.map { _ in [Int64](repeating: 0, count: customers) }
    let meters = plan.charges.map { Meter($0, dimensions: cube.dimensions) }
    for cell in cube.cells {
      let c = Int(cell.key.customer)
      guard c < customers else { continue }
      for k in meters.indices where meters[k].counts(cell) { result[k][c] += meters[k].units(cell) }
    }
    return result
  }

  /// A charge compiled against a cube's dimension tables: its metric as a field and its
  /// filter as one flag per model, task type and feature, so billing a cell compares no strings.
  struct Meter {
    enum Field { case calls, tokens, input, output, cached, cost }
    let field: Field
    let models: [Bool]?
    let tasks: [Bool]?
    let features: [Bool]?

    init(_ charge: Charge, dimensions d: Run.Dimensions) {
      field =
        switch charge.metric {
        case "calls": .calls
        case "tokens": .tokens
        case "input_tokens": .input
        case "output_tokens": .output
        case "cached_input_tokens": .cached
        default: .cost
        }
      let f = charge.filter
      models =
        f["model"] == nil && f["provider"] == nil
        ? nil
        : d.models.map { m in
          (f["model"].map { m.id == $0 } ?? true)
            && (f["provider"].map { m.providerName == $0 || m.providerKey == $0 } ?? true)
        }
      tasks = f["task_type"].map { t in d.taskTypes.map { $0 == t } }
      features = f["feature"].map { v in d.features.map { $0 == v } }
    }

    func counts(_ cell: UsageCube.Cell) -> Bool {
      Self.allows(models, Int(cell.key.model)) && Self.allows(tasks, Int(cell.key.task))
        && Self.allows(features, Int(cell.key.feature))
    }

    private static func allows(_ flags: [Bool]?, _ i: Int) -> Bool {
      guard let flags else { return true }
      return flags.indices.contains(i) && flags[i]
    }

    /// Units of the metric in a cell.
    ///
    /// Failed calls (status error) are not billed: neither their tokens nor, under cost-plus,
    /// their AI cost (an import may carry one).
    func units(_ cell: UsageCube.Cell) -> Int64 {
      switch field {
      case .calls: cell.billableCalls
      case .tokens: cell.billableInput + cell.billableOutput
      case .input: cell.billableInput
      case .output: cell.billableOutput
      case .cached: cell.billableCached
      case .cost: cell.billableCost
      }
    }
  }

  /// A bill from a customer's units per charge.
  public func bill(_ plan: Plan, customer: Int, tier: String, units: [Int64]) -> Bill {
    var lines: [Bill.Line] = []
    let fee = prorated(plan.fee(forTier: tier))
    if fee != .zero {
      lines.append(.init(label: "subscription (\(tier))" + monthsLabel, amount: fee))
    }
    var usage = Money.zero
    for (charge, u) in zip(plan.charges, units) {
      let a = charge.amount(units: u)
      usage += a
      lines.append(.init(label: "\(charge.metric) usage", amount: a))
    }
    if let credits = plan.credits.map(prorated), usage > .zero {
      let used = min(credits, usage)
      lines.append(.init(label: "credits", amount: -used))
      usage -= used
    }
    if let cap = plan.cap.map(prorated), usage > cap {
      lines.append(.init(label: "spend cap", amount: cap - usage))
      usage = cap
    }
    if let minimum = plan.minimum.map(prorated) {
      let subtotal = Money.sum(lines.map(\.amount))
      if subtotal < minimum { lines.append(.init(label: "minimum commitment true-up", amount: minimum - subtotal)) }
    }
    return Bill(customer: customer, plan: plan.name, lines: lines)
  }

  /// A monthly amount over the billed months.
  func prorated(_ monthly: Money) -> Money { months.of(monthly) }

  /// ` × 2 months` or ` × 0.97 months` on a fee line; nothing for exactly one month.
  private var monthsLabel: String {
    if months == MonthCount(whole: 1) { return "" }
    return " × \(months.isWhole ? String(months.numerator) : Format.fixed(months.value, places: 2)) months"
  }
}
