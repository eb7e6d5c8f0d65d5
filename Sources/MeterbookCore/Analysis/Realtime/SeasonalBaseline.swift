/// The expected value of one hour of an hourly series, from the same hour in comparable earlier days.
///
/// AI traffic follows the working day and the working week, so an hour is compared with the
/// same hour of the week in earlier weeks, not with the hours just before it (a rolling window
/// on business-hours traffic expects the night at 9 a.m. and flags every morning). When the
/// history is too short for that, the baseline falls back step by step:
///
/// 1. `hourOfWeek`: the same hour of the week in the previous `weeks` weeks (at least two).
/// 2. `hourOfDayKind`: the same hour on the most recent earlier days of the same kind (weekday
///    or weekend, at least two, within the last 14 days).
/// 3. `hourOfDay`: the same hour on the previous seven days of any kind (at least three).
///
/// Without any of these (the first day or two of a series) there is no baseline and the hour is
/// not judged. The expected value is the median of the baseline hours, and the spread is their
/// median absolute deviation scaled to a standard deviation (1.4826 × MAD): both robust to one
/// spike among the baseline hours.
public struct SeasonalBaseline: Sendable, Hashable {
  /// Which earlier hours the baseline is taken from.
  public enum Kind: String, Sendable, Hashable, CaseIterable {
    /// The same hour of the week in earlier weeks.
    case hourOfWeek = "same hour of week"
    /// The same hour on earlier weekdays (for a weekday) or weekend days (for a weekend day).
    case hourOfDayKind = "same hour, same kind of day"
    /// The same hour on the previous days.
    case hourOfDay = "same hour of day"
  }

  /// Which earlier hours were used.
  public var kind: Kind
  /// The hours (indices into the series) the baseline was taken from, most recent first.
  public var hours: [Int]
  /// The median of the values at `hours`.
  public var expected: Double
  /// 1.4826 × the median absolute deviation of the values at `hours` (a robust standard deviation).
  public var spread: Double

  /// Weeks of history the hour-of-week baseline uses at most.
  public static let weeks = 4

  /// The baseline of hour `t` of an hourly series whose first hour is midnight UTC of `start`,
  /// or `nil` when the history before `t` is too short for any baseline.
  ///
  /// - Complexity: O(1): at most 14 earlier hours are read.
  public static func at(_ t: Int, in values: [Double], start: CalendarDay) -> SeasonalBaseline? {
    guard t > 0, t < values.count else { return nil }
    let weekly = (1...weeks).map { t - 168 * $0 }.filter { $0 >= 0 }
    if weekly.count >= 2 { return make(.hourOfWeek, weekly, values) }
    let weekend = start.adding(days: t / 24).isWeekend
    let sameKind = (1...14).map { t - 24 * $0 }.filter { $0 >= 0 && start.adding(days: $0 / 24).isWeekend == weekend }
    if sameKind.count >= 2 { return make(.hourOfDayKind, Array(sameKind.prefix(5)), values) }
    let daily = (1...7).map { t - 24 * $0 }.filter { $0 >= 0 }
    if daily.count >= 3 { return make(.hourOfDay, daily, values) }
    return nil
  }

  private static func make(_ kind: Kind, _ hours: [Int], _ values: [Double]) -> SeasonalBaseline {
    let sample = hours.map { values[$0] }
    let m = median(sample)
    let mad = median(sample.map { abs($0 - m) })
    return SeasonalBaseline(kind: kind, hours: hours, expected: m, spread: 1.4826 * mad)
  }
}
