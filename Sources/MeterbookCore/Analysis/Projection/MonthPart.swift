/// A stretch of one customer's projected month billed on one plan.
///
/// A month is billed in parts when a customer changes plan inside it (a migration dated inside
/// the month: the days before it on the current plan, the days from it on the new one) or leaves
/// inside it (their days up to the leaving day). Each part is an invoice of its own plan over
/// its days: the fee prorated by the part's days over the month's, the usage of the calls on
/// those days, and the plan's allowances and tier bounds in full (they are never prorated).
struct MonthPart: Hashable, Comparable {
  /// Whether the part is billed on the current plan (a grandfathered customer before their
  /// migration) rather than the projected one.
  var onCurrent: Bool
  /// Days of the month, as offsets from its first day.
  var days: Range<Int>

  static func < (a: MonthPart, b: MonthPart) -> Bool {
    (a.days.lowerBound, a.days.upperBound, a.onCurrent ? 0 : 1)
      < (b.days.lowerBound, b.days.upperBound, b.onCurrent ? 0 : 1)
  }

  /// The parts of a month of `days` days for a customer billed for its first `billed` days, on
  /// the projected plan from day offset `move` (0: the whole month; `days` or more: none of it,
  /// a grandfathered customer); empty when the whole month is billed on one plan.
  static func parts(days: Int, billed: Int, move: Int) -> [MonthPart] {
    let end = min(max(1, billed), days)
    guard move > 0, move < days else {
      return end == days ? [] : [MonthPart(onCurrent: move > 0, days: 0..<end)]
    }
    let before = MonthPart(onCurrent: true, days: 0..<min(move, end))
    return move < end ? [before, MonthPart(onCurrent: false, days: move..<end)] : [before]
  }
}
