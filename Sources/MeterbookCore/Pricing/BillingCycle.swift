/// How often a plan invoices, and on which day its periods start.
///
/// Billing engines cut usage into periods that start on an anchor (Stripe's
/// `billing_cycle_anchor`, Lago's anniversary date): a calendar month starting on the 1st by
/// default, or on another day of the month, or a week, quarter or year. Each customer gets one
/// invoice per period, and allowances, tier bounds, credits, caps and minimums apply per period.
///
/// ```swift
/// let cycle = BillingCycle(unit: .month, anchor: 15)   // 15th to 14th
/// cycle.periods(overlapping: run.period)
/// ```
public struct BillingCycle: Sendable, Hashable {
  /// The length of a billing period.
  public enum Unit: String, Sendable, Hashable, CaseIterable {
    case week, month, quarter, year
  }

  public var unit: Unit
  /// The day a period starts.
  ///
  /// The day of the month (1–31) for `month`, `quarter` and `year` (a month shorter than the
  /// anchor starts on its last day, as Stripe does); the ISO weekday (1 Monday to 7 Sunday)
  /// for `week`.
  public var anchor: Int

  /// Calendar months from the 1st: the default cycle.
  public static let monthly = BillingCycle(unit: .month, anchor: 1)

  public init(unit: Unit, anchor: Int = 1) {
    self.unit = unit
    self.anchor = anchor
  }

  /// The largest anchor for `unit`: 7 for weeks, 31 otherwise.
  public static func maxAnchor(_ unit: Unit) -> Int { unit == .week ? 7 : 31 }

  /// The billing periods that overlap `run`, in order, each with the days of the run it covers.
  ///
  /// - Complexity: O(periods), at most `Limits.days / 7 + 2`.
  public func periods(overlapping run: Period) -> [BillingPeriod] {
    var result: [BillingPeriod] = []
    var start = periodStart(containing: run.start)
    while start < run.end {
      let next = periodStart(after: start)
      result.append(BillingPeriod(start: start, end: next, run: run))
      start = next
    }
    return result
  }

  /// The start of the period that contains `day`.
  func periodStart(containing day: CalendarDay) -> CalendarDay {
    switch unit {
    case .week:
      // weekday is 0 Monday ... 6 Sunday; the anchor is 1 Monday ... 7 Sunday.
      let back = (day.weekday - (anchor - 1) + 7) % 7
      return day.adding(days: -back)
    case .month, .quarter, .year:
      let step = months
      let (y, m, _) = day.components
      // Month-aligned candidates: the months whose index is a multiple of the step from January.
      var index = y * 12 + (m - 1)
      index -= ((index % step) + step) % step
      var candidate = start(monthIndex: index)
      if candidate > day { candidate = start(monthIndex: index - step) }
      return candidate
    }
  }

  /// The start of the period after the one starting on `start`.
  func periodStart(after start: CalendarDay) -> CalendarDay {
    switch unit {
    case .week: return start.adding(days: 7)
    case .month, .quarter, .year:
      let (y, m, _) = start.components
      // A start clamped to a short month (the 31st → February 28) still belongs to that month.
      return self.start(monthIndex: y * 12 + (m - 1) + months)
    }
  }

  /// Months per period for the month-based units.
  private var months: Int {
    switch unit {
    case .week, .month: 1
    case .quarter: 3
    case .year: 12
    }
  }

  /// The anchor day in the month `index` months after January of year 0, clamped to its length.
  private func start(monthIndex index: Int) -> CalendarDay {
    let year = index >= 0 ? index / 12 : (index - 11) / 12
    let month = index - year * 12 + 1
    return CalendarDay(year: year, month: month, day: min(anchor, Period.daysInMonth(year: year, month: month)))
  }
}
