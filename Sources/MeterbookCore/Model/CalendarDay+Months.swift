extension CalendarDay {
  /// The same day of the month `months` calendar months later (or earlier, when negative),
  /// clamped to the month's last day: January 31 + 1 month is February 28 or 29.
  public func adding(months: Int) -> CalendarDay {
    let (y, m, d) = components
    let total = y * 12 + (m - 1) + months
    let year = total >= 0 ? total / 12 : -((-total + 11) / 12)
    let month = total - year * 12 + 1
    return CalendarDay(year: year, month: month, day: min(d, Period.daysInMonth(year: year, month: month)))
  }
}
