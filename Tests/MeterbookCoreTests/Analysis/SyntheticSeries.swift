import Foundation

@testable import MeterbookCore

/// Daily cost series with a planted truth, drawn from a fixed seed, for the forecast's tests.
///
/// Each shape is a noiseless mean (`truth`) times or plus noise (`values`). Noise is normal (Box–Muller
/// on SplitMix64), optionally AR(1) so that neighbouring days err together as real cost does.
struct SyntheticSeries {
  /// The shapes of the coverage test.
  enum Shape: String, CaseIterable {
    /// Linear trend plus weekday effects in dollars, normal noise of constant size.
    case additive
    /// Gentle compounding trend times weekday factors, log-normal noise.
    case multiplicative
    /// 3% a day compounding times weekday factors, log-normal noise.
    case compounding
    /// Flat-ish level with weekday factors that drops 30-50% on one day and stays there.
    case levelShift
  }

  /// A Monday, so weekday `t % 7` of a series from it is the calendar weekday.
  static let start = CalendarDay(year: 2026, month: 1, day: 5)

  var shape: Shape
  var truth: [Double]
  var values: [Double]
  /// Where the level shift happens, for `.levelShift`.
  var shiftIndex: Int?

  /// A series of `days` days of `shape`, its parameters and noise drawn from `seed`; the level shift
  /// (if any) falls before `days - heldBack - 9`.
  init(_ shape: Shape, seed: UInt64, days: Int, heldBack: Int) {
    var rng = SplitMix64(seed: seed, stream: 42, UInt64(Shape.allCases.firstIndex(of: shape) ?? 0))
    self.shape = shape
    let level = 50 + 150 * rng.unit()
    let weekend = 0.35 + 0.3 * rng.unit()
    let factors = (0..<7).map { $0 >= 5 ? weekend : 0.9 + 0.2 * rng.unit() }
    let sigma = 0.07 + 0.08 * rng.unit()
    let phi = rng.unit() < 0.5 ? 0.0 : 0.4
    var shift: Int?
    switch shape {
    case .additive:
      let slope = level * (-0.003 + 0.013 * rng.unit())
      truth = (0..<days).map { level + slope * Double($0) + level * (factors[$0 % 7] - 1) }
    case .multiplicative:
      let growth = -0.005 + 0.015 * rng.unit()
      truth = (0..<days).map { level * exp(growth * Double($0)) * factors[$0 % 7] }
    case .compounding:
      truth = (0..<days).map { level * pow(1.03, Double($0)) * factors[$0 % 7] }
    case .levelShift:
      let limit = days - heldBack - 9
      let k = days / 3 + Int(rng.unit() * Double(max(1, limit - days / 3)))
      let drop = 0.3 + 0.2 * rng.unit()
      shift = k
      truth = (0..<days).map { level * factors[$0 % 7] * ($0 >= k ? 1 - drop : 1) }
    }
    shiftIndex = shift
    var noise = 0.0
    var values: [Double] = []
    for t in 0..<days {
      noise = phi * noise + (1 - phi * phi).squareRoot() * sigma * Self.normal(&rng)
      values.append(shape == .additive ? max(0, truth[t] + level * noise) : truth[t] * exp(noise))
    }
    self.values = values
  }

  /// A standard normal draw (Box–Muller).
  static func normal(_ rng: inout SplitMix64) -> Double {
    let u = max(rng.unit(), 1e-300)
    return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * rng.unit())
  }
}
