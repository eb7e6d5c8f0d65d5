/// How wide the 95% band is, in standard errors of the chosen method, and where that width came from.
///
/// A model's own standard error assumes the model is right and the noise is independent and normal;
/// real cost series break all three, which is why a ±1.96σ band covered only 75-82% of held-back days.
/// So the multiplier is the 95% quantile of the absolute standardized backtest errors (out-of-sample
/// errors over the standard error the method claimed for them, pooled over origins and horizons; the
/// standard error carries the horizon scaling). It is never below the Student t quantile for the
/// method's residual degrees of freedom, the width the method itself would claim, because a handful of
/// backtest errors can understate the tails.
public struct BandCalibration: Sendable, Equatable {
  /// The nominal coverage of the band.
  public static let coverage = 0.95

  /// Standard errors either side of the forecast.
  public var multiplier: Double
  /// The 95% quantile of the absolute standardized backtest errors; `nil` without a backtest.
  public var empiricalQuantile: Double?
  /// The t quantile the multiplier is never below.
  public var floor: Double
  /// Backtest errors behind `empiricalQuantile`.
  public var errors: Int

  /// The calibration from `standardizedErrors` (none without a backtest) and `degreesOfFreedom`.
  init(standardizedErrors: [Double], degreesOfFreedom: Int) {
    floor = Self.studentT975(degreesOfFreedom: degreesOfFreedom)
    errors = standardizedErrors.count
    empiricalQuantile = standardizedErrors.isEmpty ? nil : quantile(standardizedErrors.map { abs($0) }, Self.coverage)
    multiplier = max(floor, empiricalQuantile ?? 0)
  }

  /// The two-sided 95% quantile of Student's t with `degreesOfFreedom` (the normal 1.96 as it grows;
  /// 1 degree of freedom is used below 1).
  ///
  /// Exact table values to 30 degrees of freedom, then the Cornish-Fisher expansion, which is within
  /// 0.001 there.
  static func studentT975(degreesOfFreedom: Int) -> Double {
    let table = [
      12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
      2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    ]
    let df = max(1, degreesOfFreedom)
    if df <= table.count { return table[df - 1] }
    let z = 1.959_964
    let v = Double(df)
    let z3 = z * z * z
    let z5 = z3 * z * z
    return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v)
  }
}
