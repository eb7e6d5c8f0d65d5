/// Each customer's spend and calls up to "now", gathered in one scan of hourly usage (calls or
/// a digest's cells): cost so far, the daily costs of the last `window` days, and the calls of
/// the current calendar month.
struct CustomerActivity {
  /// Days of daily cost kept per customer (two weeks: this week and the one before).
  static let window = 14

  /// Days of data before "now" (the cutoff is the start of day `now`).
  let now: Int
  /// Cost so far per customer (nano-dollars).
  var costSoFar: [Int64]
  /// Daily cost of the last `min(window, now)` days per customer, oldest first (nano-dollars).
  var recent: [[Int64]]
  /// The calendar month "now" is in (the month of the last day with data).
  let month: Period.MonthSlice?
  /// Day index of the first covered day of `month` (`now` when there is no month).
  let monthStart: Int
  /// Calls per customer in `month` up to now.
  var callsThisMonth: [Int]
  /// Calls per customer in the last `min(7, now)` days (across a month boundary).
  var callsLastWeek: [Int]

  /// The activity of `customers` customers in the first `now` days of `period`.
  init(_ usage: some HourlyUsage, customers: Int, period: Period, now: Int) {
    let now = max(0, min(now, period.days))
    self.now = now
    let kept = min(Self.window, now)
    costSoFar = [Int64](repeating: 0, count: customers)
    recent = [[Int64]](repeating: [Int64](repeating: 0, count: kept), count: customers)
    month = now > 0 ? period.slice(containing: period.day(now - 1)) : nil
    callsThisMonth = [Int](repeating: 0, count: customers)
    callsLastWeek = callsThisMonth
    let firstOfMonth = month.map { $0.first.daysSinceEpoch - period.start.daysSinceEpoch } ?? now
    monthStart = firstOfMonth
    for r in 0..<usage.records {
      let (seconds, overflow) = usage.hour(r).multipliedReportingOverflow(by: 3600)
      guard !overflow, let day = period.dayIndex(epochSeconds: seconds), day < now else { continue }
      let c = Int(usage.customer(r))
      guard c < customers else { continue }
      let (cost, calls) = (usage.cost(r), Int(usage.calls(r)))
      costSoFar[c] += cost
      if day >= now - kept { recent[c][day - (now - kept)] += cost }
      if day >= firstOfMonth { callsThisMonth[c] += calls }
      if day >= now - 7 { callsLastWeek[c] += calls }
    }
  }
}
