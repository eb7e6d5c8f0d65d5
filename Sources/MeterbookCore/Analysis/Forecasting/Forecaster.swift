/// One fitted forecasting method, as the backtest and the band use it.
///
/// Every method answers the same four questions for a day `t` past its data: the point forecast in
/// dollars, the error of an actual value on the method's working scale, the standard error on that
/// scale, and the band for a multiplier. The backtest compares methods on dollars and calibrates the
/// band on standardized working-scale errors, whatever the method.
enum Forecaster: Sendable, Equatable {
  case model(ForecastModel)
  case seasonalNaive(SeasonalNaive)
  case recentMean(RecentMean)

  /// The point forecast of day `t` in dollars.
  func point(at t: Int) -> Double {
    switch self {
    case .model(let m): m.point(at: t)
    case .seasonalNaive(let s): s.point(at: t)
    case .recentMean(let r): r.mean
    }
  }

  /// The error of `actual` on day `t` on the working scale; `nil` when it has none (see `ForecastModel`).
  func error(actual: Double, at t: Int) -> Double? {
    switch self {
    case .model(let m): m.error(actual: actual, at: t)
    case .seasonalNaive(let s): actual - s.point(at: t)
    case .recentMean(let r): actual - r.mean
    }
  }

  /// The standard error of day `t` on the working scale.
  func standardError(at t: Int) -> Double {
    switch self {
    case .model(let m): m.standardError(at: t)
    case .seasonalNaive(let s): s.standardError(at: t)
    case .recentMean(let r): r.standardError
    }
  }

  /// The band of day `t` in dollars: `multiplier` standard errors either side, never below zero.
  func band(at t: Int, multiplier: Double) -> (lower: Double, upper: Double) {
    if case .model(let m) = self { return m.band(at: t, multiplier: multiplier) }
    let c = point(at: t)
    let w = multiplier * standardError(at: t)
    return (max(0, c - w), max(0, c + w))
  }

  /// Residual degrees of freedom behind the standard error, for the t quantile that floors the band.
  var degreesOfFreedom: Int {
    switch self {
    case .model(let m): m.fit.degreesOfFreedom
    case .seasonalNaive(let s): s.differences
    case .recentMean(let r): max(0, r.days - 1)
    }
  }
}
