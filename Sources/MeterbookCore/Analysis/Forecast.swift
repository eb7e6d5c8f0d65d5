import Foundation

/// A daily forecast: linear trend plus a day-of-week effect, fitted by least squares, with a
/// backtest on the last week and a 95% band from the residuals.
///
/// Model: `y(t) = a + b·t + s(weekday(t))` with the seven weekday effects summing to zero.
/// Fitting: ordinary least squares on [1, t, weekday dummies]. Backtest: fit on all but the
/// last 7 days, forecast them, report the mean absolute percentage error (MAPE). Band:
/// ±1.96 × residual standard deviation × √(1 + h/n) at horizon h.
public struct Forecast: Sendable, Hashable {
  public var intercept: Double
  public var slope: Double
  /// Effect per weekday (0 = Monday), summing to zero.
  public var weekday: [Double]
  public var residualSD: Double
  public var fittedDays: Int
  public var start: CalendarDay

  /// Fits `series`.
  ///
  /// Weekly effects need at least 14 days; shorter series fit the trend only.
  public init(_ series: TimeSeries) {
    let y = series.values
    let n = y.count
    start = series.start
    fittedDays = n
    let seasonal = n >= 14
    let k = seasonal ? 8 : 2
    // Normal equations XᵀX β = Xᵀy with columns [1, t, d1..d6] (Monday is the baseline).
    var xtx = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
    var xty = [Double](repeating: 0, count: k)
    func row(_ t: Int) -> [Double] {
      var r = [1.0, Double(t)]
      if seasonal {
        let wd = series.start.adding(days: t).weekday
        r += (1...6).map { wd == $0 ? 1.0 : 0.0 }
      }
      return r
    }
    for t in 0..<n {
      let r = row(t)
      for i in 0..<k {
        xty[i] += r[i] * y[t]
        for j in 0..<k { xtx[i][j] += r[i] * r[j] }
      }
    }
    let beta =
      Forecast.solve(xtx, xty) ?? ([y.isEmpty ? 0 : y.reduce(0, +) / Double(n), 0] + Array(repeating: 0, count: k - 2))
    var effects = [0.0] + (seasonal ? Array(beta[2...]) : Array(repeating: 0, count: 6))
    let shift = effects.reduce(0, +) / 7
    effects = effects.map { $0 - shift }
    intercept = beta[0] + shift
    slope = beta[1]
    weekday = effects
    var sse = 0.0
    for t in 0..<n {
      let e =
        y[t]
        - (beta[0] + beta[1] * Double(t)
          + (seasonal ? zip(row(t)[2...], beta[2...]).reduce(0) { $0 + $1.0 * $1.1 } : 0))
      sse += e * e
    }
    residualSD = n > k ? (sse / Double(n - k)).squareRoot() : 0
  }

  /// The forecast for day `t` (0 = the series' first day).
  public func value(at t: Int) -> Double {
    intercept + slope * Double(t) + weekday[start.adding(days: t).weekday]
  }

  /// Half-width of the 95% band `h` days past the fitted data.
  public func band(horizon h: Int) -> Double {
    1.96 * residualSD * (1 + Double(max(0, h)) / Double(max(1, fittedDays))).squareRoot()
  }

  /// MAPE of forecasting the last `holdout` days from the rest; `nil` when too short.
  public static func backtest(_ series: TimeSeries, holdout: Int = 7) -> Double? {
    guard series.values.count >= holdout + 7 else { return nil }
    let train = TimeSeries(start: series.start, values: Array(series.values.dropLast(holdout)))
    let f = Forecast(train)
    var errors: [Double] = []
    for t in train.values.count..<series.values.count where series.values[t] != 0 {
      errors.append(abs(series.values[t] - f.value(at: t)) / abs(series.values[t]))
    }
    return errors.isEmpty ? nil : errors.reduce(0, +) / Double(errors.count)
  }

  /// Gaussian elimination with partial pivoting; `nil` when singular.
  static func solve(_ a: [[Double]], _ b: [Double]) -> [Double]? {
    var m = a
    var v = b
    let n = v.count
    for col in 0..<n {
      guard let p = (col..<n).max(by: { abs(m[$0][col]) < abs(m[$1][col]) }), abs(m[p][col]) > 1e-12 else { return nil }
      m.swapAt(col, p)
      v.swapAt(col, p)
      for r in 0..<n where r != col {
        let f = m[r][col] / m[col][col]
        if f == 0 { continue }
        for c in col..<n { m[r][c] -= f * m[col][c] }
        v[r] -= f * v[col]
      }
    }
    return (0..<n).map { v[$0] / m[$0][$0] }
  }
}
