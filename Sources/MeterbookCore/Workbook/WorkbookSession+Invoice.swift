extension WorkbookSession {
  /// The invoice preview of `customer` (an id such as `cust_0007`) under `plan` (the
  /// workbook's first plan by default) on `scenario`'s current run, for one `period` or all.
  ///
  /// - Throws: `InvoiceError` for an unknown customer, period or plan (with the nearest name),
  ///   `SessionError` for an unknown scenario, and what running the scenario throws.
  public func invoice(
    customer: String, period: String? = nil, plan: String? = nil, on scenario: String? = nil,
    isCancelled: @escaping @Sendable () -> Bool = { false }
  ) throws -> Report {
    guard let name = scenario ?? defaultScenario else { throw SessionError.noScenario }
    let plans = workbook.plans
    let names = plans.map(\.name)
    guard let billed = plan.map({ p in plans.first { $0.name == p } }) ?? plans.first else {
      let wanted = plan ?? ""
      throw InvoiceError.unknownPlan(wanted, nearest: Suggestion.nearest(to: wanted, in: names), plans: names)
    }
    let m = try measured(name, isCancelled: isCancelled)
    let ids = m.population.customers.map(\.id)
    guard let c = m.population.customers.first(where: { $0.id == customer }) else {
      throw InvoiceError.unknownCustomer(customer, nearest: Suggestion.nearest(to: customer, in: ids), scenario: name)
    }
    let bills = PricingEngine(plans: plans, period: m.scenario.period)
      .bills(billed, cube: m.cube, population: m.population, book: m.book)
    guard bills.indices.contains(c.index) else {
      throw InvoiceError.unknownCustomer(customer, nearest: nil, scenario: name)
    }
    return try InvoicePreview(customer: c.id, bill: bills[c.index]).report(period: period)
  }

  /// Customer ids of `name`'s run when it is already simulated (completion never waits).
  public func knownCustomers(of name: String) -> [String] {
    generatedRun(for: name)?.population.customers.map(\.id) ?? []
  }

  /// The billing periods of the workbook's first plan over `name`'s period, as labels.
  public func billingPeriods(of name: String) -> [String] {
    guard let s = workbook.scenario(name) else { return [] }
    return (workbook.plans.first?.billing ?? .monthly).periods(overlapping: s.period).map(\.label)
  }
}
