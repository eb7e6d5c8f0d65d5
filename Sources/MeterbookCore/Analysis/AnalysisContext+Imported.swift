extension AnalysisContext {
  /// A context for imported usage: one customer per distinct `customer_id` (with the tier,
  /// organization and product of their first call), tiers priced by the built-in fees when
  /// their names match (else $0), and a period from the first to the last call's day.
  public init(imported run: Run, catalog: ModelCatalog, plans: [Plan] = [], budgets: [Budget] = []) {
    let d = run.dimensions
    var first = [Int](repeating: -1, count: d.customers.count)
    for i in 0..<run.count where first[Int(run.customer[i])] < 0 { first[Int(run.customer[i])] = i }
    let fees = Dictionary(PopulationSpec.defaultTiers.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    var spec = PopulationSpec(customers: d.customers.count)
    spec.tiers = d.tiers.map { fees[$0] ?? .init(name: $0, fee: .zero, share: 0) }
    spec.products = d.products
    spec.features = d.features.map { .init(name: $0, popularity: 1, tasks: [.chat: 1]) }
    spec.regions = d.regions.map { .init(name: $0, utcOffset: 0, share: 0) }
    spec.organizations = max(1, d.organizations.count)
    let lo = run.timestamp.min() ?? 0
    let hi = run.timestamp.max() ?? 0
    let start = CalendarDay(daysSinceEpoch: Int(lo / 86_400))
    let days = max(1, Int(hi / 86_400) - start.daysSinceEpoch + 1)
    let customers = d.customers.indices.map { c -> Customer in
      let i = first[c]
      return Customer(
        index: c, id: d.customers[c], organization: i < 0 ? 0 : Int(run.organization[i]),
        product: i < 0 ? 0 : Int(run.product[i]),
        tier: i < 0 ? 0 : Int(run.tier[i]), archetype: 0, region: i < 0 ? 0 : Int(run.region[i]), baseCallsPerDay: 0,
        signup: start, featureWeights: d.features.map { _ in 1 })
    }
    spec.archetypes = [.init(name: "all", share: 1, callsPerDay: 0...0)]
    let population = Population(spec: spec, customers: customers, organizationIDs: d.organizations)
    let scenario = Scenario(name: "imported", seed: 0, start: start, days: days, catalog: catalog, population: spec)
    self.init(run: run, population: population, scenario: scenario, plans: plans, budgets: budgets)
    asOfDay = days
  }
}
