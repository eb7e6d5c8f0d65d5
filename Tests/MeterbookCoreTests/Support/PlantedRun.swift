@testable import MeterbookCore

/// Builds runs with a planted truth: calls of exact cost at chosen hours, on any start day, for
/// customers on tiers of chosen fee and allowance.
struct PlantedRun {
  let start: CalendarDay
  let days: Int
  var tiers: [PopulationSpec.Tier]
  /// Each customer's tier index.
  var customerTiers: [Int]
  private var calls: [(at: Int64, customer: Int, model: Int, feature: Int, cost: Int64, status: UInt8)] = []

  /// Models and features calls can name (by index).
  static let models = ["openai/gpt-4o-mini", "anthropic/claude-opus-4-5", "openai/gpt-4o"]
  static let features = ["chat", "code", "search"]

  init(
    start: CalendarDay = CalendarDay(year: 2026, month: 1, day: 5), days: Int, customers: Int = 1,
    tier: PopulationSpec.Tier = .init(name: "starter", fee: Money(dollars: 29), share: 1, includedCalls: 1000)
  ) {
    self.start = start
    self.days = days
    tiers = [tier]
    customerTiers = [Int](repeating: 0, count: customers)
  }

  var customers: Int { customerTiers.count }

  /// Adds `count` calls of `dollars` each in hour `hour` of day `day`, 7 seconds apart from `second`.
  mutating func add(
    day: Int, hour: Int, second: Int = 0, customer: Int = 0, dollars: Double, count: Int = 1, model: Int = 0,
    feature: Int = 0, failed: Bool = false
  ) {
    let cost = Int64((dollars * 1e9).rounded())
    for k in 0..<count {
      let at = start.adding(days: day).epochSeconds + Int64(hour * 3600 + (second + k * 7) % 3600)
      calls.append((at, customer, model, feature, cost, failed ? 1 : 0))
    }
  }

  /// The run, calls in time order (ties in insertion order).
  var run: Run {
    var d = Run.Dimensions()
    d.models = Self.models.compactMap { id in
      Fixtures.catalog.model(id).map {
        .init(providerKey: $0.providerKey, providerName: $0.providerName, name: $0.name)
      }
    }
    d.customers = (0..<customers).map { "cust_\($0 + 1)" }
    d.organizations = ["org_1"]
    d.products = ["assistant"]
    d.features = Self.features
    d.tiers = tiers.map(\.name)
    d.regions = ["us-east"]
    var r = Run(dimensions: d)
    for (n, c) in calls.enumerated().sorted(by: { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }) {
      r.timestamp.append(c.at)
      r.model.append(UInt16(c.model))
      r.task.append(UInt8(TaskType.chat.index))
      r.inputTokens.append(1000)
      r.outputTokens.append(200)
      r.cachedTokens.append(0)
      r.cost.append(c.cost)
      r.latencyMs.append(1000)
      r.quality.append(9000)
      r.status.append(c.status)
      r.customer.append(UInt32(c.customer))
      r.organization.append(0)
      r.product.append(0)
      r.feature.append(UInt16(c.feature))
      r.tier.append(UInt8(customerTiers[c.customer]))
      r.region.append(0)
      r.callID.append(UInt64(n))
      r.traceID.append(UInt64(n))
    }
    return r
  }

  /// An analysis context over the run, "now" at `asOfDay` (default: the context's own).
  func context(asOfDay: Int? = nil, budgets: [Budget] = [], alerts: [AlertRule] = []) -> AnalysisContext {
    var spec = PopulationSpec(customers: customers)
    spec.tiers = tiers
    spec.products = ["assistant"]
    let population = Population(
      spec: spec,
      customers: (0..<customers).map {
        Customer(
          index: $0, id: "cust_\($0 + 1)", organization: 0, product: 0, tier: customerTiers[$0], archetype: 0,
          region: 0, baseCallsPerDay: 1, signup: start, featureWeights: [1, 1, 1])
      }, organizationIDs: ["org_1"])
    let scenario = Scenario(
      name: "planted", seed: 1, start: start, days: days, catalog: Fixtures.catalog, population: spec)
    var c = AnalysisContext(run: run, population: population, scenario: scenario, budgets: budgets, alerts: alerts)
    if let asOfDay { c.asOfDay = asOfDay }
    return c
  }
}
