extension Population {
  /// The customers of imported calls: one per distinct `customer_id`, in the run's order,
  /// each with the tier, organization, product and region of their first call (a name the
  /// run lists but no call uses gets index 0).
  ///
  /// Tiers named like the built-in ones (starter, pro, enterprise) take their fees, others
  /// $0: the fee of a tier only matters for a workbook without plans.
  public init(imported run: Run, start: CalendarDay) {
    var first = [CustomerAttributes?](repeating: nil, count: run.dimensions.customers.count)
    for i in 0..<run.count where first[Int(run.customer[i])] == nil {
      first[Int(run.customer[i])] = CustomerAttributes(
        organization: run.organization[i], product: run.product[i], tier: run.tier[i], region: run.region[i])
    }
    self.init(imported: run.dimensions, attributes: first.map { $0 ?? CustomerAttributes() }, start: start)
  }

  /// The customers of imported calls from each one's first-call attributes (`attributes`,
  /// indexed like `dimensions.customers`), as a streamed import keeps them.
  public init(imported d: Run.Dimensions, attributes: [CustomerAttributes], start: CalendarDay) {
    let fees = Dictionary(PopulationSpec.defaultTiers.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    var spec = PopulationSpec(customers: d.customers.count)
    spec.tiers = d.tiers.map { fees[$0] ?? .init(name: $0, fee: .zero, share: 0) }
    spec.products = d.products
    spec.features = d.features.map { .init(name: $0, popularity: 1, tasks: [.chat: 1]) }
    spec.regions = d.regions.map { .init(name: $0, utcOffset: 0, share: 0) }
    spec.organizations = max(1, d.organizations.count)
    spec.archetypes = [.init(name: "all", share: 1, callsPerDay: 0...0)]
    let customers = d.customers.indices.map { c -> Customer in
      let a = attributes.indices.contains(c) ? attributes[c] : CustomerAttributes()
      return Customer(
        index: c, id: d.customers[c], organization: Int(a.organization), product: Int(a.product), tier: Int(a.tier),
        archetype: 0, region: Int(a.region), baseCallsPerDay: 0, signup: start,
        featureWeights: d.features.map { _ in 1 })
    }
    self.init(spec: spec, customers: customers, organizationIDs: d.organizations)
  }
}
