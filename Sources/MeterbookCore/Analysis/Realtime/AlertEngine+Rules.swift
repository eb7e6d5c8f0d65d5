extension AlertEngine {
  /// Running totals of one scope in one window, and when the rule's condition first held.
  private struct Cell {
    var cost = Int64(0)
    var calls = 0
    var errors = 0
    var firstHeld: Int64?
  }

  /// The unit a metric's values are in.
  static func unit(_ metric: String) -> String {
    switch metric {
    case "cost": "usd"
    case "calls", "errors": "calls"
    default: "fraction"
    }
  }

  /// The events of one rule, one per scope and window whose final value passed the threshold,
  /// each stamped at the call after which the running value first passed it.
  ///
  /// Windows are `hour`, `day` (UTC) or `period`. `cost`, `calls`, `errors` and
  /// `cost_share_of_revenue` (cost over the customer's bill for the period) only grow within a
  /// window, so the stamp is the call that pushed the total over; `error_rate` counts from the
  /// window's 20th call on.
  static func ruleEvents(_ rule: AlertRule, c: AnalysisContext, order: [Int], bills: [Money]) -> [AlertEvent] {
    let run = c.run
    let key = rule.scope == "all" ? { (_: Int) in "all" } : run.keyFunction(rule.scope)
    let start = c.period.start.epochSeconds
    let width: Int64 = rule.window == "hour" ? 3600 : rule.window == "day" ? 86_400 : Int64(c.period.days) * 86_400
    let billOf = customerBills(rule, run: run, bills: bills)
    var cells: [String: [Int64: Cell]] = [:]
    for i in order where run.timestamp[i] >= start {
      let scope = key(i)
      let w = (run.timestamp[i] - start) / width
      var cell = cells[scope, default: [:]][w, default: Cell()]
      cell.cost += run.cost[i]
      cell.calls += 1
      if run.status[i] != 0 { cell.errors += 1 }
      if cell.firstHeld == nil, let v = value(rule.metric, cell, bill: billOf(scope)), v > rule.threshold {
        cell.firstHeld = run.timestamp[i]
      }
      cells[scope, default: [:]][w] = cell
    }
    var events: [AlertEvent] = []
    for (scope, windows) in cells {
      for (_, cell) in windows {
        guard let at = cell.firstHeld, let v = value(rule.metric, cell, bill: billOf(scope)), v > rule.threshold
        else { continue }
        events.append(
          AlertEvent(
            time: iso(at), rule: rule.name, scope: rule.scope == "all" ? "all" : "\(rule.scope) \(scope)", value: v,
            threshold: rule.threshold, unit: unit(rule.metric),
            severity: v >= 2 * rule.threshold ? "critical" : "warning"))
      }
    }
    return events
  }

  /// A customer id's bill for `cost_share_of_revenue` rules scoped per customer (`nil` otherwise).
  private static func customerBills(_ rule: AlertRule, run: Run, bills: [Money]) -> (String) -> Money? {
    guard rule.metric == "cost_share_of_revenue", rule.scope == "customer" else { return { _ in nil } }
    let index = Dictionary(
      run.dimensions.customers.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    return { id in index[id].flatMap { bills.indices.contains($0) ? bills[$0] : nil } }
  }

  /// The metric's value of a cell, or `nil` when it is not defined (too few calls, no bill).
  private static func value(_ metric: String, _ cell: Cell, bill: Money?) -> Double? {
    switch metric {
    case "cost": Double(cell.cost) / 1e9
    case "calls": Double(cell.calls)
    case "errors": Double(cell.errors)
    case "error_rate": cell.calls >= 20 ? Double(cell.errors) / Double(cell.calls) : nil
    default: bill.flatMap { $0 > .zero ? Double(cell.cost) / Double($0.nanos) : nil }
    }
  }
}
