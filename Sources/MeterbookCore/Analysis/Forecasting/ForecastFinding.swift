/// What the understanding report says about the coming days, as numbers, before any English.
///
/// The headline change compares whole weeks on both sides: the mean daily forecast of the next four
/// weeks against the mean daily cost of the last (up to) four whole weeks of data. Comparing 30
/// forecast days with the last 30 days' pace instead mostly measured how many weekends the next 30
/// days hold.
public struct ForecastFinding: Sendable, Equatable {
  /// Whole weeks compared at most.
  public static let comparedWeeks = 4

  /// The forecast, at least four weeks long.
  public var forecast: Forecast
  /// Days in the headline total.
  public var horizon: Int
  /// The forecast total of the next `horizon` days, in dollars.
  public var nextTotal: Double
  /// Whole weeks of data compared (0 when the data is shorter than a week: then all its days).
  public var weeks: Int
  /// Mean daily cost over the last `weeks` whole weeks of data.
  public var recentDaily: Double
  /// Mean daily forecast over the next four whole weeks.
  public var forecastDaily: Double

  /// The forecast of `series` for `horizon` days and the whole-weeks comparison.
  public init(_ series: TimeSeries, horizon: Int = 30) {
    let days = max(horizon, 7 * Self.comparedWeeks)
    forecast = Forecast(series, horizon: days)
    self.horizon = max(0, horizon)
    nextTotal = forecast.values.prefix(self.horizon).reduce(0, +)
    let y = series.values.map { $0.isFinite ? $0 : 0 }
    weeks = min(Self.comparedWeeks, y.count / 7)
    let recent = weeks > 0 ? Array(y.suffix(7 * weeks)) : y
    recentDaily = recent.isEmpty ? 0 : recent.reduce(0, +) / Double(recent.count)
    forecastDaily = forecast.values.prefix(7 * Self.comparedWeeks).reduce(0, +) / Double(7 * Self.comparedWeeks)
  }

  /// The change of the daily forecast over the next four weeks against the recent whole weeks
  /// (0.1 is 10% more); `nil` when the recent weeks cost nothing.
  public var change: Double? { recentDaily > 0 ? forecastDaily / recentDaily - 1 : nil }
}
