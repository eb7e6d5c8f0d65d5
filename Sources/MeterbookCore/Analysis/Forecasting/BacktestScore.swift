/// How one method did in the backtest.
public struct BacktestScore: Sendable, Equatable {
  public var method: ForecastMethod
  /// Folds the method could be fitted on.
  public var folds: Int
  /// Days scored.
  public var days: Int
  /// Mean absolute error, dollars a day.
  public var meanAbsoluteError: Double
  /// Mean absolute scaled error: `meanAbsoluteError` over the seasonal-naive in-sample error.
  ///
  /// The scale is `Backtest.naiveScale`. It copes with zero days, unlike a percentage error; below 1
  /// the method does better out of sample than the benchmark does in sample.
  public var mase: Double
  /// Weighted absolute percentage error `Σ|error| / Σ|actual|`; `nil` when every actual day is zero.
  public var wape: Double?
  /// Working-scale errors over the method's standard error, for the band.
  public var standardizedErrors: [Double]

  init(method: ForecastMethod, folds: [FoldErrors], scale: Double) {
    self.method = method
    self.folds = folds.count
    let errors = folds.flatMap(\.dollars)
    let actual = folds.flatMap(\.actuals).reduce(0) { $0 + abs($1) }
    let absolute = errors.reduce(0) { $0 + abs($1) }
    days = errors.count
    meanAbsoluteError = errors.isEmpty ? 0 : absolute / Double(errors.count)
    mase = scale > 0 ? meanAbsoluteError / scale : 0
    wape = actual > 0 ? absolute / actual : nil
    standardizedErrors = folds.flatMap(\.standardized)
  }
}
