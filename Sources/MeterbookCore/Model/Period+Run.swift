extension Period {
  /// The UTC days from a run's first call to its last, inclusive (one day for an empty run):
  /// the period of imported calls, which bring their own calendar.
  public init(spanning run: Run) {
    let lo = run.timestamp.min() ?? 0
    let hi = run.timestamp.max() ?? 0
    let start = CalendarDay(daysSinceEpoch: Int(lo / 86_400))
    self.init(start: start, days: max(1, Int(hi / 86_400) - start.daysSinceEpoch + 1))
  }
}
