/// How a forecast was made; the report prints `name`.
public enum ForecastMethod: String, Sendable, Equatable, CaseIterable, Codable {
  /// Linear trend plus weekday effects in dollars (`ForecastModel.Form.additive`).
  case additive
  /// Log-linear (compounding) trend times weekday factors (`ForecastModel.Form.multiplicative`).
  case multiplicative
  /// The same weekday of the last observed week (`SeasonalNaive`), the benchmark every model must beat.
  case seasonalNaive
  /// The mean of the last seven days, for series too short to fit a season (`RecentMean`).
  case recentMean

  /// The method in words, as reports print it.
  public var name: String {
    switch self {
    case .additive: "linear trend + weekday effects (additive)"
    case .multiplicative: "compounding trend × weekday factors (multiplicative)"
    case .seasonalNaive: "seasonal naive (same weekday last week)"
    case .recentMean: "mean of the last 7 days"
    }
  }

  /// The model form behind the method, for the two regression methods.
  var form: ForecastModel.Form? {
    switch self {
    case .additive: .additive
    case .multiplicative: .multiplicative
    case .seasonalNaive, .recentMean: nil
    }
  }
}
