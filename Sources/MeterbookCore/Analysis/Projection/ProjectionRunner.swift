/// Projects a scenario month by month: simulates each month, bills it under every projected
/// plan, and evolves each plan's customers (arrivals, churn, expansion, migrations).
///
/// **Each month is simulated**, not scaled from the first: a scaled month would repeat the
/// first month's quiet and busy days, its bursts and its per-customer luck twelve times, and
/// tiers and allowances bill non-linearly, so scaling would misstate the bills of the very
/// customers whose growth crosses a tier. A month of the built-in populations simulates in
/// milliseconds, so twelve stay fast. The first month is exactly the one-month run (the
/// scenario's seed and population, over the first calendar month), so its bills equal a
/// one-month run's; month `k > 0` simulates under its own seed, drawn from the workbook seed
/// on stream (projection, k), so months are independent but replay byte for byte.
///
/// The customers are the scenario's population, plus the horizon's arrivals (drawn like the
/// population, per month and archetype, on stream (projection, k, 1, archetype); they sign up
/// on the month's first day and are billed a whole period). A customer's calls per day grow by
/// `(1 + expansion)^(months since joining)`. The usage is the same under every plan: churn only
/// removes customers, so one simulation per month serves all plans, and a customer who has
/// left under every plan is simulated with no calls.
///
/// Churn is decided at the end of each month, per plan, from one uniform draw per customer and
/// month (stream (projection, k, 2, customer), shared by all plans, so plans differ only where
/// their prices differ): a customer decides to leave with probability `1 − (1 − churn)(1 − p)`,
/// where `p` is the plan comparison's sensitivity probability when their bill rises past its
/// threshold against what the current plan would bill them that month, else 0. Applied every
/// month, a customer who keeps paying more than the threshold stays a year with probability
/// (1 − p)¹². A leaver leaves inside the next month, on the day the same stream draws next
/// (`leavingDay`): they pay that month's fee for the days up to it and make no calls after it.
///
/// A migration dated inside a month bills that month in two parts (`MonthPart`): the current
/// plan for the days before the date, the projected plan from it.
///
/// Each customer's `BillingCarry` continues from month to month under each plan, so wallets,
/// prepaid commitments and "first N periods" discounts run across the horizon as across the
/// periods of one run; a grandfathered customer starts the projected plan's when they move.
public struct ProjectionRunner {
  public let scenario: Scenario
  public let plans: [Plan]
  /// The plans to project, in order (default: every plan).
  public let names: [String]
  public let horizon: Horizon
  public let money: MoneySettings
  public let sensitivity: PlanComparison.Sensitivity

  public init(
    scenario: Scenario, plans: [Plan], names: [String] = [], horizon: Horizon, money: MoneySettings = MoneySettings(),
    sensitivity: PlanComparison.Sensitivity = .init()
  ) {
    self.scenario = scenario
    self.plans = plans
    self.names = names.isEmpty ? plans.map(\.name) : names
    self.horizon = horizon
    self.money = money
    self.sensitivity = sensitivity
  }

  /// The billing period of month `k`: from the start's day-of-month to the same day a month
  /// later (calendar months when the scenario starts on the 1st).
  public func period(month k: Int) -> Period {
    let start = scenario.start.adding(months: k)
    return Period(start: start, days: scenario.start.adding(months: k + 1).daysSinceEpoch - start.daysSinceEpoch)
  }

  /// The seed month `k` simulates under: the scenario's own for the first month.
  public func seed(month k: Int) -> UInt64 {
    guard k > 0 else { return scenario.seed }
    var rng = SplitMix64(seed: scenario.seed, stream: StreamKey.projection.rawValue, UInt64(k))
    return rng.next()
  }

  /// Runs the projection.
  ///
  /// - Parameter threads: simulation threads (the projection is the same for any count).
  /// - Throws: `ProjectionError` (a data scenario, an unknown plan, a missing exchange rate),
  ///   `SimulationLimitError`, `CancellationError`, `BillingRangeError` for a plan that bills
  ///   past the money range.
  public func run(
    threads: Int = Simulator.defaultThreads, isCancelled: @escaping @Sendable () -> Bool = { false }
  ) throws -> Projection {
    guard scenario.data == nil else { throw ProjectionError.dataScenario(scenario.name) }
    guard let current = plans.first else { throw ProjectionError.unknownPlan("", known: []) }
    let projected = try names.map { name in
      guard let p = plans.first(where: { $0.name == name }) else {
        throw ProjectionError.unknownPlan(name, known: plans.map(\.name))
      }
      return p
    }
    let base = Population.generate(scenario.population, seed: scenario.seed, start: scenario.start)
    var customers = base.customers
    var joined = [Int](repeating: 0, count: customers.count)
    var gone = projected.map { _ in [Bool](repeating: false, count: customers.count) }
    // The day a customer leaves on this month (their last billed day), per plan.
    var leaving = projected.map { _ in [Int?](repeating: nil, count: customers.count) }
    var paths = projected.map { Projection.Path(plan: $0.name, revenue: [], cost: [], active: []) }
    var ledger = RateLedger()
    var periods: [Period] = []
    // What each customer's invoices so far left under the current plan and each projected plan.
    var currentCarries: [BillingCarry] = []
    var carries = projected.map { _ in [BillingCarry]() }
    for k in 0..<horizon.months {
      if isCancelled() { throw CancellationError() }
      let period = period(month: k)
      periods.append(period)
      for (a, arrival) in horizon.arrivals.enumerated() {
        let newcomers = arrivals(arrival, index: a, month: k, start: period.start, base: base, next: customers.count)
        customers += newcomers
        joined += newcomers.map { _ in k }
        for p in gone.indices { gone[p] += newcomers.map { _ in false } }
        for p in leaving.indices { leaving[p] += newcomers.map { _ in nil } }
      }
      let population = monthPopulation(customers, joined: joined, gone: gone, month: k, base: base)
      var s = scenario
      s.start = period.start
      s.days = period.days
      s.seed = seed(month: k)
      s.population.customers = population.customers.count
      let result = try Simulator(plan: SimulationPlan(s, population: population)).run(
        threads: threads, isCancelled: isCancelled)
      let cube = UsageCube(result.run, grain: .period)
      let cost = try ledger.displayCost(result.run, period: period, customers: customers.count, money: money)
      let engine = PricingEngine(plans: plans, period: period)
      let billDay = period.lastDay
      let currentBefore = currentCarries
      let currentBills = try displayed(
        engine.bills(current, cube: cube, population: population, carries: &currentCarries), current, on: billDay,
        customers: population.customers, ledger: &ledger)
      for (p, plan) in projected.enumerated() {
        // A grandfathered customer's carry under the plan stays fresh until they move to it.
        var next = carries[p]
        let own =
          plan == current
          ? currentBills
          : try displayed(
            engine.bills(plan, cube: cube, population: population, carries: &next), plan, on: billDay,
            customers: population.customers, ledger: &ledger)
        carries[p] += [BillingCarry](repeating: BillingCarry(), count: max(0, next.count - carries[p].count))
        // Customers from before the horizon stay on the current plan until the migration: the
        // day offset in this month from which they are on `plan`.
        let move = horizon.migration(to: plan.name).map { max(0, $0.daysSinceEpoch - period.start.daysSinceEpoch) } ?? 0
        let parts = customers.indices.map { c in
          gone[p][c]
            ? []
            : MonthPart.parts(days: period.days, billed: leaving[p][c] ?? period.days, move: joined[c] == 0 ? move : 0)
        }
        let inParts =
          parts.contains { !$0.isEmpty }
          ? try partBills(
            parts, current: current, projected: plan, month: period, run: result.run, population: population,
            threads: threads, carries: (currentBefore, plan == current ? currentBefore : carries[p]), ledger: &ledger)
          : (revenue: [], cost: [], carries: [:])
        var revenue = [Money](repeating: .zero, count: customers.count)
        var spent = cost
        var active = [Bool](repeating: false, count: customers.count)
        var byPlan: [(plan: String, revenue: Money)] = []
        for c in customers.indices where !gone[p][c] {
          let grandfathered = joined[c] == 0 && move >= period.days
          let billed =
            parts[c].isEmpty
            ? [(plan: grandfathered ? current.name : plan.name, revenue: grandfathered ? currentBills[c] : own[c])]
            : zip(parts[c], inParts.revenue[c]).map { (plan: $0.onCurrent ? current.name : plan.name, revenue: $1) }
          if let carry = inParts.carries[c], carries[p].indices.contains(c) {
            carries[p][c] = carry
          } else if !grandfathered, next.indices.contains(c) {
            carries[p][c] = next[c]
          }
          revenue[c] = Money.sum(billed.map(\.revenue))
          active[c] = true
          for (billedOn, bill) in billed {
            if let i = byPlan.firstIndex(where: { $0.plan == billedOn }) {
              byPlan[i].revenue += bill
            } else {
              byPlan.append((billedOn, bill))
            }
          }
          // A leaver is billed up to their leaving day and makes no calls after it.
          if leaving[p][c] != nil {
            spent[c] = inParts.cost[c]
            gone[p][c] = true
            continue
          }
          let rises = !grandfathered && sensitivity.rises(own[c], over: currentBills[c])
          let stay = (1 - horizon.churn) * (1 - (rises ? sensitivity.probability : 0))
          var rng = SplitMix64(seed: scenario.seed, stream: StreamKey.projection.rawValue, UInt64(k), 2, UInt64(c))
          if rng.unit() >= stay { leaving[p][c] = Self.leavingDay(&rng, days: self.period(month: k + 1).days) }
        }
        paths[p].revenue.append(revenue)
        paths[p].cost.append(zip(spent, active).map { $1 ? $0 : .zero })
        paths[p].active.append(active)
        paths[p].revenueByPlan.append(byPlan)
      }
    }
    // Months before a customer joined hold no entry for them: pad every month to all members.
    for p in paths.indices {
      for k in paths[p].revenue.indices {
        let missing = customers.count - paths[p].revenue[k].count
        paths[p].revenue[k] += [Money](repeating: .zero, count: missing)
        paths[p].cost[k] += [Money](repeating: .zero, count: missing)
        paths[p].active[k] += [Bool](repeating: false, count: missing)
      }
    }
    return Projection(
      periods: periods,
      members: customers.map { Projection.Member(id: $0.id, archetype: $0.archetype, joined: joined[$0.index]) },
      archetypes: scenario.population.archetypes.map(\.name), paths: paths, horizon: horizon,
      display: money.display, rates: ledger.used, fxName: ledger.used.isEmpty ? nil : money.fx?.name,
      currentPlan: current.name, sensitivity: sensitivity, scenario: scenario.name, seed: scenario.seed)
  }

  /// The newcomers of one archetype in month `k`, drawn as a population of that archetype alone
  /// under their own seed, then numbered after the existing customers; they join the existing
  /// organizations and sign up on the month's first day.
  private func arrivals(
    _ arrival: Horizon.Arrival, index a: Int, month k: Int, start: CalendarDay, base: Population, next: Int
  ) -> [Customer] {
    let n = arrival.count(month: k)
    guard n > 0, let archetype = scenario.population.archetypes.firstIndex(where: { $0.name == arrival.archetype })
    else { return [] }
    var spec = scenario.population
    spec.customers = n
    spec.archetypes = [spec.archetypes[archetype]]
    spec.archetypes[0].share = 1
    var rng = SplitMix64(seed: scenario.seed, stream: StreamKey.projection.rawValue, UInt64(k), 1, UInt64(a))
    let drawn = Population.generate(spec, seed: rng.next(), start: start)
    let width = max(4, String(scenario.population.customers).count)
    let organizations = max(1, base.organizationIDs.count)
    return drawn.customers.enumerated().map { i, c in
      var c = c
      c.index = next + i
      c.id = "cust_" + padded(next + i + 1, width)
      c.archetype = archetype
      c.organization = c.organization % organizations
      c.signup = start
      return c
    }
  }

  /// Month `k`'s population: every customer who has joined, with their usage grown by the
  /// expansion since they joined, and no calls for one who has left under every plan.
  private func monthPopulation(_ customers: [Customer], joined: [Int], gone: [[Bool]], month k: Int, base: Population)
    -> Population
  {
    guard k > 0 else { return base }
    var spec = scenario.population
    spec.customers = customers.count
    let members = customers.map { c in
      var c = c
      let left = !gone.isEmpty && gone.allSatisfy { $0[c.index] }
      c.baseCallsPerDay = left ? 0 : c.baseCallsPerDay * Self.growth(horizon.expansion, months: k - joined[c.index])
      return c
    }
    return Population(spec: spec, customers: members, organizationIDs: base.organizationIDs)
  }

  /// `(1 + rate)^months`.
  static func growth(_ rate: Double, months: Int) -> Double {
    (0..<max(0, months)).reduce(1.0) { r, _ in r * (1 + rate) }
  }

  /// Bills in the display currency, converted at the rate of `day`, once none passes the money
  /// range (`BillingRangeError`).
  func displayed(
    _ bills: [Bill], _ plan: Plan, on day: CalendarDay, customers: [Customer], ledger: inout RateLedger
  ) throws -> [Money] {
    try BillingRangeError.check(bills, plan: plan.name, customers: customers)
    let factor = try ledger.factor(money, from: plan.currency, on: day)
    return bills.map { factor.apply($0.total) }
  }
}
