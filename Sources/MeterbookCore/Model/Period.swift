/// The calendar span a run or an import covers, and the only place Meterbook does month arithmetic.
///
/// A month is a calendar month, not 30 days: a period's length in months is the sum, over the
/// calendar months it touches, of the days it covers in each divided by that month's length
/// (January 1 to February 14 is 1 + 14/28 = 1.5 months). That one number prices a partial month
/// (fees are prorated by it), turns a period total into a per-month figure, and sizes monthly
/// allowances, so a 28-, 31-, 45- or 60-day period reports the same monthly pace for the same
/// daily usage shape.
public struct Period: Sendable, Hashable {
  /// First day covered (UTC).
  public let start: CalendarDay
  /// Days covered, at least one.
  public let days: Int

  public init(start: CalendarDay, days: Int) {
    self.start = start
    self.days = max(1, days)
  }

  /// The day after the last covered day.
  public var end: CalendarDay { start.adding(days: days) }

  /// The last covered day.
  public var lastDay: CalendarDay { start.adding(days: days - 1) }

  /// The part of one calendar month that a period covers.
  public struct MonthSlice: Sendable, Hashable {
    public var year: Int
    public var month: Int
    /// Days in the calendar month (28...31).
    public var daysInMonth: Int
    /// First covered day of the month.
    public var first: CalendarDay
    /// Days of the month the period covers.
    public var coveredDays: Int

    /// `YYYY-MM`.
    public var label: String { "\(year)-\(month < 10 ? "0" : "")\(month)" }

    /// Whether the period covers the whole calendar month.
    public var isWhole: Bool { coveredDays == daysInMonth }
  }

  /// The calendar months the period touches, in order.
  public var slices: [MonthSlice] {
    var result: [MonthSlice] = []
    var day = start
    while day < end {
      let (y, m, d) = day.components
      let length = Period.daysInMonth(year: y, month: m)
      let covered = min(length - d + 1, end.daysSinceEpoch - day.daysSinceEpoch)
      result.append(MonthSlice(year: y, month: m, daysInMonth: length, first: day, coveredDays: covered))
      day = day.adding(days: covered)
    }
    return result
  }

  /// The period's length in calendar months, exactly.
  public var months: MonthCount {
    slices.reduce(MonthCount.zero) { $0 + MonthCount(days: $1.coveredDays, of: $1.daysInMonth) }
  }

  /// A period total as a per-month figure: `amount / months`, rounded half away from zero.
  public func perMonth(_ amount: Money) -> Money { amount.scaled(by: months.denominator, per: months.numerator) }

  /// A period total as a per-month figure.
  public func perMonth(_ value: Double) -> Double { value / months.value }

  /// A monthly amount over the whole period: `amount × months`.
  public func total(monthly amount: Money) -> Money { months.of(amount) }

  /// Calendar day `offset` days after the start.
  public func day(_ offset: Int) -> CalendarDay { start.adding(days: offset) }

  /// The day index (0-based) of a Unix timestamp, or `nil` outside the period.
  public func dayIndex(epochSeconds: Int64) -> Int? {
    let offset = epochSeconds - start.epochSeconds
    guard offset >= 0 else { return nil }
    let index = offset / 86_400
    return index < Int64(days) ? Int(index) : nil
  }

  /// The calendar month slice that contains `day`, or `nil` outside the period.
  public func slice(containing day: CalendarDay) -> MonthSlice? {
    slices.first { day >= $0.first && day.daysSinceEpoch < $0.first.daysSinceEpoch + $0.coveredDays }
  }

  /// Days in a calendar month of the proleptic Gregorian calendar.
  public static func daysInMonth(year: Int, month: Int) -> Int {
    switch month {
    case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }
}

/// An exact number of months, as a fraction, so that prorated amounts round once.
///
/// Denominators are products of month lengths reduced by their gcd, so they stay small: any sum
/// of covered-days fractions has a denominator dividing lcm(28, 29, 30, 31) = 755,160.
public struct MonthCount: Sendable, Hashable, Comparable {
  public let numerator: Int64
  public let denominator: Int64

  /// Zero months.
  public static let zero = MonthCount(numerator: 0, denominator: 1)

  /// `count` whole months.
  public init(whole count: Int) { self.init(numerator: Int64(count), denominator: 1) }

  /// `days` days of a month of `length` days.
  public init(days: Int, of length: Int) { self.init(numerator: Int64(days), denominator: Int64(max(1, length))) }

  init(numerator: Int64, denominator: Int64) {
    let g = MonthCount.gcd(abs(numerator), abs(denominator))
    self.numerator = g > 1 ? numerator / g : numerator
    self.denominator = g > 1 ? denominator / g : denominator
  }

  /// A monthly amount over this many months, rounded once.
  public func of(_ monthly: Money) -> Money { monthly.scaled(by: numerator, per: denominator) }

  /// The count as a floating-point number.
  public var value: Double { Double(numerator) / Double(denominator) }

  /// Whether the count is a whole number of months.
  public var isWhole: Bool { denominator == 1 }

  public static func + (a: MonthCount, b: MonthCount) -> MonthCount {
    let g = gcd(a.denominator, b.denominator)
    let d = a.denominator / g * b.denominator
    return MonthCount(numerator: a.numerator * (d / a.denominator) + b.numerator * (d / b.denominator), denominator: d)
  }

  public static func < (a: MonthCount, b: MonthCount) -> Bool {
    Int128(a.numerator) * Int128(b.denominator) < Int128(b.numerator) * Int128(a.denominator)
  }

  private static func gcd(_ a: Int64, _ b: Int64) -> Int64 {
    var (x, y) = (a, b)
    while y != 0 { (x, y) = (y, x % y) }
    return max(1, x)
  }
}
