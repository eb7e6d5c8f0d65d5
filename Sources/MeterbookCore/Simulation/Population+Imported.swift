extension Population {
  /// The customers of imported calls: one per distinct `customer_id`, in the run's order,
  /// each with the tier, organization, product and region of their first call (a name the
  /// run lists but no call uses gets index 0).
  ///
  /// Tiers named like the built-in ones (starter, pro, enterprise) take their fees, others
  /// $0: the fee of a tier only matters for a workbook without plans.
  public init(imported run: Run, start: CalendarDay) {
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
    spec.archetypes = [.init(name: "all", share: 1, callsPerDay: 0...0)]
    let customers = d.customers.indices.map { c -> Customer in
      let i = first[c]
      return Customer(
        index: c, id: d.customers[c], organization: i < 0 ? 0 : Int(run.organization[i]),
        product: i < 0 ? 0 : Int(run.product[i]),
        tier: i < 0 ? 0 : Int(run.tier[i]), archetype: 0, region: i < 0 ? 0 : Int(run.region[i]), baseCallsPerDay: 0,
        signup: start, featureWeights: d.features.map { _ in 1 })
    }
    self.init(spec: spec, customers: customers, organizationIDs: d.organizations)
  }
}
