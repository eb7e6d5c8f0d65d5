/// One billing period of a plan, and the part of a run it covers.
///
/// A run that starts or ends inside a period covers it partly; fees are then prorated by
/// `coveredDays / days` (see `specs/pricing.md`, *Proration*).
public struct BillingPeriod: Sendable, Hashable {
  /// First day of the period.
  public let start: CalendarDay
  /// The day after its last day.
  public let end: CalendarDay
  /// First day of the period inside the run.
  public let firstCovered: CalendarDay
  /// The day after the last day of the period inside the run.
  public let endCovered: CalendarDay

  /// The period from `start` to `end` (exclusive), clipped to `run`.
  public init(start: CalendarDay, end: CalendarDay, run: Period) {
    self.start = start
    self.end = end
    firstCovered = max(start, run.start)
    endCovered = max(firstCovered, min(end, run.end))
  }

  /// A whole period (a run that covers it entirely).
  public init(start: CalendarDay, end: CalendarDay) {
    self.init(start: start, end: end, run: Period(start: start, days: end.daysSinceEpoch - start.daysSinceEpoch))
  }

  /// Days in the period (7, 28...31, 90...92, 365 or 366).
  public var days: Int { end.daysSinceEpoch - start.daysSinceEpoch }

  /// Days of the period inside the run.
  public var coveredDays: Int { endCovered.daysSinceEpoch - firstCovered.daysSinceEpoch }

  /// Whether the run covers the whole period.
  public var isWhole: Bool { coveredDays == days }

  /// The last day of the period.
  public var lastDay: CalendarDay { end.adding(days: -1) }

  /// `2026-01` for a calendar month, else `2026-01-15..2026-02-14`.
  public var label: String {
    let (y, m, d) = start.components
    if d == 1, days == Period.daysInMonth(year: y, month: m) {
      return String(start.description.prefix(7))
    }
    return "\(start)..\(lastDay)"
  }

  /// Whether `day` falls in the period.
  public func contains(_ day: CalendarDay) -> Bool { day >= start && day < end }
}
