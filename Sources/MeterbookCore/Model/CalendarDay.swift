/// A UTC calendar day, held as days since 1970-01-01.
///
/// Simulation works in whole days and seconds, so Meterbook does its own proleptic
/// Gregorian arithmetic (Howard Hinnant's `days_from_civil`) instead of going through
/// `Calendar`, which is slow in hot loops and locale-dependent.
public struct CalendarDay: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
  public var daysSinceEpoch: Int

  public init(daysSinceEpoch: Int) { self.daysSinceEpoch = daysSinceEpoch }

  public init(year: Int, month: Int, day: Int) {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    daysSinceEpoch = era * 146_097 + doe - 719_468
  }

  /// Parses `YYYY-MM-DD`; `nil` for anything else or an impossible date.
  public init?(iso text: String) {
    let parts = text.split(separator: "-")
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), (1...12).contains(m), d >= 1
    else { return nil }
    let candidate = CalendarDay(year: y, month: m, day: d)
    guard candidate.components.day == d, candidate.components.month == m else { return nil }
    self = candidate
  }

  public var components: (year: Int, month: Int, day: Int) {
    let z = daysSinceEpoch + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
  }

  /// 0 = Monday ...
  ///
  /// 6 = Sunday (ISO order).
  public var weekday: Int { ((daysSinceEpoch % 7) + 7 + 3) % 7 }
  public var isWeekend: Bool { weekday >= 5 }

  public func adding(days: Int) -> CalendarDay { CalendarDay(daysSinceEpoch: daysSinceEpoch + days) }

  /// Seconds since the Unix epoch at 00:00:00 UTC of this day.
  public var epochSeconds: Int64 { Int64(daysSinceEpoch) * 86_400 }

  /// The UTC day holding Unix time `second` (days before 1970 round down, not toward zero).
  public init(epochSecond second: Int64) {
    let (q, r) = second.quotientAndRemainder(dividingBy: 86_400)
    self.init(daysSinceEpoch: Int(q) - (r < 0 ? 1 : 0))
  }

  public var description: String {
    let c = components
    return "\(c.year)-\(c.month < 10 ? "0" : "")\(c.month)-\(c.day < 10 ? "0" : "")\(c.day)"
  }

  public static func < (a: CalendarDay, b: CalendarDay) -> Bool { a.daysSinceEpoch < b.daysSinceEpoch }
}
