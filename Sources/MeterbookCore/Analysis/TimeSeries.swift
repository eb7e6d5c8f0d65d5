import Foundation

/// Per-day and per-hour totals of a run, the input of forecasts, anomaly detection and
/// steadiness scores.
public struct TimeSeries: Sendable {
  /// First day covered (UTC).
  public var start: CalendarDay
  /// One value per day (or hour).
  public var values: [Double]

  /// Daily AI cost (dollars) of the calls that pass `include`, over `days` days from `start`.
  ///
  /// Each day is summed exactly in nanodollars and converted once, so the order of the calls
  /// (or of a cube's cells summing them) cannot change a value.
  public static func dailyCost(_ run: Run, start: CalendarDay, days: Int, include: (Int) -> Bool = { _ in true })
    -> TimeSeries
  {
    var nanos = [Int128](repeating: 0, count: max(0, days))
    let base = start.epochSeconds
    for i in 0..<run.count where include(i) {
      let d = Int((run.timestamp[i] - base) / 86_400)
      if d >= 0 && d < nanos.count { nanos[d] += Int128(run.cost[i]) }
    }
    return TimeSeries(start: start, values: nanos.map { $0.double / 1e9 })
  }

  /// Daily AI cost (dollars) of a cube's cells over `days` days from `start`: each day's exact
  /// sum, so the cube of a file and its calls give the same series (`dailyCost(_:start:days:)`).
  public static func dailyCost(_ cube: UsageCube, start: CalendarDay, days: Int) -> TimeSeries {
    var nanos = [Int128](repeating: 0, count: max(0, days))
    let base = start.epochSeconds / 3600
    for cell in cube.cells {
      let d = Int(clamping: (cell.key.hour - base) / 24)
      if d >= 0 && d < nanos.count { nanos[d] += Int128(cell.cost) }
    }
    return TimeSeries(start: start, values: nanos.map { $0.double / 1e9 })
  }

  /// Hourly AI cost (dollars), `days × 24` values.
  public static func hourlyCost(_ run: Run, start: CalendarDay, days: Int, include: (Int) -> Bool = { _ in true })
    -> TimeSeries
  {
    var v = [Double](repeating: 0, count: days * 24)
    let base = start.epochSeconds
    for i in 0..<run.count where include(i) {
      let h = Int((run.timestamp[i] - base) / 3600)
      if h >= 0 && h < v.count { v[h] += Double(run.cost[i]) / 1e9 }
    }
    return TimeSeries(start: start, values: v)
  }

  public var mean: Double { values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count) }

  /// Coefficient of variation (σ/μ); 0 for a constant or empty series.
  public var variation: Double {
    let m = mean
    guard m > 0, values.count > 1, let lo = values.min(), let hi = values.max(), hi - lo > 1e-12 * hi else { return 0 }
    let v = values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1)
    return v.squareRoot() / m
  }
}

/// The median of `values` (0 when empty).
func median(_ values: [Double]) -> Double {
  guard !values.isEmpty else { return 0 }
  let s = values.sorted()
  return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

/// The `p` quantile (0...1) by linear interpolation.
func quantile(_ values: [Double], _ p: Double) -> Double {
  guard !values.isEmpty else { return 0 }
  let s = values.sorted()
  let x = p * Double(s.count - 1)
  let lo = Int(x.rounded(.down))
  let hi = min(s.count - 1, lo + 1)
  return s[lo] + (s[hi] - s[lo]) * (x - Double(lo))
}
