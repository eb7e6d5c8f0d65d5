/// What a sweep or grid computed: the figures at every point, and how much simulating it
/// took.
///
/// `SweepReport` turns it into tables and charts.
public struct SweepResult: Sendable {
  /// One swept parameter and its values.
  public struct Axis: Sendable, Hashable {
    public var path: String
    public var values: SweepValues
  }

  /// One point: its value index on each axis, and the figures there (seed 1's), with every
  /// seed's figures when the sweep ran under several.
  public struct Point: Sendable, Hashable {
    public var position: [Int]
    public var figures: WhatIfFigures
    /// Seed k's figures at `perSeed[k − 1]`; empty for a single seed.
    public var perSeed: [WhatIfFigures] = []
  }

  /// The seeds every point ran under (seed k of every point drew the same random numbers).
  public var uncertainty = Uncertainty()

  public var scenario: String
  /// The seed every point simulated with (common random numbers, unless `seed` is swept).
  public var seed: UInt64
  public var axes: [Axis]
  public var shown: [WhatIfFigure]
  /// Row-major: the first axis varies slowest.
  public var points: [Point]
  /// The workbook's exchange rates and display currency, which the points' amounts are in.
  public var money = MoneySettings()
  public var currency: Currency { money.display }
  /// Which quotes converted the points' amounts, for the line under the report.
  var ratesNote: String? { money.ratesNote(points.flatMap { [$0.figures] + $0.perSeed }.flatMap(\.rates)) }
  /// Distinct simulations the sweep needed: one when only plans change, and never two of
  /// the same resolved scenario.
  public var simulations: Int
  /// Calls those simulations produced in all.
  public var simulatedCalls: Int
}
