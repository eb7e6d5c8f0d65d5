/// A simulated run reduced to what the what-if loop reads from it: the usage totals and the
/// period usage cube that billing needs.
///
/// It exists so that a sweep whose points differ only in plans measures the calls once and
/// re-bills the same cube at every point: prices change, the calls do not. It holds no
/// calls, so a sweep keeps one cube at a time instead of one run per point.
public struct MeasuredRun: Sendable {
  public let scenario: Scenario
  public let calls: Int
  public let activeCustomers: Int
  public let cost: Money
  public let errors: Int
  let population: Population
  let cube: UsageCube
  /// Bills already computed on `cube`, shared with the plan comparison of the same run.
  let book: BillBook?

  /// Reads the totals from the period cube (tens of thousands of cells, not a million calls);
  /// `cube` is the run's cube when the caller keeps one, and `book` its bills so far.
  public init(_ r: SimulationResult, cube: UsageCube? = nil, book: BillBook? = nil) {
    self.init(
      scenario: r.scenario, population: r.population, cube: cube ?? UsageCube(r.run, grain: r.scenario.usageGrain),
      book: book)
  }

  /// The same figures from a simulation measured without its calls (`Simulator.measure()`),
  /// whose cube is the run's period cube; `book` holds its bills so far.
  public init(_ m: SimulationMeasure, book: BillBook? = nil) {
    self.init(scenario: m.scenario, population: m.population, cube: m.cube, book: book)
  }

  private init(scenario: Scenario, population: Population, cube: UsageCube, book: BillBook?) {
    self.scenario = scenario
    self.book = book
    self.population = population
    var calls: Int64 = 0
    var failed: Int64 = 0
    var nanos: Int128 = 0
    // One flag per customer of the cube's dimension table (no hashing).
    var seen = [Bool](repeating: false, count: cube.dimensions.customers.count)
    var active = 0
    for cell in cube.cells {
      calls += cell.calls
      failed += cell.errors + cell.timeouts
      nanos += Int128(cell.cost)
      let c = Int(cell.key.customer)
      if cell.calls > 0 && seen.indices.contains(c) && !seen[c] {
        seen[c] = true
        active += 1
      }
    }
    self.calls = Int(calls)
    activeCustomers = active
    cost = Money(nanos: nanos)
    errors = Int(failed)
    self.cube = cube
  }

  /// The figures with every plan of `plans` billed on this run, in `plans` order (or only
  /// the first `billing` of them; the others stay available to per-tier plans).
  public func figures(plans: [Plan], billing: Int? = nil) -> WhatIfFigures {
    figures(plans: plans, billing: plans.prefix(billing ?? plans.count).map(\.name))
  }

  /// The figures with the plans named `names` billed, in that order: the first is the
  /// current plan that price-sensitive churn is measured against.
  public func figures(plans: [Plan], billing names: [String], sensitivity: PlanComparison.Sensitivity = .init())
    -> WhatIfFigures
  {
    let comparison = PlanComparison(plans: plans, sensitivity: sensitivity, period: scenario.period)
    return figures(
      comparison, billing: names, costs: cube.costByCustomer(count: population.customers.count), cost: cost
    ) { bills, _ in bills }
  }

  /// The same figures in `money`'s display currency: each invoice at the rate of its
  /// period's last day, each day's AI cost at that day's rate (`specs/pricing.md`, *Currencies*).
  ///
  /// - Throws: `ProjectionError.exchange` when the rates cannot convert an amount.
  public func figures(
    plans: [Plan], billing names: [String]? = nil, sensitivity: PlanComparison.Sensitivity = .init(),
    money: MoneySettings
  ) throws -> WhatIfFigures {
    let comparison = PlanComparison(plans: plans, sensitivity: sensitivity, period: scenario.period, money: money)
    var ledger = RateLedger()
    let costs = try comparison.displayCosts(cube, customers: population.customers.count, ledger: &ledger)
    var f = try figures(
      comparison, billing: names ?? plans.map(\.name), costs: costs,
      cost: money.display == .usd ? cost : Money.sum(costs)
    ) { bills, plan in try comparison.displayBills(bills, of: plan, ledger: &ledger) }
    f.rates = ledger.used
    f.currency = money.display
    return f
  }

  /// The figures of `names` billed on the cube, each plan's bills passed through `convert`
  /// and set against `costs` (per customer) and `cost` (their sum).
  private func figures(
    _ comparison: PlanComparison, billing names: [String], costs: [Money], cost: Money,
    convert: ([Bill], Plan) throws -> [Bill]
  ) rethrows -> WhatIfFigures {
    let plans = comparison.plans
    let engine = PricingEngine(plans: plans, period: scenario.period)
    var baseline: [Bill]?
    let results = try names.compactMap { name -> WhatIfFigures.PlanResult? in
      guard let plan = plans.first(where: { $0.name == name }) else { return nil }
      let bills = try convert(engine.bills(plan, cube: cube, population: population, book: book), plan)
      if baseline == nil { baseline = bills }
      var revenue = Money.zero
      var negative = 0
      for b in bills {
        let total = b.total
        revenue += total
        if costs.indices.contains(b.customer) && total < costs[b.customer] { negative += 1 }
      }
      let churn = comparison.expectedChurn(bills, baseline: baseline ?? bills, cost: costs)
      return .init(
        plan: plan.name, revenue: revenue, margin: revenue - cost, negativeCustomers: negative,
        revenueAfterChurn: churn.revenue, marginAfterChurn: churn.margin)
    }
    return WhatIfFigures(calls: calls, activeCustomers: activeCustomers, cost: cost, errors: errors, plans: results)
  }
}
