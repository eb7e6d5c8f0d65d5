import Testing

@testable import MeterbookCore

struct PeriodTests {
  private func period(_ y: Int, _ m: Int, _ d: Int, days: Int) -> Period {
    Period(start: CalendarDay(year: y, month: m, day: d), days: days)
  }

  @Test func aWholeCalendarMonthIsOneMonthWhateverItsLength() {
    #expect(period(2026, 2, 1, days: 28).months == MonthCount(whole: 1))
    #expect(period(2024, 2, 1, days: 29).months == MonthCount(whole: 1))
    #expect(period(2026, 3, 1, days: 31).months == MonthCount(whole: 1))
    #expect(period(2026, 4, 1, days: 30).months == MonthCount(whole: 1))
    #expect(period(2026, 1, 1, days: 59).months == MonthCount(whole: 2))
  }

  @Test func partialMonthsCountTheirShareOfTheirOwnLength() {
    // January whole, then 14 of February's 28 days.
    #expect(period(2026, 1, 1, days: 45).months.value == 1.5)
    // 30 of January's 31 days.
    #expect(period(2026, 1, 1, days: 30).months == MonthCount(days: 30, of: 31))
    // 60 days from January 1: January, February, and March 1.
    #expect(period(2026, 1, 1, days: 60).months == MonthCount(whole: 2) + MonthCount(days: 1, of: 31))
    #expect(period(2026, 1, 15, days: 31).slices.map(\.coveredDays) == [17, 14])
  }

  @Test func perMonthFiguresAreTheSameForTheSameDailyPaceAcrossPeriodLengths() {
    // $1/day: a 28-day February is $28/month; a 31-day March $31/month; 45 days from January 1 are
    // $45 over 1.5 months = $30/month; 60 days from January 1 are $60 over 2 1/31 months.
    #expect(period(2026, 2, 1, days: 28).perMonth(Money(dollars: 28)) == Money(dollars: 28))
    #expect(period(2026, 3, 1, days: 31).perMonth(Money(dollars: 31)) == Money(dollars: 31))
    #expect(period(2026, 1, 1, days: 45).perMonth(Money(dollars: 45)) == Money(dollars: 30))
    #expect(period(2026, 1, 1, days: 60).perMonth(Money(dollars: 60)) == Money(nanos: 29_523_809_524))
    #expect(period(2026, 1, 1, days: 45).total(monthly: Money(dollars: 10)) == Money(dollars: 15))
  }

  @Test func daysInMonthFollowsTheGregorianLeapRule() {
    #expect(Period.daysInMonth(year: 2024, month: 2) == 29)
    #expect(Period.daysInMonth(year: 1900, month: 2) == 28)
    #expect(Period.daysInMonth(year: 2000, month: 2) == 29)
    #expect(Period.daysInMonth(year: 2026, month: 12) == 31)
    #expect(Period.daysInMonth(year: 2026, month: 9) == 30)
  }

  @Test func dayIndexIsNilOutsideThePeriod() {
    let p = period(2026, 3, 1, days: 31)
    #expect(p.dayIndex(epochSeconds: p.start.epochSeconds - 1) == nil)
    #expect(p.dayIndex(epochSeconds: p.start.epochSeconds + 86_399) == 0)
    #expect(p.dayIndex(epochSeconds: p.end.epochSeconds - 1) == 30)
    #expect(p.dayIndex(epochSeconds: p.end.epochSeconds) == nil)
    #expect(p.slice(containing: CalendarDay(year: 2026, month: 3, day: 31))?.label == "2026-03")
  }
}
