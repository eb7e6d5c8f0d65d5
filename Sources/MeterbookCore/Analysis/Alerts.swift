import Foundation

/// One alert: when, which rule or budget, for what scope, the value against the threshold.
public struct AlertEvent: Sendable, Hashable, Codable {
  public var time: String
  public var rule: String
  public var scope: String
  public var value: Double
  public var threshold: Double
  /// `info`, `warning` or `critical`.
  public var severity: String
}

/// A budget's position: spend so far, burn rate, projection, and when each threshold was crossed.
public struct BudgetStatus: Sendable, Hashable {
  public var budget: Budget
  public var actual: Money
  public var burnPerDay: Money
  public var projectedMonth: Money
  /// Threshold share → the second (epoch) the cumulative spend crossed it.
  public var crossings: [(share: Double, at: Int64)]
  public var scopeLabel: String {
    budget.scope.value.map { "\(budget.scope.dimension) \($0)" } ?? budget.scope.dimension
  }

  public static func == (a: BudgetStatus, b: BudgetStatus) -> Bool {
    a.budget == b.budget && a.actual == b.actual && a.crossings.map(\.share) == b.crossings.map(\.share)
      && a.crossings.map(\.at) == b.crossings.map(\.at)
  }
  public func hash(into h: inout Hasher) {
    h.combine(budget)
    h.combine(actual)
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

  public static func budgets(_ c: AnalysisContext) -> [BudgetStatus] {
    let run = c.run
    return c.budgets.map { b in
      let inScope = matcher(b.scope, run: run, centers: c.costCenters)
      var total = Int64(0)
      var crossings: [(Double, Int64)] = []
      var pending = b.thresholds
      for i in 0..<run.count where inScope(i) {
        total += run.cost[i]
        while let t = pending.first, Double(total) >= t * Double(b.amount.nanos) {
          crossings.append((t, run.timestamp[i]))
          pending.removeFirst()
        }
      }
      let actual = Money(nanos: total)
      let burn = actual.scaled(by: 1, per: Int64(max(1, c.scenario.days)))
      return BudgetStatus(budget: b, actual: actual, burnPerDay: burn, projectedMonth: burn * 30, crossings: crossings)
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
    var events: [AlertEvent] = []
    for status in budgets(c) {
      for (share, at) in status.crossings {
        events.append(
          AlertEvent(
            time: iso(at), rule: "budget \(status.budget.name) \(Format.percent(share, places: 0))",
            scope: status.scopeLabel,
            value: share * status.budget.amount.dollars, threshold: share * status.budget.amount.dollars,
            severity: severity(share)))
      }
      if status.projectedMonth > status.budget.amount && !status.crossings.contains(where: { $0.share >= 1 }) {
        events.append(
          AlertEvent(
            time: iso(c.scenario.start.adding(days: c.scenario.days).epochSeconds - 1),
            rule: "budget \(status.budget.name) forecast overrun",
            scope: status.scopeLabel, value: status.projectedMonth.dollars, threshold: status.budget.amount.dollars,
            severity: "warning"))
      }
    }
    let run = c.run
    let start = c.scenario.start.epochSeconds
    let bills = c.alerts.contains { $0.metric == "cost_share_of_revenue" } ? c.revenueByCustomer : []
    for rule in c.alerts {
      let key = rule.scope == "all" ? { (_: Int) in "all" } : run.keyFunction(rule.scope)
      let width: Int64 = rule.window == "hour" ? 3600 : rule.window == "day" ? 86_400 : Int64(c.scenario.days) * 86_400
      struct Cell {
        var cost = Int64(0)
        var calls = 0
        var errors = 0
      }
      var cells: [String: [Int64: Cell]] = [:]
      for i in 0..<run.count {
        let w = (run.timestamp[i] - start) / width
        var cell = cells[key(i), default: [:]][w, default: Cell()]
        cell.cost += run.cost[i]
        cell.calls += 1
        if run.status[i] != 0 { cell.errors += 1 }
        cells[key(i), default: [:]][w] = cell
      }
      var ruleEvents: [AlertEvent] = []
      for (scope, windows) in cells {
        for (w, cell) in windows {
          let value: Double
          switch rule.metric {
          case "cost": value = Double(cell.cost) / 1e9
          case "calls": value = Double(cell.calls)
          case "errors": value = Double(cell.errors)
          case "error_rate": value = cell.calls >= 20 ? Double(cell.errors) / Double(cell.calls) : 0
          default:
            guard rule.scope == "customer", let idx = run.dimensions.customers.firstIndex(of: scope),
              bills.indices.contains(idx), bills[idx] > .zero
            else { continue }
            value = Double(cell.cost) / Double(bills[idx].nanos)
          }
          if value > rule.threshold {
            ruleEvents.append(
              AlertEvent(
                time: iso(start + w * width), rule: rule.name,
                scope: rule.scope == "all" ? "all" : "\(rule.scope) \(scope)",
                value: value, threshold: rule.threshold, severity: value >= 2 * rule.threshold ? "critical" : "warning")
            )
          }
        }
      }
      ruleEvents.sort {
        ($0.value / max($0.threshold, 1e-12), $1.time) > ($1.value / max($1.threshold, 1e-12), $0.time)
      }
      events += ruleEvents.prefix(limitPerRule)
    }
    return events.sorted { ($0.time, $0.rule, $0.scope) < ($1.time, $1.rule, $1.scope) }
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
