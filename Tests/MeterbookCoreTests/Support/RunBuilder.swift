import Testing

@testable import MeterbookCore

/// Builds small runs by hand, for analyzers tested on data whose answer is known.
struct RunBuilder {
  var run: Run
  let start: CalendarDay
  let days: Int
  var customers: [String]

  init(days: Int = 28, customers: Int = 3, start: CalendarDay = CalendarDay(year: 2026, month: 1, day: 5)) {
    self.start = start
    self.days = days
    var d = Run.Dimensions()
    d.models = Fixtures.catalog.models.map {
      .init(providerKey: $0.providerKey, providerName: $0.providerName, name: $0.name)
    }
    self.customers = (1...customers).map { "cust_\($0)" }
    d.customers = self.customers
    d.organizations = ["org_1"]
    d.products = ["assistant", "insights"]
    d.features = ["chat", "code"]
    d.tiers = ["starter"]
    d.regions = ["us-east"]
    run = Run(dimensions: d)
  }

  /// Adds `count` identical calls at `day`/`hour`, billed at the model's list price.
  mutating func add(
    day: Int, hour: Int = 12, customer: Int = 0, model: String = "openai/gpt-4o-mini", task: TaskType = .chat,
    input: Int = 1000, output: Int = 200, product: Int = 0, feature: Int = 0, count: Int = 1,
    latencyMs: UInt32 = 1000, quality: Double = 0.9
  ) {
    guard let m = Fixtures.catalog.index(of: model) else {
      Issue.record("no model '\(model)' in the fixture catalog")
      return
    }
    let cost = Fixtures.catalog.models[m].price.cost(input: input, output: output, cached: 0)
    for k in 0..<count {
      run.timestamp.append(start.adding(days: day).epochSeconds + Int64(hour * 3600 + k % 3600))
      run.model.append(UInt16(m))
      run.task.append(UInt8(task.index))
      run.inputTokens.append(UInt32(input))
      run.outputTokens.append(UInt32(output))
      run.cachedTokens.append(0)
      run.cost.append(Int64(cost.nanos))
      run.latencyMs.append(latencyMs)
      run.quality.append(UInt16(quality * 10_000))
      run.status.append(0)
      run.customer.append(UInt32(customer))
      run.organization.append(0)
      run.product.append(UInt16(product))
      run.feature.append(UInt16(feature))
      run.tier.append(0)
      run.region.append(0)
      run.callID.append(UInt64(run.count))
      run.traceID.append(UInt64(run.count))
    }
  }

  /// Sorts calls by time (analyzers expect time order).
  func finished() -> Run {
    let order = run.timestamp.indices.sorted { run.timestamp[$0] < run.timestamp[$1] }
    var r = Run(dimensions: run.dimensions)
    for i in order {
      r.timestamp.append(run.timestamp[i])
      r.model.append(run.model[i])
      r.task.append(run.task[i])
      r.inputTokens.append(run.inputTokens[i])
      r.outputTokens.append(run.outputTokens[i])
      r.cachedTokens.append(run.cachedTokens[i])
      r.cost.append(run.cost[i])
      r.latencyMs.append(run.latencyMs[i])
      r.quality.append(run.quality[i])
      r.status.append(run.status[i])
      r.customer.append(run.customer[i])
      r.organization.append(run.organization[i])
      r.product.append(run.product[i])
      r.feature.append(run.feature[i])
      r.tier.append(run.tier[i])
      r.region.append(run.region[i])
      r.callID.append(run.callID[i])
      r.traceID.append(run.traceID[i])
    }
    return r
  }

  /// An analysis context over the built run.
  func context(budgets: [Budget] = [], centers: [CostCenter] = [], alerts: [AlertRule] = []) -> AnalysisContext {
    var spec = PopulationSpec(customers: customers.count)
    spec.tiers = [.init(name: "starter", fee: Money(dollars: 29), share: 1, includedCalls: 1000)]
    spec.products = run.dimensions.products
    let pop = Population(
      spec: spec,
      customers: customers.indices.map {
        Customer(
          index: $0, id: customers[$0], organization: 0, product: 0, tier: 0, archetype: 0, region: 0,
          baseCallsPerDay: 1, signup: start, featureWeights: [1, 1])
      }, organizationIDs: ["org_1"])
    let scenario = Scenario(
      name: "built", seed: 1, start: start, days: days, catalog: Fixtures.catalog, population: spec)
    return AnalysisContext(
      run: finished(), population: pop, scenario: scenario, budgets: budgets, costCenters: centers, alerts: alerts)
  }
}
