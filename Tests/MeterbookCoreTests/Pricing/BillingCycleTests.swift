import Testing

@testable import MeterbookCore

/// Cutting a run into billing periods: calendar months by default, an anchor day, weeks,
/// quarters and years, each period clipped to the run.
struct BillingCycleTests {
  func day(_ y: Int, _ m: Int, _ d: Int) -> CalendarDay { CalendarDay(year: y, month: m, day: d) }

  func spans(_ cycle: BillingCycle, _ run: Period) -> [String] {
    cycle.periods(overlapping: run).map { "\($0.start)..\($0.lastDay) \($0.coveredDays)/\($0.days)" }
  }

  @Test func aTwoMonthRunIsTwoCalendarMonths() {
    // 2024 is a leap year: January 31 + February 29 = 60 days.
    #expect(
      spans(.monthly, Period(start: day(2024, 1, 1), days: 60)) == [
        "2024-01-01..2024-01-31 31/31", "2024-02-01..2024-02-29 29/29",
      ])
  }

  @Test func aRunStartingOnTheLastDayOfAMonthCoversOneDayOfIt() {
    #expect(
      spans(.monthly, Period(start: day(2026, 1, 31), days: 29)) == [
        "2026-01-01..2026-01-31 1/31", "2026-02-01..2026-02-28 28/28",
      ])
  }

  @Test func anAnchorDayStartsEachPeriodOnThatDay() {
    // January 1 to February 28: December 15 – January 14 (14 of its 31 days), a whole period,
    // then February 15 – March 14 (14 of its 28 days).
    #expect(
      spans(BillingCycle(unit: .month, anchor: 15), Period(start: day(2026, 1, 1), days: 59)) == [
        "2025-12-15..2026-01-14 14/31", "2026-01-15..2026-02-14 31/31", "2026-02-15..2026-03-14 14/28",
      ])
  }

  @Test func anAnchorPastAShortMonthsEndStartsOnItsLastDay() {
    // Anchor 31: February's period starts on the 28th, March's on the 31st (as Stripe does).
    #expect(
      spans(BillingCycle(unit: .month, anchor: 31), Period(start: day(2026, 2, 1), days: 28)) == [
        "2026-01-31..2026-02-27 27/28", "2026-02-28..2026-03-30 1/31",
      ])
  }

  @Test func weeksStartOnTheAnchorWeekday() {
    // 2026-01-07 is a Wednesday; Monday weeks.
    #expect(
      spans(BillingCycle(unit: .week), Period(start: day(2026, 1, 7), days: 7)) == [
        "2026-01-05..2026-01-11 5/7", "2026-01-12..2026-01-18 2/7",
      ])
  }

  @Test func quartersAndYearsFollowTheCalendar() {
    #expect(
      spans(BillingCycle(unit: .quarter), Period(start: day(2026, 3, 1), days: 45)) == [
        "2026-01-01..2026-03-31 31/90", "2026-04-01..2026-06-30 14/91",
      ])
    #expect(
      spans(BillingCycle(unit: .year), Period(start: day(2026, 3, 1), days: 10)) == ["2026-01-01..2026-12-31 10/365"])
  }

  @Test func aCalendarMonthIsLabelledByItsMonth() {
    let periods = BillingCycle(unit: .month, anchor: 15).periods(overlapping: Period(start: day(2026, 1, 1), days: 1))
    #expect(periods.map(\.label) == ["2025-12-15..2026-01-14"])
    #expect(BillingCycle.monthly.periods(overlapping: .january2026).map(\.label) == ["2026-01"])
  }
}
