/// A daily cost forecast an analyst can check: the method that won a backtest against seasonal naive,
/// its forecast days, a 95% band sized on its own out-of-sample errors, and any level shift it found.
///
/// ```swift
/// let f = Forecast(TimeSeries.dailyCost(run, start: start, days: 60), horizon: 30)
/// print(f.methodName, f.values[0], f.lower[0], f.upper[0], f.levelShift?.day as Any)
/// ```
///
/// The method depends on how much data there is:
/// - under 14 days, `recentMean`: too short for two of each weekday;
/// - 14 to 20 days, `seasonalNaive`: too short to check a model on a week it did not see;
/// - from 21 days, the model the data favours (`bestModel`: additive or multiplicative, with or
///   without a trend, by AICc on the dollar values; each with a level shift when
///   `LevelShift` finds a significant one) is backtested against seasonal naive on the same origins
///   (`Backtest`); the lower mean absolute error wins, a tie going to the model.
///
/// The band is `BandCalibration.multiplier` standard errors of the chosen method either side of the
/// forecast, on the method's working scale (a ratio band for the multiplicative model).
public struct Forecast: Sendable, Equatable {
  /// The fewest days for a backtest: a model's minimum plus one checked week.
  public static let backtestDays = ForecastModel.minimumDays + Backtest.horizon

  /// The method whose forecast this is.
  public var method: ForecastMethod
  /// The first day of the data.
  public var start: CalendarDay
  /// Days of data.
  public var fittedDays: Int
  /// Forecast dollars for the days after the data (index 0 = day `fittedDays`).
  public var values: [Double]
  /// Lower end of the 95% band for each forecast day.
  public var lower: [Double]
  /// Upper end of the 95% band for each forecast day.
  public var upper: [Double]
  /// The trend-and-season model the data favoured (`bestModel`), also when seasonal naive then beat
  /// it in the backtest; `nil` for series under 21 days.
  public var model: ForecastModel?
  /// The step in level the model found, if any.
  public var levelShift: LevelShift?
  /// The backtest behind the choice; `nil` for series under 21 days or a step too recent to check.
  public var backtest: Backtest?
  /// The band's width and where it came from.
  public var band: BandCalibration

  /// Forecasts `horizon` days after `series` (non-finite days count as zero).
  public init(_ series: TimeSeries, horizon: Int = 30) {
    let y = series.values.map { $0.isFinite ? $0 : 0 }
    let choice = Self.choose(y, start: series.start)
    let n = y.count
    let days = n..<(n + max(0, horizon))
    let calibration = BandCalibration(
      standardizedErrors: choice.backtest?.score(choice.method)?.standardizedErrors ?? [],
      degreesOfFreedom: choice.forecaster.degreesOfFreedom)
    let bands = days.map { choice.forecaster.band(at: $0, multiplier: calibration.multiplier) }
    method = choice.method
    start = series.start
    fittedDays = n
    values = days.map { choice.forecaster.point(at: $0) }
    lower = bands.map(\.lower)
    upper = bands.map(\.upper)
    model = choice.model?.model
    levelShift = choice.model?.shift
    backtest = choice.backtest
    band = calibration
  }

  /// The chosen method in words: the model's own name (its form and whether it has a trend) when a
  /// model was chosen, else the method's.
  public var methodName: String {
    guard method.form != nil, let model else { return method.name }
    return model.name
  }

  /// A fitted model and the step it found, if any.
  typealias Fitted = (model: ForecastModel, shift: LevelShift?)

  /// What `choose` decided.
  struct Choice {
    var method: ForecastMethod
    var forecaster: Forecaster
    var model: Fitted?
    var backtest: Backtest?
  }

  /// Picks the method for `y` (see the type's discussion) and fits it on all of `y`.
  static func choose(_ y: [Double], start: CalendarDay) -> Choice {
    let n = y.count
    guard n >= ForecastModel.minimumDays else {
      return Choice(method: .recentMean, forecaster: .recentMean(RecentMean(y)))
    }
    guard n >= backtestDays, let model = bestModel(y, start: start) else {
      return SeasonalNaive(y).map { Choice(method: .seasonalNaive, forecaster: .seasonalNaive($0)) }
        ?? Choice(method: .recentMean, forecaster: .recentMean(RecentMean(y)))
    }
    let modelMethod = method(of: model.model)
    // Folds start once a step has 3 days of data behind it: before that no fit could have seen it, and
    // the errors of forecasting across it say nothing about forecasting from the new level.
    let earliest = max(ForecastModel.minimumDays, (model.shift?.index ?? 0) + 3)
    let candidates: [Backtest.Candidate] = [
      (modelMethod, { model.model.refit($0).map(Forecaster.model) }),
      (.seasonalNaive, { SeasonalNaive($0).map(Forecaster.seasonalNaive) }),
    ]
    guard
      let backtest = Backtest.run(y, candidates: candidates, origins: Backtest.origins(count: n, earliest: earliest))
    else { return Choice(method: modelMethod, forecaster: .model(model.model), model: model) }
    if let naive = backtest.score(.seasonalNaive), naive.days > 0,
      backtest.score(modelMethod).map({ $0.days == 0 || naive.meanAbsoluteError < $0.meanAbsoluteError }) ?? true,
      let benchmark = SeasonalNaive(y)
    {
      return Choice(method: .seasonalNaive, forecaster: .seasonalNaive(benchmark), model: model, backtest: backtest)
    }
    return Choice(method: modelMethod, forecaster: .model(model.model), model: model, backtest: backtest)
  }

  /// The model of `y` the data favours: the lowest information criterion on the dollar values.
  ///
  /// Candidates (`ForecastModel.informationCriterion`): the additive and multiplicative forms, each
  /// with and without a trend, and each with the level shift `LevelShift` finds for its form; the
  /// earlier in that order wins a tie. The multiplicative forms need every day above zero.
  static func bestModel(_ y: [Double], start: CalendarDay) -> Fitted? {
    var fits: [Fitted] = []
    for form in ForecastModel.Form.allCases {
      guard let trended = fitted(y, start: start, form: form) else { continue }
      fits.append(trended)
      let step = trended.model.shiftIndex
      if let flat = ForecastModel.fit(y, start: start, form: form, trend: false, shiftIndex: step) {
        let shift = trended.shift.flatMap { LevelShift(model: flat, statistic: $0.statistic) }
        fits.append((flat, shift))
      }
    }
    return fits.min { $0.model.informationCriterion(y) < $1.model.informationCriterion(y) }
  }

  /// `form` fitted on `y`, with its level shift when one is significant.
  static func fitted(_ y: [Double], start: CalendarDay, form: ForecastModel.Form) -> Fitted? {
    if let (model, shift) = LevelShift.detect(y, start: start, form: form) { return (model, shift) }
    return ForecastModel.fit(y, start: start, form: form).map { ($0, nil) }
  }

  /// The method of a fitted model.
  static func method(of model: ForecastModel) -> ForecastMethod {
    model.form == .additive ? .additive : .multiplicative
  }
}
