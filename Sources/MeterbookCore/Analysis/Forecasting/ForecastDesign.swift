/// The regression design of the trend-and-season models: one row of regressors per day.
///
/// Columns: an intercept, the day index `t`, six weekday dummies (Monday is the baseline, so the
/// design is not collinear with the intercept), and, when the model has a level shift, a step that is
/// 0 before the shift and 1 from it on. Weekdays come from the calendar, so a series that starts on a
/// Thursday still lines its effects up with real weekdays.
enum ForecastDesign {
  /// Columns without a step: intercept, trend, six weekday dummies.
  static let baseWidth = 8

  /// The regressors of day `t` (0 = the series' first day).
  static func row(day t: Int, start: CalendarDay, shiftIndex: Int?) -> [Double] {
    var r = [Double](repeating: 0, count: baseWidth + (shiftIndex == nil ? 0 : 1))
    r[0] = 1
    r[1] = Double(t)
    let weekday = start.adding(days: t).weekday
    if weekday > 0 { r[1 + weekday] = 1 }
    if let shiftIndex, t >= shiftIndex { r[baseWidth] = 1 }
    return r
  }

  /// The rows of days `0..<count`.
  static func rows(count: Int, start: CalendarDay, shiftIndex: Int?) -> [[Double]] {
    (0..<count).map { row(day: $0, start: start, shiftIndex: shiftIndex) }
  }
}
