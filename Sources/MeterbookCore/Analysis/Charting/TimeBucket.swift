/// How a chart groups days on its time axis: the finest grain whose buckets fit the chart.
///
/// `chart cost by day` over ten years would draw 3,650 bars; the builder draws 40 quarters
/// instead and says so in the title. Labels sort in time order as text: `2026-01-05` (a day,
/// or the Monday a week starts on), `2026-01`, `2026-Q1`, `2026`.
public enum TimeBucket: String, CaseIterable, Sendable {
  case day, week, month, quarter, year

  /// The label of the bucket holding `day`.
  public func label(_ day: CalendarDay) -> String {
    let (y, m, _) = day.components
    let year = String(y)
    let month = m < 10 ? "0\(m)" : "\(m)"
    switch self {
    case .day: return day.description
    case .week: return day.adding(days: -day.weekday).description
    case .month: return "\(year)-\(month)"
    case .quarter: return "\(year)-Q\((m - 1) / 3 + 1)"
    case .year: return year
    }
  }

  /// The number of buckets days `first`…`first + days − 1` fall in.
  public func count(from first: CalendarDay, days: Int) -> Int {
    guard days > 0 else { return 0 }
    var n = 1
    var previous = label(first)
    for d in 1..<max(1, days) {
      let l = label(first.adding(days: d))
      if l != previous { n += 1 }
      previous = l
    }
    return n
  }

  /// The finest bucket, no finer than `finest`, whose count over the days fits `capacity`
  /// (a year per bucket when nothing does).
  public static func fitting(from first: CalendarDay, days: Int, capacity: Int, finest: TimeBucket = .day)
    -> TimeBucket
  {
    let candidates = allCases.drop { $0 != finest }
    return candidates.first { $0.count(from: first, days: days) <= capacity } ?? .year
  }

  /// The most points a chart kind draws on its time axis at 80 columns: a bar per row (a
  /// screen), two braille dots per column of a line's canvas, a character per sparkline point.
  static func capacity(forType type: String) -> Int {
    switch type {
    case "line": 120
    case "sparkline": 40
    default: 62
    }
  }
}

extension Run {
  /// Dense ids of the `bucket` each call falls in, labels in time order.
  func timeIndex(_ bucket: TimeBucket) -> (ids: (Int) -> Int, labels: [String]) {
    guard let first = timestamp.min(), let last = timestamp.max() else { return ({ _ in 0 }, []) }
    let firstDay = CalendarDay(epochSecond: first)
    let days = CalendarDay(epochSecond: last).daysSinceEpoch - firstDay.daysSinceEpoch + 1
    var labels: [String] = []
    var ofDay = [Int](repeating: 0, count: days)
    for d in 0..<days {
      let l = bucket.label(firstDay.adding(days: d))
      if labels.last != l { labels.append(l) }
      ofDay[d] = labels.count - 1
    }
    return ({ ofDay[CalendarDay(epochSecond: self.timestamp[$0]).daysSinceEpoch - firstDay.daysSinceEpoch] }, labels)
  }
}
