/// A simulation summed as it is generated, without its calls: what `Simulator.measure()`
/// returns, for work that reads only aggregates (many seeds, billing what-ifs).
///
/// Its figures are exactly those of the run `Simulator.run()` would produce: `cube` equals
/// `UsageCube(run, grain: .period)` cell for cell, and the daily totals equal the run's
/// calls and cost grouped by day. It holds no calls, so its size does not grow with them.
public struct SimulationMeasure: Sendable {
  public var scenario: Scenario
  public var population: Population
  /// The period usage cube: one cell per customer × model × task type × feature.
  public var cube: UsageCube
  /// Calls per day of the period (index 0 is the first day).
  public var dailyCalls: [Int]
  /// Cost per day of the period, in nano-dollars (`Money.nanos`).
  public var dailyCost: [Int64]
}
