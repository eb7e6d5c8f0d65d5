extension ActionLedger {
  /// Builds the ledger of a streamed file from its digest, with the arithmetic of the calls'
  /// ledger (`LedgerUsage`): the same dollars to the nano-dollar, unless a percentile within
  /// 1/128 of the SLA tips a model choice (see `LedgerUsage+Digest`).
  ///
  /// Revenue is each customer's tier fee, as for imported calls without plans.
  public init(_ digest: UsageDigest, assumptions: ActionAssumptions = ActionAssumptions()) {
    let population = digest.population
    let bills = PricingEngine(plans: [], period: digest.period).bills(
      .tierFees(population.spec), cube: digest.cube, population: population)
    self.init(
      LedgerUsage(digest), catalog: digest.catalog, assumptions: assumptions, revenue: bills.map(\.total),
      customers: population.customers)
  }
}

extension UsageDigest {
  /// The customers of the streamed calls, as `Population(imported:start:)` makes them of the
  /// calls held in memory.
  public var population: Population {
    Population(imported: cube.dimensions, attributes: customers, start: period.start)
  }
}
