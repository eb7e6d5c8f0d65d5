/// Bills every customer of a run under a plan, exactly, one invoice per billing period.
///
/// The run is cut into the plan's billing periods (`BillingCycle`: calendar months by default);
/// each customer's usage is counted per period and each period is invoiced on its own by
/// `invoice(_:tier:units:period:activeDays:carry:)`, in the order of `specs/pricing.md`:
/// subscription fee, usage charges, credits, spend cap, minimum true-up. Fees, credits, caps
/// and minimums are amounts per period, prorated by the days billed when the run or the
/// customer's subscription covers a period only partly; allowances and tier bounds are per
/// period and never prorated. A customer's `Bill` is the sum of their invoices.
public struct PricingEngine {
  public let plans: [Plan]
  /// The run being billed.
  public let period: Period

  public init(plans: [Plan], period: Period) {
    self.plans = plans
    self.period = period
  }

  /// How finely a run's cube must keep time for `plans` to bill it: by day when a plan's
  /// billing periods cut the run, else one bucket for the run (the fast path).
  public static func grain(for plans: [Plan], period: Period) -> UsageCube.Grain {
    plans.contains { $0.billing.periods(overlapping: period).count > 1 } ? .day : .period
  }

  /// Bills for each customer in `population`, indexed by customer index.
  public func bills(_ plan: Plan, run: Run, population: Population) -> [Bill] {
    // Subscription-only plans need no usage: skip aggregating the calls.
    let meters =
      !plan.charges.isEmpty
      || plan.perTier.values.contains { name in plans.first { $0.name == name }.map { !$0.charges.isEmpty } ?? false }
    return bills(
      plan,
      cube: meters
        ? UsageCube(run, grain: Self.grain(for: plans + [plan], period: period))
        : UsageCube(Run(dimensions: run.dimensions)),
      population: population)
  }

  /// Bills from the usage cube: prices change, the cube does not.
  ///
  /// The cube keeps time by day when the run spans more than one billing period
  /// (`grain(for:period:)`); a period cube puts all usage in the period of its first call.
  public func bills(_ plan: Plan, cube: UsageCube, population: Population) -> [Bill] {
    var carries: [BillingCarry] = []
    return bills(plan, cube: cube, population: population, carries: &carries)
  }

  /// Bills from the usage cube, continuing each customer's `BillingCarry` from earlier bills.
  ///
  /// `carries` is indexed by customer and grown with fresh carries to the population; a
  /// caller billing month after month (a projection) passes the same array each month, so
  /// wallets, commitments and discount counts continue instead of restarting.
  public func bills(_ plan: Plan, cube: UsageCube, population: Population, carries: inout [BillingCarry]) -> [Bill] {
    guard !population.customers.isEmpty else { return [] }
    let needed = (population.customers.map(\.index).max() ?? -1) + 1
    if carries.count < needed { carries += [BillingCarry](repeating: BillingCarry(), count: needed - carries.count) }
    let tierNames = population.spec.tiers.map(\.name)
    // The plan each tier is billed on (the plan itself when there are no tiers).
    let effective: [Plan] = tierNames.map { t in plan.perTier[t].flatMap { n in plans.first { $0.name == n } } ?? plan }
    let tierPlans = effective.isEmpty ? [plan] : effective
    // Units per customer per charge per period, once per distinct plan, shared by the tiers billed on it.
    var usageByPlan: [String: PlanUsage] = [:]
    let tierUsage: [PlanUsage] = tierPlans.map { p in
      if let usage = usageByPlan[p.name] { return usage }
      let usage = usage(
        p, cube: cube, customers: population.customers.count,
        organizations: population.customers.map(\.organization))
      usageByPlan[p.name] = usage
      return usage
    }
    let archetypes = population.spec.archetypes.map(\.name)
    return population.customers.map { c in
      let tier = effective.isEmpty ? 0 : c.tier
      return bill(
        tierPlans[tier], customer: c, tier: tierNames.isEmpty ? "" : tierNames[c.tier],
        archetype: archetypes.indices.contains(c.archetype) ? archetypes[c.archetype] : "", usage: tierUsage[tier],
        carry: &carries[c.index])
    }
  }

  /// A customer's bill: one invoice per billing period in which they were subscribed, in order.
  public func bill(_ plan: Plan, customer: Customer, tier: String, archetype: String = "", usage: PlanUsage) -> Bill {
    var carry = BillingCarry()
    return bill(plan, customer: customer, tier: tier, archetype: archetype, usage: usage, carry: &carry)
  }

  /// A customer's bill continuing `carry` (what their earlier invoices under `plan` left).
  public func bill(
    _ plan: Plan, customer: Customer, tier: String, archetype: String = "", usage: PlanUsage,
    carry: inout BillingCarry
  ) -> Bill {
    var invoices: [Invoice] = []
    for (p, billing) in usage.periods.enumerated() {
      let active = activeDays(billing, signup: customer.signup)
      guard active > 0 else { continue }
      invoices.append(
        invoice(
          plan, tier: tier, archetype: archetype, units: usage.units(customer: customer.index, period: p),
          period: billing,
          activeDays: active, carry: &carry))
    }
    return Bill(customer: customer.index, plan: plan.name, invoices: invoices)
  }

  /// Days of `billing` inside the run and on or after the customer's `signup`.
  func activeDays(_ billing: BillingPeriod, signup: CalendarDay) -> Int {
    let first = max(billing.firstCovered, signup)
    return max(0, billing.endCovered.daysSinceEpoch - first.daysSinceEpoch)
  }

  /// Counters of each charge per customer per billing period of `plan`.
  ///
  /// `organizations` (each customer's organization, by customer index) counts seats per
  /// organization; without it every customer is an organization of their own.
  public func usage(_ plan: Plan, cube: UsageCube, customers: Int, organizations: [Int] = []) -> PlanUsage {
    let periods = plan.billing.periods(overlapping: period)
    let count = max(1, periods.count)
    let perCharge = plan.charges.map { Meter.counters($0, dimensions: cube.dimensions) }
    let meters = perCharge.flatMap { $0 }
    var units = meters.map { _ in [Int64](repeating: 0, count: customers * count) }
    // The period of each day of the run (cells carry the hour their day or run starts).
    var periodOfDay = [Int](repeating: 0, count: period.days)
    for (p, b) in periods.enumerated() {
      for day in b.firstCovered.daysSinceEpoch..<b.endCovered.daysSinceEpoch {
        periodOfDay[day - period.start.daysSinceEpoch] = p
      }
    }
    for cell in cube.cells {
      let c = Int(cell.key.customer)
      guard c < customers else { continue }
      let p = count == 1 ? 0 : periodOfDay[min(period.days - 1, max(0, dayOffset(hour: cell.key.hour)))]
      for k in meters.indices where meters[k].counts(cell) { units[k][c * count + p] += meters[k].units(cell) }
    }
    var usage = PlanUsage(
      periods: periods, units: units,
      firstCounter: perCharge.indices.map { k in perCharge[..<k].map(\.count).reduce(0, +) })
    usage.countSeats(plan.charges, organizations: organizations)
    return usage
  }

  /// Days from the run's start to the day holding `hour` (hours since the epoch).
  private func dayOffset(hour: Int64) -> Int {
    CalendarDay(epochSecond: hour * 3600).daysSinceEpoch - period.start.daysSinceEpoch
  }

  /// Units of each charge per customer over the whole run (all periods summed): `result[charge][customer]`.
  func usage(_ plan: Plan, run: Run, customers: Int) -> [[Int64]] {
    let usage = usage(plan, cube: UsageCube(run, grain: .period), customers: customers)
    let count = max(1, usage.periods.count)
    return usage.units.map { u in (0..<customers).map { c in u[(c * count)..<(c * count + count)].reduce(0, +) } }
  }

  /// A charge compiled against a cube's dimension tables: its metric as a field and its
  /// filter as one flag per model, task type and feature, so billing a cell compares no strings.
  struct Meter {
    enum Field { case calls, tokens, input, output, cached, cost, fresh }
    let field: Field
    let models: [Bool]?
    let tasks: [Bool]?
    let features: [Bool]?

    init(_ charge: Charge, dimensions d: Run.Dimensions) {
      field =
        switch charge.metric {
        case "calls", Charge.seats: .calls
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
      case .fresh: cell.billableInput - cell.billableCached
      }
    }
  }
}
