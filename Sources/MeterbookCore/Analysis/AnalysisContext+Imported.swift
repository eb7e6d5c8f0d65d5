extension AnalysisContext {
  /// A context for imported usage: the customers of the calls (`Population(imported:)`) and a
  /// period from the first to the last call's day.
  public init(imported run: Run, catalog: ModelCatalog, plans: [Plan] = [], budgets: [Budget] = []) {
    let period = Period(spanning: run)
    let population = Population(imported: run, start: period.start)
    let scenario = Scenario(
      name: "imported", seed: 0, start: period.start, days: period.days, catalog: catalog, population: population.spec)
    self.init(run: run, population: population, scenario: scenario, plans: plans, budgets: budgets)
    asOfDay = period.days
  }
}
