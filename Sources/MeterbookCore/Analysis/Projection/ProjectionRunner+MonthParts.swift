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
  /// the calls on those days (`MonthPart`). Only those customers' calls are read, and, when a
  /// plan counts seats, their organizations' (a part's seats are its organization's customers
  /// active on its days). Parts are billed in day order, so the exchange rates are recorded in
  /// a fixed order.
  func partBills(
    _ parts: [[MonthPart]], current: Plan, projected plan: Plan, month period: Period, cube: UsageCube,
    population: Population, ledger: inout RateLedger
  ) throws -> (revenue: [[Money]], cost: [Money]) {
    var revenue = parts.map { [Money](repeating: .zero, count: $0.count) }
    var cost = [Money](repeating: .zero, count: parts.count)
    let seats = plans.contains { $0.charges.contains { $0.metric == Charge.seats } }
    let organizations = population.customers.map(\.organization)
    for part in Set(parts.joined()).sorted() {
      let who = parts.map { $0.contains(part) }
      var read = who
      if seats {
        let orgs = Set(zip(organizations, who).filter(\.1).map(\.0))
        read = organizations.map { orgs.contains($0) }
      }
      let days = Period(start: period.start.adding(days: part.days.lowerBound), days: part.days.count)
      let cells = cube.cells(of: read, during: days)
      let billed = part.onCurrent ? current : plan
      let bills = try displayed(
        PricingEngine(plans: plans, period: days).bills(billed, cube: cells, population: population), billed,
        on: period.lastDay, customers: population.customers, ledger: &ledger)
      let spent = try ledger.displayCost(cells, period: days, customers: parts.count, money: money)
      for c in parts.indices where who[c] {
        if let i = parts[c].firstIndex(of: part), bills.indices.contains(c) { revenue[c][i] = bills[c] }
        cost[c] += spent[c]
      }
    }
    return (revenue, cost)
  }
}
