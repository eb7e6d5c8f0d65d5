/// The benchmark forecast: every future day repeats the same weekday of the last observed week.
///
/// A model earns its place only by beating this in the backtest. Its uncertainty is the root mean
/// square of the in-sample seasonal differences `y(t) − y(t − 7)`, growing with the square root of
/// the number of weeks ahead (each week adds one more such difference).
struct SeasonalNaive: Sendable, Equatable {
  /// The last seven observed days, oldest first.
  var lastWeek: [Double]
  /// Days observed.
  var fittedDays: Int
  /// Root mean square of the seasonal differences.
  var sigma: Double
  /// Number of seasonal differences behind `sigma`.
  var differences: Int

  /// The benchmark of `values`; `nil` with fewer than 8 days (no seasonal difference to measure).
  init?(_ values: [Double]) {
    let n = values.count
    guard n > 7 else { return nil }
    lastWeek = Array(values.suffix(7))
    fittedDays = n
    var sum = 0.0
    for t in 7..<n {
      let d = values[t] - values[t - 7]
      sum += d * d
    }
    differences = n - 7
    sigma = (sum / Double(differences)).squareRoot()
  }

  /// The forecast of day `t ≥ fittedDays`: the value of the same weekday in the last week.
  func point(at t: Int) -> Double { lastWeek[((t - fittedDays) % 7 + 7) % 7] }

  /// The standard error of day `t`: `sigma · √(weeks ahead)`.
  func standardError(at t: Int) -> Double {
    let weeks = max(1, (t - fittedDays) / 7 + 1)
    return sigma * Double(weeks).squareRoot()
  }
}
