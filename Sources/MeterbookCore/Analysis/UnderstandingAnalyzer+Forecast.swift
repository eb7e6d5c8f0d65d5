/// The understanding report's forecast in words and as a chart, written from a `ForecastFinding`.
///
/// Nothing here computes a forecast: the numbers come from the finding, so tests compare the finding's
/// numbers and these functions only say them.
extension UnderstandingAnalyzer {
  /// The forecast half of the impact sentence: the next days' total, the whole-weeks change and any
  /// level shift.
  static func forecastImpact(_ f: ForecastFinding) -> String {
    var text = "the next \(f.horizon) days are forecast at \(Format.money(dollars: f.nextTotal))"
    let compared = f.weeks > 0 ? "the last \(f.weeks == 1 ? "week" : "\(f.weeks) weeks")" : "the data so far"
    text += " (\(Format.money(dollars: f.forecastDaily)) a day over the next 4 weeks against "
    text += "\(Format.money(dollars: f.recentDaily)) a day over \(compared)"
    if let change = f.change { text += ", \(change >= 0 ? "+" : "")\(Format.percent(change))" }
    text += ")."
    if let shift = f.forecast.levelShift {
      let direction = shift.change < 0 ? "dropped" : "rose"
      text += " Daily cost \(direction) \(Format.percent(abs(shift.relativeChange), places: 0)) on \(shift.day)"
      text += " (\(Format.money(dollars: shift.levelBefore)) → \(Format.money(dollars: shift.levelAfter)) a day)"
      text += " and stayed there; the forecast continues from the new level."
    }
    return text
  }

  /// The outcome sentences: the method, its backtest error against the runner-up (seasonal naive, or
  /// the best model when seasonal naive won) and where the band comes from.
  static func forecastOutcome(_ f: ForecastFinding) -> String {
    let forecast = f.forecast
    let width = Format.fixed(forecast.band.multiplier, places: 2)
    guard let backtest = forecast.backtest, let chosen = backtest.score(forecast.method) else {
      let why =
        forecast.fittedDays >= Forecast.backtestDays
        ? "the level shift is too recent to backtest"
        : "\(forecast.fittedDays) days are too few to backtest a model (needs \(Forecast.backtestDays))"
      return
        "Forecast by \(forecast.methodName): \(why); the 95% band is the method's own, \(width) standard errors wide."
    }
    let rival =
      forecast.method == .seasonalNaive
      ? forecast.model.flatMap { backtest.score(Forecast.method(of: $0)) } : backtest.score(.seasonalNaive)
    var text = "Forecast by \(forecast.methodName): in a backtest on \(backtest.origins.count) origins × "
    text += "\(Backtest.horizon) days it missed by \(describe(chosen))"
    if let rival {
      let name = forecast.method == .seasonalNaive ? "the best model, \(forecast.model?.name ?? "")" : rival.method.name
      text += " against \(describe(rival)) for \(name)"
    }
    return text + ". The 95% band, \(width) standard errors wide, is sized on those out-of-sample errors."
  }

  /// A backtest score as `6.1% of actual cost (MASE 0.55)`.
  static func describe(_ s: BacktestScore) -> String {
    let mase = "MASE \(Format.fixed(s.mase, places: 2))"
    return s.wape.map { "\(Format.percent($0)) of actual cost (\(mase))" } ?? mase
  }

  /// The daily cost chart: actual days, then the forecast (joined to the last actual day) and its band.
  static func forecastChart(_ f: ForecastFinding, actual: TimeSeries, start: CalendarDay) -> LineChart {
    let n = actual.values.count
    let days = n + f.horizon
    let ahead = { (t: Int, values: [Double]) -> Double? in t >= n && t - n < values.count ? values[t - n] : nil }
    let forecast = (0..<days).map { t -> Double? in t == n - 1 ? actual.values[t] : ahead(t, f.forecast.values) }
    return LineChart(
      title: "Daily AI cost and \(f.horizon)-day forecast (95% band)",
      labels: (0..<days).map { ChartBuilder.shortDate(start.adding(days: $0).description) },
      series: [
        .init(name: "actual", values: actual.values.map { $0 }), .init(name: "forecast", values: forecast),
        .init(name: "upper", values: (0..<days).map { ahead($0, f.forecast.upper) }),
        .init(name: "lower", values: (0..<days).map { ahead($0, f.forecast.lower) }),
      ], unit: .dollars)
  }

  /// The method note under the report.
  static func forecastNote(_ f: ForecastFinding) -> String {
    "Forecast: additive and multiplicative trend + weekday models (with a level step when one is significant) "
      + "against seasonal naive, on \(f.forecast.fittedDays) days; the band comes from backtest errors. "
      + "See specs/analyzers.md."
  }
}
