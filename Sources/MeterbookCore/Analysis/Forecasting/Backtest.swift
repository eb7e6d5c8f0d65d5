/// A rolling-origin backtest: refit each method on the days before an origin, forecast the week
/// after it, and score the forecasts against what happened.
///
/// Origins are the last `maximumOrigins` days from which a whole `horizon` can still be checked,
/// spaced a week apart when the data allows (closer on short series), each leaving at least
/// `ForecastModel.minimumDays` days to fit on. Every method is scored on the same origins and days,
/// so their errors compare directly. The standardized errors (working-scale error over the method's
/// own standard error) size the band (`BandCalibration`).
public struct Backtest: Sendable, Equatable {
  /// Days forecast from each origin.
  public static let horizon = 7
  /// Origins used at most.
  public static let maximumOrigins = 4

  /// The origins: the first forecast day of each backtest fold (0 = the series' first day).
  public var origins: [Int]
  /// One score per method, in the order the methods were given.
  public var scores: [BacktestScore]

  /// The score of `method`, when it was backtested.
  public func score(_ method: ForecastMethod) -> BacktestScore? { scores.first { $0.method == method } }

  /// The origins for `count` days when no fold may start before `earliest`, oldest first.
  static func origins(count: Int, earliest: Int) -> [Int] {
    let last = count - horizon
    guard last >= max(earliest, ForecastModel.minimumDays) else { return [] }
    let spacing = max(1, min(horizon, (last - earliest) / (maximumOrigins - 1)))
    return (0..<maximumOrigins).map { last - $0 * spacing }.filter { $0 >= earliest }.reversed()
  }

  /// A method to backtest, and how to fit it on the days before an origin.
  typealias Candidate = (method: ForecastMethod, refit: ([Double]) -> Forecaster?)

  /// Backtests each candidate on `values` from `origins`.
  ///
  /// - Returns: the scores, or `nil` without origins.
  static func run(_ values: [Double], candidates: [Candidate], origins: [Int]) -> Backtest? {
    guard !origins.isEmpty else { return nil }
    let scale = Self.naiveScale(values)
    let scores = candidates.map { candidate in
      let folds = origins.compactMap { origin in
        candidate.refit(Array(values[0..<origin])).map { FoldErrors($0, values, origin: origin) }
      }
      return BacktestScore(method: candidate.method, folds: folds, scale: scale)
    }
    return Backtest(origins: origins, scores: scores)
  }

  /// The in-sample mean absolute error of the one-week seasonal-naive forecast, the MASE denominator;
  /// the mean absolute value when that is zero (a perfectly weekly series), and 1 for an all-zero one.
  static func naiveScale(_ values: [Double]) -> Double {
    if values.count > 7 {
      let mae = (7..<values.count).reduce(0) { $0 + abs(values[$1] - values[$1 - 7]) } / Double(values.count - 7)
      if mae > 0 { return mae }
    }
    let level = values.isEmpty ? 0 : values.reduce(0) { $0 + abs($1) } / Double(values.count)
    return level > 0 ? level : 1
  }
}

/// The errors of one fold: a method fitted before an origin, checked on the week after it.
struct FoldErrors: Sendable, Equatable {
  /// Actual minus forecast, in dollars.
  var dollars: [Double] = []
  /// The actual values.
  var actuals: [Double] = []
  /// Working-scale errors over the standard error, within ±`cap`.
  var standardized: [Double] = []

  /// The largest standardized error kept: a fit that claimed no uncertainty and then missed would
  /// otherwise make the band infinitely many standard errors wide.
  static let cap = 100.0

  init(_ forecaster: Forecaster, _ values: [Double], origin: Int) {
    for t in origin..<min(values.count, origin + Backtest.horizon) {
      dollars.append(values[t] - forecaster.point(at: t))
      actuals.append(values[t])
      guard let e = forecaster.error(actual: values[t], at: t) else { continue }
      let se = forecaster.standardError(at: t)
      standardized.append(se > 0 ? max(-Self.cap, min(Self.cap, e / se)) : (e == 0 ? 0 : e > 0 ? Self.cap : -Self.cap))
    }
  }
}
