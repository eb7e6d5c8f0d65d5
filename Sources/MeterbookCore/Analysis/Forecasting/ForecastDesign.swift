/// The regression design of the trend-and-season models: which columns a model has, and the row of
/// regressors of each day.
///
/// Columns: an intercept; the day index `t` when the model has a trend; six weekday dummies (Monday is
/// the baseline, so they are not collinear with the intercept); and, when the model has a level
/// shift, a step that is 0 before the shift and 1 from it on. Weekdays come from the calendar, so a
/// series that starts on a Thursday still lines its effects up with real weekdays.
struct ForecastDesign: Sendable, Equatable {
  /// The first day of the data (day 0).
  var start: CalendarDay
  /// Whether the design has the day-index column.
  var trend: Bool
  /// The first day at the new level, when the design has a step.
  var shiftIndex: Int?

  /// Number of columns.
  var width: Int { weekdayColumn + 6 + (shiftIndex == nil ? 0 : 1) }
  /// The column of the first weekday dummy (Tuesday).
  var weekdayColumn: Int { trend ? 2 : 1 }
  /// The column of the step (meaningful only with a step).
  var stepColumn: Int { weekdayColumn + 6 }

  /// The same design with a step from `shiftIndex` (or none).
  func stepped(at shiftIndex: Int?) -> ForecastDesign {
    ForecastDesign(start: start, trend: trend, shiftIndex: shiftIndex)
  }

  /// The regressors of day `t` (0 = the first day).
  func row(day t: Int) -> [Double] {
    var r = [Double](repeating: 0, count: width)
    r[0] = 1
    if trend { r[1] = Double(t) }
    let weekday = start.adding(days: t).weekday
    if weekday > 0 { r[weekdayColumn + weekday - 1] = 1 }
    if let shiftIndex, t >= shiftIndex { r[stepColumn] = 1 }
    return r
  }

  /// The rows of days `0..<count`.
  func rows(count: Int) -> [[Double]] { (0..<count).map { row(day: $0) } }
}
