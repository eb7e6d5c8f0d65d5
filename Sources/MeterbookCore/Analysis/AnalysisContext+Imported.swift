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

extension AnalysisContext {
  /// A context for a streamed import: the digest's customers and period, with no calls in
  /// memory (an empty run over the digest's dimension tables).
  ///
  /// Only the analyzers that read the digest take it, beside the digest itself
  /// (`AnalyzerName.readsDigest`); the bills it gives are the tier fees, which need no usage
  /// (a streamed file has no plans: `analyze --plans` loads the calls).
  public init(streamed digest: UsageDigest, catalog: ModelCatalog) {
    let period = digest.period
    let population = digest.population
    let scenario = Scenario(
      name: "imported", seed: 0, start: period.start, days: period.days, catalog: catalog, population: population.spec)
    self.init(run: Run(dimensions: digest.cube.dimensions), population: population, scenario: scenario)
    asOfDay = period.days
  }
}
