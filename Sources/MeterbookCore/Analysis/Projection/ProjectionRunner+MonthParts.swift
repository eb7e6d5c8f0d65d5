extension ProjectionRunner {
  /// The day of month `days` days long on which a customer who decided to leave leaves: their
  /// last billed day, 1...`days`, uniform.
  ///
  /// Drawn right after the churn draw, from the same stream (projection, k, 2, customer), so it
  /// is shared by every plan and replays byte for byte: `1 + ⌊u · days⌋`.
  static func leavingDay(_ rng: inout SplitMix64, days: Int) -> Int {
    let days = max(1, days)
    return min(days, 1 + Int(rng.unit() * Double(days)))
  }

  /// What the customers billed in parts this month pay for each of their parts (in the order of
  /// `parts[c]`, in the display currency) and what their calls on the billed days cost.
  ///
  /// Each distinct part is billed once, for the customers who have it, by an engine whose run is
  /// the part's days: the fee is prorated by the part's days over the period's and the usage is
  /// the calls on those days, by day (`MonthPart`). Only those customers are billed, renumbered,
  /// with their calls and, when a plan counts seats, their organizations' other customers (a
  /// part's seats are its organization's customers active on its days), so the cost follows the
  /// customers billed in parts, not the month's. Parts are billed in day order, so the exchange
  /// rates are recorded in a fixed order. Each part continues the customer's carry under its plan
  /// (`carries`: before this month, under the current and the projected plan); the returned
  /// `carries` are the projected plan's after the month, for the customers with a part on it.
  func partBills(
    _ parts: [[MonthPart]], current: Plan, projected plan: Plan, month period: Period, run: Run,
    population: Population, threads: Int, carries: (current: [BillingCarry], projected: [BillingCarry]),
    ledger: inout RateLedger
  ) throws -> (revenue: [[Money]], cost: [Money], carries: [Int: BillingCarry]) {
    var after: [Int: BillingCarry] = [:]
    var revenue = parts.map { [Money](repeating: .zero, count: $0.count) }
    var cost = [Money](repeating: .zero, count: parts.count)
    let seats = plans.contains { $0.charges.contains { $0.metric == Charge.seats } }
    /// The customers read for the customers in `billed`, in index order: those and, for seats,
    /// their organizations'.
    func reading(_ billed: Set<Int>) -> [Customer] {
      let organizations = Set(population.customers.filter { billed.contains($0.index) }.map(\.organization))
      return population.customers.filter {
        billed.contains($0.index) || seats && organizations.contains($0.organization)
      }
    }
    let all = reading(Set(parts.indices.filter { !parts[$0].isEmpty }))
    // The day cube of their calls, customer i of it being all[i]; `at` maps a customer index to i.
    let cube = UsageCube(run.calls(of: all.map(\.index)), grain: .day, threads: threads)
    let byCustomer = cube.cellsByCustomer(count: all.count)
    let at = Dictionary(all.enumerated().map { ($1.index, $0) }, uniquingKeysWith: { a, _ in a })
    for part in Set(parts.joined()).sorted() {
      let billed = Set(parts.indices.filter { parts[$0].contains(part) })
      let read = reading(billed)
      var members = population
      members.customers = read.enumerated().map { i, c in
        var c = c
        c.index = i
        return c
      }
      let days = Period(start: period.start.adding(days: part.days.lowerBound), days: part.days.count)
      let cells = cube.cells(byCustomer, of: read.compactMap { at[$0.index] }, during: days)
      let on = part.onCurrent ? current : plan
      let before = part.onCurrent ? carries.current : carries.projected
      var carried = read.map { c in
        after[c.index].flatMap { part.onCurrent ? nil : $0 }
          ?? (before.indices.contains(c.index) ? before[c.index] : BillingCarry())
      }
      let bills = try displayed(
        PricingEngine(plans: plans, period: days).bills(on, cube: cells, population: members, carries: &carried), on,
        on: period.lastDay, customers: members.customers, ledger: &ledger)
      if !part.onCurrent {
        for (i, c) in read.enumerated() where billed.contains(c.index) && carried.indices.contains(i) {
          after[c.index] = carried[i]
        }
      }
      let spent = try ledger.displayCost(cells, period: days, customers: read.count, money: money)
      for (i, c) in read.enumerated() where billed.contains(c.index) {
        if let k = parts[c.index].firstIndex(of: part), bills.indices.contains(i) { revenue[c.index][k] = bills[i] }
        cost[c.index] += spent[i]
      }
    }
    return (revenue, cost, after)
  }
}
