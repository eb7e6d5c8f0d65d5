extension WorkbookSession {
  /// `name`'s current simulation reduced to totals and its period cube, billing through its
  /// book, once every plan of the workbook is known to bill it within the money range.
  ///
  /// Every analysis of a workbook goes through here, so a plan whose invoice would pass
  /// `Limits.invoice` is refused before any figure is shown from it. The bills land in the
  /// run's book, where the analyses that follow find them.
  ///
  /// - Throws: `BillingRangeError` naming the plan, the customer and the period; what
  ///   simulating the scenario throws.
  func measured(_ name: String, isCancelled: @escaping @Sendable () -> Bool = { false }) throws -> MeasuredRun {
    let m = try measure(name, isCancelled: isCancelled)
    let plans = workbook.plans
    let engine = PricingEngine(plans: plans, period: m.scenario.period)
    for plan in plans {
      let bills = engine.bills(plan, cube: m.cube, population: m.population, book: m.book)
      try BillingRangeError.check(bills, plan: plan.name, customers: m.population.customers)
    }
    return m
  }
}
