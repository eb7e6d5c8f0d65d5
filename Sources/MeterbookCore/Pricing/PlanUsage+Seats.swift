extension PlanUsage {
  /// Sets each seat charge's second counter to the active seats of the customer's
  /// organization in the period.
  ///
  /// A seat is a customer (the finest identity in the call data, `customer_id`) of an
  /// organization (`organization_id`); it is active in a period when it made at least one
  /// billable call on any day of it, and then counts once however many days it was active.
  /// Seat tiers are picked by the organization's active seats, so every seat of an
  /// organization pays the same rate. `organizations[c]` is customer c's organization; a
  /// customer without one is an organization of their own.
  mutating func countSeats(_ charges: [Charge], organizations: [Int]) {
    let count = max(1, periods.count)
    for (k, charge) in charges.enumerated() where charge.metric == Charge.seats && firstCounter.indices.contains(k) {
      let (own, org) = (firstCounter[k], firstCounter[k] + 1)
      guard units.indices.contains(org) else { continue }
      let customers = units[own].count / count
      func organization(_ c: Int) -> Int { organizations.indices.contains(c) ? organizations[c] : -1 - c }
      for p in 0..<count {
        var seats: [Int: Int64] = [:]
        for c in 0..<customers where units[own][c * count + p] > 0 { seats[organization(c), default: 0] += 1 }
        for c in 0..<customers { units[org][c * count + p] = seats[organization(c)] ?? 0 }
      }
    }
  }
}
