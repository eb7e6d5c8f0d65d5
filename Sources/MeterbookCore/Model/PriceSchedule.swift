/// A model's prices over time: one entry per price change, each in force from its day (UTC)
/// until the next entry's day.
///
/// Prices change, and history must be costed at the price then in force: a call on the day
/// before a change costs the old price, a call on the day of it the new one. An entry without
/// a day (the catalog's plain `price:` form) is in force from the beginning of time; a call
/// before the first dated entry is costed at the first entry, the earliest price known.
public struct PriceSchedule: Sendable, Hashable, Codable {
  /// One price and the day it took effect.
  public struct Entry: Sendable, Hashable, Codable {
    /// The first day (UTC) the price is in force; `nil` for "since the beginning".
    public var from: CalendarDay?
    public var price: ModelPrice
    /// Where the price was read (a price page, a price map and its date); free text.
    public var source: String?

    public init(from: CalendarDay? = nil, price: ModelPrice, source: String? = nil) {
      self.from = from
      self.price = price
      self.source = source
    }
  }

  /// Why a list of entries is not a schedule.
  public enum Problem: Error, Equatable, Sendable {
    case empty
    /// The entry at this index has no day though an entry comes before it.
    case undated(index: Int)
    /// The entry at this index is not strictly later than the one before it (a duplicate day
    /// when the two days are equal).
    case notIncreasing(index: Int, day: CalendarDay, previous: CalendarDay)
  }

  /// The entries, oldest first: never empty, days strictly increasing, only the first undated.
  public private(set) var entries: [Entry]

  /// One price in force since the beginning.
  public init(_ price: ModelPrice, source: String? = nil) { entries = [Entry(price: price, source: source)] }

  /// `entries` as a schedule, or the first problem with them.
  public init(checking entries: [Entry]) throws(Problem) {
    if let problem = Self.problem(in: entries) { throw problem }
    self.entries = entries
  }

  /// The first problem with `entries` as a schedule, or `nil`.
  public static func problem(in entries: [Entry]) -> Problem? {
    guard !entries.isEmpty else { return .empty }
    for i in entries.indices.dropFirst() {
      guard let day = entries[i].from else { return .undated(index: i) }
      if let previous = entries[i - 1].from, day <= previous {
        return .notIncreasing(index: i, day: day, previous: previous)
      }
    }
    return nil
  }

  /// Adds a newer entry; it must start after the newest one.
  public mutating func append(_ entry: Entry) throws(Problem) {
    try self = PriceSchedule(checking: entries + [entry])
  }

  /// The newest price (what a what-if "at today's price" uses); setting it replaces that
  /// entry's price and keeps its day.
  public var newest: ModelPrice {
    get { entries[entries.count - 1].price }
    set { entries[entries.count - 1].price = newValue }
  }

  /// The newest entry.
  public var newestEntry: Entry { entries[entries.count - 1] }

  /// The index of the entry in force on `day`: the last one starting on or before it, else the
  /// first (the earliest price known stands for the time before it).
  public func index(on day: CalendarDay) -> Int {
    var i = entries.count - 1
    while i > 0, let from = entries[i].from, day < from { i -= 1 }
    return i
  }

  /// The price in force on `day`.
  public func price(on day: CalendarDay) -> ModelPrice { entries[index(on: day)].price }

  /// The price in force at `second` (Unix time, UTC); a single price needs no date arithmetic.
  @inline(__always)
  public func price(atSecond second: Int64) -> ModelPrice {
    entries.count == 1 ? entries[0].price : price(on: CalendarDay(epochSecond: second))
  }
}
