/// The moment a budget's spend in a calendar month first reached a share of the budget.
public struct BudgetCrossing: Sendable, Hashable {
  /// The threshold share (0.5, 0.8, 1.0).
  public var share: Double
  /// The second (epoch) of the call that brought the month's spend to the share.
  public var at: Int64
}

/// A budget's position in one calendar month: spend, projection to the month's end, crossings.
///
/// Budgets are monthly amounts, so each calendar month the period touches is judged on its own:
/// the month's spend starts from zero, thresholds are shares of the full monthly amount, and the
/// projection runs to the month's real end, `spend + spend / observedDays × daysLeft` (for a month
/// observed from its first day, `spend / observedDays × daysInMonth`: March is 31 days).
public struct BudgetMonth: Sendable, Hashable {
  /// `YYYY-MM`.
  public var month: String
  public var daysInMonth: Int
  /// Days of the month the data covers.
  public var observedDays: Int
  /// Spend in the observed days.
  public var actual: Money
  /// Spend projected at the month's end.
  public var projected: Money
  /// Thresholds reached this month, in time order.
  public var crossings: [BudgetCrossing]
  /// The end of the first day (at least a week into the observed month, or its last observed day)
  /// at which the projection passed the budget, when that happened before the month's spend reached
  /// it; `nil` otherwise.
  public var overrunForecastAt: Int64?
  /// The projection at that moment.
  public var overrunForecast: Money?

  /// Mean spend per observed day.
  public var burnPerDay: Money { actual.scaled(by: 1, per: max(1, observedDays)) }
}

/// A budget's position: spend over the period, and per calendar month its spend, projection and crossings.
public struct BudgetStatus: Sendable, Hashable {
  public var budget: Budget
  /// Spend over the whole period.
  public var actual: Money
  /// Each calendar month of the period, in order.
  public var months: [BudgetMonth]

  /// Mean spend per observed day of the last (current) month.
  public var burnPerDay: Money { months.last?.burnPerDay ?? .zero }
  /// The last (current) month's spend projected at its end.
  public var projectedMonth: Money { months.last?.projected ?? .zero }
  /// Every month's threshold crossings, in time order.
  public var crossings: [BudgetCrossing] { months.flatMap(\.crossings) }

  public var scopeLabel: String {
    budget.scope.value.map { "\(budget.scope.dimension) \($0)" } ?? budget.scope.dimension
  }
}

extension BudgetMonth {
  /// The month `slice` of a budget, from the scope's spend per day of the period (nano-dollars)
  /// and the scope's calls in time order as (second, cost) pairs falling in the month.
  static func judge(
    _ slice: Period.MonthSlice, daily: ArraySlice<Int64>, calls: [(at: Int64, cost: Int64)], budget: Budget
  ) -> BudgetMonth {
    let amount = budget.amount.nanos
    var total = Int128(0)
    var crossings: [BudgetCrossing] = []
    var pending = budget.thresholds.sorted()
    for call in calls {
      total += Int128(call.cost)
      while let t = pending.first, Double(total) >= t * Double(amount) {
        crossings.append(BudgetCrossing(share: t, at: call.at))
        pending.removeFirst()
      }
    }
    let observed = daily.count
    let firstDayOfMonth = slice.first.components.day
    let project = { (spend: Int128, days: Int) -> Money in
      let left = slice.daysInMonth - (firstDayOfMonth - 1) - days
      return Money(nanos: spend) + Money(nanos: spend).scaled(by: max(0, left), per: max(1, days))
    }
    let actual = Int128(daily.reduce(0, +))
    var month = BudgetMonth(
      month: slice.label, daysInMonth: slice.daysInMonth, observedDays: observed, actual: Money(nanos: actual),
      projected: project(actual, observed), crossings: crossings)
    let reached = crossings.first { $0.share >= 1 }?.at ?? Int64.max
    var soFar = Int128(0)
    for (k, spend) in daily.enumerated() {
      soFar += Int128(spend)
      let days = k + 1
      guard days >= min(7, observed) else { continue }
      let projection = project(soFar, days)
      let endOfDay = slice.first.adding(days: days).epochSeconds - 1
      guard projection > budget.amount, endOfDay < reached else { continue }
      (month.overrunForecastAt, month.overrunForecast) = (endOfDay, projection)
      break
    }
    return month
  }
}
