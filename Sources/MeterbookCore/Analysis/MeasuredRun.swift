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

  public init(_ r: SimulationResult) {
    let run = r.run
    scenario = r.scenario
    population = r.population
    calls = run.count
    var seen = [Bool](repeating: false, count: max(r.population.customers.count, run.dimensions.customers.count))
    var active = 0
    for c in run.customer where Int(c) < seen.count && !seen[Int(c)] {
      seen[Int(c)] = true
      active += 1
    }
    activeCustomers = active
    cost = run.totalCost
    errors = run.status.reduce(0) { $0 + ($1 == 0 ? 0 : 1) }
    cube = UsageCube(run, grain: .period)
  }

  /// The figures with every plan of `plans` billed on this run, in `plans` order.
  public func figures(plans: [Plan]) -> WhatIfFigures {
    let engine = PricingEngine(plans: plans, months: PricingEngine.months(days: scenario.days))
    let results = plans.map { plan -> WhatIfFigures.PlanResult in
      let revenue = Money.sum(engine.bills(plan, cube: cube, population: population).map(\.total))
      return .init(plan: plan.name, revenue: revenue, margin: revenue - cost)
    }
    return WhatIfFigures(calls: calls, activeCustomers: activeCustomers, cost: cost, errors: errors, plans: results)
  }
}
