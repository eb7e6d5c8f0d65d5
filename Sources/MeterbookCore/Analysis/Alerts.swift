import Foundation

/// One alert: when its condition first held, which rule or budget, for what scope, the value against the threshold.
public struct AlertEvent: Sendable, Hashable, Codable {
  /// The moment the condition first held (ISO 8601, UTC): the call that brought a running total
  /// past the threshold, or the end of the day a budget's projection first passed its amount.
  public var time: String
  public var rule: String
  public var scope: String
  /// The window's final value (for a budget crossing: the threshold amount; for a forecast: the projection).
  public var value: Double
  public var threshold: Double
  /// The unit of `value` and `threshold`: `usd`, `calls`, or `fraction` (0.3 is 30%).
  public var unit: String
  /// `info`, `warning` or `critical`.
  public var severity: String

  /// `$1,234.56`, `1,234` (calls) or `31.2%` (a fraction), as `unit` says.
  public static func format(_ x: Double, unit: String) -> String {
    switch unit {
    case "usd": Format.money(dollars: x)
    case "fraction": Format.percent(x)
    case "calls": Format.fixed(x, places: 0)
    default: Format.fixed(x, places: 2)
    }
  }
}

/// Evaluates budgets and alert rules on a run; the events go to the REPL and to JSON lines.
public enum AlertEngine {
  /// Whether call `i` is in a budget's scope (teams resolve through the cost centers).
  static func matcher(_ scope: Budget.Scope, run: Run, centers: [CostCenter]) -> (Int) -> Bool {
    guard let value = scope.value, scope.dimension != "all" else { return { _ in true } }
    if scope.dimension == "team" {
      let allocate = Allocation.assigner(run: run, centers: centers)
      return { i in allocate(i).map { centers[$0].team == value } ?? false }
    }
    let key = run.keyFunction(scope.dimension)
    return { key($0) == value }
  }

  /// The run's call indices in time order (stable for equal times).
  static func timeOrder(_ run: Run) -> [Int] {
    let sorted = zip(run.timestamp, run.timestamp.dropFirst()).allSatisfy { $0 <= $1 }
    return sorted
      ? Array(0..<run.count) : run.timestamp.indices.sorted { (run.timestamp[$0], $0) < (run.timestamp[$1], $1) }
  }

  /// Each budget's spend, projection and crossings per calendar month of the period.
  public static func budgets(_ c: AnalysisContext) -> [BudgetStatus] {
    let run = c.run
    let period = c.period
    let order = c.budgets.isEmpty ? [] : timeOrder(run)
    return c.budgets.map { b in
      let inScope = matcher(b.scope, run: run, centers: c.costCenters)
      var daily = [Int64](repeating: 0, count: period.days)
      var calls: [(at: Int64, cost: Int64)] = []
      for i in order where inScope(i) {
        guard let day = period.dayIndex(epochSeconds: run.timestamp[i]) else { continue }
        daily[day] += run.cost[i]
        calls.append((run.timestamp[i], run.cost[i]))
      }
      var months: [BudgetMonth] = []
      var offset = 0
      for slice in period.slices {
        let from = slice.first.epochSeconds
        let to = slice.first.adding(days: slice.coveredDays).epochSeconds
        let inMonth = calls.filter { $0.at >= from && $0.at < to }
        months.append(
          BudgetMonth.judge(slice, daily: daily[offset..<(offset + slice.coveredDays)], calls: inMonth, budget: b))
        offset += slice.coveredDays
      }
      return BudgetStatus(budget: b, actual: Money(nanos: daily.reduce(0, +)), months: months)
    }
  }

  static func severity(_ share: Double) -> String { share >= 1 ? "critical" : share >= 0.8 ? "warning" : "info" }

  static func iso(_ t: Int64) -> String {
    let day = CalendarDay(daysSinceEpoch: Int(t / 86_400))
    let s = Int(t % 86_400)
    func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
    return "\(day)T\(two(s / 3600)):\(two(s / 60 % 60)):\(two(s % 60))Z"
  }

  /// All alert events of the run, in time order.
  public static func evaluate(_ c: AnalysisContext, limitPerRule: Int = 100) -> [AlertEvent] {
    evaluation(c, limitPerRule: limitPerRule).events
  }

  /// The events of the run (at most `limitPerRule` per rule, the largest against their threshold)
  /// in time order, and a summary per budget and rule over all its events.
  public static func evaluation(_ c: AnalysisContext, limitPerRule: Int = 100) -> AlertEvaluation {
    var events: [AlertEvent] = []
    var summaries: [AlertSummary] = []
    for status in budgets(c) {
      let found = budgetEvents(status)
      summaries.append(AlertSummary(name: "budget \(status.budget.name)", events: found, listed: found.count))
      events += found
    }
    let order = c.alerts.isEmpty ? [] : timeOrder(c.run)
    let bills = c.alerts.contains { $0.metric == "cost_share_of_revenue" } ? c.revenueByCustomer : []
    for rule in c.alerts {
      let found = ruleEvents(rule, c: c, order: order, bills: bills).sorted {
        let a = ($0.value / max($0.threshold, 1e-12), $1.time, $1.scope)
        return a > ($1.value / max($1.threshold, 1e-12), $0.time, $0.scope)
      }
      summaries.append(AlertSummary(name: rule.name, events: found, listed: min(found.count, limitPerRule)))
      events += found.prefix(limitPerRule)
    }
    return AlertEvaluation(
      events: events.sorted { ($0.time, $0.rule, $0.scope) < ($1.time, $1.rule, $1.scope) }, summaries: summaries)
  }

  /// A budget's crossings (valued at the threshold amount) and forecast overruns, per month.
  static func budgetEvents(_ status: BudgetStatus) -> [AlertEvent] {
    let b = status.budget
    var events: [AlertEvent] = []
    for month in status.months {
      for crossing in month.crossings {
        let amount = crossing.share * b.amount.dollars
        events.append(
          AlertEvent(
            time: iso(crossing.at), rule: "budget \(b.name) \(Format.percent(crossing.share, places: 0))",
            scope: status.scopeLabel, value: amount, threshold: amount, unit: "usd", severity: severity(crossing.share))
        )
      }
      if let at = month.overrunForecastAt, let projection = month.overrunForecast {
        events.append(
          AlertEvent(
            time: iso(at), rule: "budget \(b.name) forecast overrun", scope: status.scopeLabel,
            value: projection.dollars, threshold: b.amount.dollars, unit: "usd", severity: "warning"))
      }
    }
    return events
  }

  /// Events as JSON lines (one object per line, sorted keys), for other tools.
  public static func jsonLines(_ events: [AlertEvent]) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return events.compactMap { (try? encoder.encode($0)).map { String(decoding: $0, as: UTF8.self) } }.joined(
      separator: "\n") + (events.isEmpty ? "" : "\n")
  }
}

/// Assigns calls to cost centers: the first project (in workbook order) whose selector matches.
public enum Allocation {
  public static func assigner(run: Run, centers: [CostCenter]) -> (Int) -> Int? {
    let tests = centers.map { c in c.selector.map { (run.keyFunction($0.key), $0.value) } }
    return { i in tests.firstIndex { $0.allSatisfy { $0.0(i) == $0.1 } } }
  }
}
