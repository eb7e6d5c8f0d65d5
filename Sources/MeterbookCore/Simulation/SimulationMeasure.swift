/// A simulation summed as it is generated, without its calls: what `Simulator.measure()`
/// returns, for work that reads only aggregates (many seeds, billing what-ifs).
///
/// Its figures are exactly those of the run `Simulator.run()` would produce: `cube` equals
/// `UsageCube(run, grain: scenario.usageGrain)` cell for cell, and the daily totals equal the run's
/// calls and cost grouped by day. It holds no calls, so its size does not grow with them.
public struct SimulationMeasure: Sendable {
  public var scenario: Scenario
  public var population: Population
  /// The usage cube: one cell per customer × model × task type × feature (× day, for a
  /// scenario billed over several periods).
  public var cube: UsageCube
  /// Calls per day of the period (index 0 is the first day).
  public var dailyCalls: [Int]
  /// Cost per day of the period, in nano-dollars (`Money.nanos`).
  public var dailyCost: [Int64]
}

extension SimulationMeasure {
  /// A run's measure, summed from its calls: how a data scenario, whose calls are mostly
  /// imported, is measured (its cube equals `UsageCube(run, grain: scenario.usageGrain)` by construction).
  init(_ result: SimulationResult) {
    let period = result.scenario.period
    var calls = [Int](repeating: 0, count: period.days)
    var cost = [Int64](repeating: 0, count: period.days)
    let first = period.start.epochSeconds
    let run = result.run
    for i in 0..<run.count {
      let day = Int((run.timestamp[i] - first) / 86_400)
      guard day >= 0 && day < period.days else { continue }
      calls[day] += 1
      // Within Limits.runCost (checked by the run) every day's cost fits in 64 bits.
      cost[day] &+= run.cost[i]
    }
    self.init(
      scenario: result.scenario, population: result.population,
      cube: UsageCube(result.run, grain: result.scenario.usageGrain),
      dailyCalls: calls, dailyCost: cost)
  }
}

extension SimulationMeasure {
  /// The measure of a data scenario kept as sums: its cube and day totals from the digest's
  /// cells, exactly those of the calls; `nil` when the cells are coarser than days (the
  /// workbook loader refuses such a file).
  init?(_ scenario: Scenario, population: Population, digest: UsageDigest) {
    guard let cube = digest.cube(at: scenario.usageGrain), let daily = digest.dailyTotals(over: scenario.period)
    else { return nil }
    self.init(
      scenario: scenario, population: population, cube: cube, dailyCalls: daily.calls, dailyCost: daily.cost)
  }
}

extension SimulationMeasure {
  /// This measure with the calls `other` measured over the same period added, as a data
  /// scenario adds simulated calls to the imported ones: cubes merged (`UsageCube.merging`),
  /// day totals summed, and, when `other`'s customers are new ones, its customers appended
  /// with their attributes translated into the joined tables (as `DataScenarioRun.run()` files
  /// them).
  func adding(_ other: SimulationMeasure, newCustomers: Bool) throws(Run.TooManyNames) -> SimulationMeasure {
    let (cube, ids) = try cube.merging(other.cube, grain: scenario.usageGrain)
    func attributes(_ c: Customer, _ map: (Int, KeyPath<Run.DimensionRemap, [Int]>) -> Int) -> CustomerAttributes {
      CustomerAttributes(
        organization: UInt16(truncatingIfNeeded: map(c.organization, \.organizations)),
        product: UInt16(truncatingIfNeeded: map(c.product, \.products)),
        tier: UInt8(truncatingIfNeeded: map(c.tier, \.tiers)),
        region: UInt8(truncatingIfNeeded: map(c.region, \.regions)))
    }
    var all = population.customers.map { attributes($0) { id, _ in id } }
    if newCustomers {
      all += other.population.customers.map { attributes($0) { id, table in ids[keyPath: table][id] } }
    }
    var sum = self
    sum.cube = cube
    sum.population = Population(imported: cube.dimensions, attributes: all, start: scenario.start)
    for d in sum.dailyCalls.indices where d < other.dailyCalls.count {
      sum.dailyCalls[d] += other.dailyCalls[d]
      // Within Limits.runCost (checked by the caller) every day's cost fits in 64 bits.
      sum.dailyCost[d] &+= other.dailyCost[d]
    }
    return sum
  }
}
