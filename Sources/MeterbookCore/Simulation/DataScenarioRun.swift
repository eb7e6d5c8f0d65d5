/// The calls of a data scenario: the imported calls exactly as read, then the calls its
/// patterns add, simulated with the scenario's seed (so two states of a what-if, two sweep
/// points or two plans see the same added calls: common random numbers).
///
/// Two simulations make the added calls (`specs/standards.md`, *Data scenarios*):
/// - **growth** over the real customers: customer *c* on day *d* adds
///   Poisson(`real(c, d) × shape(d) × (growth(d) − 1)`) calls, where `real(c, d)` is the
///   number of calls *c* made that day in the data; the calls follow the mix, features and
///   tokens calibrated on the data, shifted by the scenario's model-migration and
///   cost-optimization patterns;
/// - **new customers** (`new_customers: N`): N customers drawn from the population calibrated
///   on the data (`Calibration`), with its day and hour shape, then the scenario's patterns.
///
/// The run holds the imported calls first, in file order and unchanged, then the growth
/// calls, then the new customers' calls, each in time order.
///
/// A class: a `Simulator` holds it, and it holds the `Simulator`s of the added calls.
final class DataScenarioRun: Sendable {
  let scenario: Scenario
  let data: UsageData
  /// The simulation of the real customers' added calls, when the scenario grows.
  let growth: Simulator?
  /// The simulation of the new customers, when it has any.
  let newcomers: Simulator?

  init(_ scenario: Scenario, _ data: UsageData) {
    self.scenario = scenario
    self.data = data
    guard scenario.isRandom else {
      (growth, newcomers) = (nil, nil)
      return
    }
    let imported = data.population(start: scenario.start)
    let calibration =
      switch data.content {
      case .calls(let run): Calibration(AnalysisContext(run: run, population: imported, scenario: scenario))
      case .sums(let digest): Calibration(CalibrationUsage(digest), population: imported, catalog: scenario.catalog)
      }
    growth =
      scenario.traffic.contains { if case .growth(let m) = $0 { m > 0 } else { false } }
      ? Self.growth(scenario, data, imported, calibration) : nil
    newcomers = data.newCustomers > 0 ? Self.newcomers(scenario, data.newCustomers, calibration) : nil
  }

  /// The real customers as the simulator takes them: their tier, organization, product and
  /// region, and their feature weights (their calls per feature); their calls per day go to
  /// the plan's `volume`.
  private static func growth(_ s: Scenario, _ data: UsageData, _ imported: Population, _ calibration: Calibration)
    -> Simulator
  {
    let d = data.dimensions
    let days = s.days
    var spec = imported.spec
    let calibrated = Dictionary(calibration.calibratedFeatures.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    spec.features = d.features.map { calibrated[$0] ?? .init(name: $0, popularity: 1, tasks: [.chat: 1]) }
    let offsets = Dictionary(
      PopulationSpec.defaultRegions.map { ($0.name, $0.utcOffset) }, uniquingKeysWith: { a, _ in a })
    spec.regions = spec.regions.map { .init(name: $0.name, utcOffset: offsets[$0.name] ?? 0, share: $0.share) }
    let (volume, perFeature) = realCounts(data, start: s.start, days: days)
    var population = imported
    population.spec = spec
    for c in population.customers.indices {
      population.customers[c].featureWeights = perFeature[c]
      population.customers[c].baseCallsPerDay = perFeature[c].reduce(0, +) / Double(max(1, days))
    }
    let mirror = Scenario(
      name: s.name, seed: s.seed, start: s.start, days: days, catalog: s.catalog, population: spec,
      mix: calibration.mix, traffic: s.traffic, tokens: calibration.tokenProfiles)
    return Simulator(plan: SimulationPlan(mirror, population: population, volume: volume))
  }

  /// Each real customer's calls per day of the period (`volume[c × days + day]`) and per
  /// feature, counted from the calls or from the digest's cells (by day at least, which the
  /// loader ensures), with the same counts either way.
  private static func realCounts(_ data: UsageData, start: CalendarDay, days: Int)
    -> (volume: [Double], perFeature: [[Double]])
  {
    let d = data.dimensions
    var volume = [Double](repeating: 0, count: d.customers.count * days)
    var perFeature = [[Double]](
      repeating: [Double](repeating: 0, count: d.features.count), count: d.customers.count)
    func add(customer c: Int, day: Int, feature f: Int, calls n: Double) {
      if day >= 0 && day < days { volume[c * days + day] += n }
      perFeature[c][f] += n
    }
    switch data.content {
    case .calls(let calls):
      let first = start.epochSeconds
      for i in 0..<calls.count {
        add(
          customer: Int(calls.customer[i]), day: Int((calls.timestamp[i] - first) / 86_400),
          feature: Int(calls.feature[i]), calls: 1)
      }
    case .sums(let digest):
      let first = Int64(start.daysSinceEpoch)
      for cell in digest.cube.cells {
        add(
          customer: Int(cell.key.customer), day: Int(clamping: cell.key.hour.floorDivided(by: 24) - first),
          feature: Int(cell.key.feature), calls: Double(cell.calls))
      }
    }
    return (volume, perFeature)
  }

  /// `count` customers drawn from the calibrated population under a seed of their own
  /// (stream `newCustomers` of the scenario's seed), named `new_0001`… and in organizations
  /// `new_org_001`… so they never merge with a real customer or organization.
  private static func newcomers(_ s: Scenario, _ count: Int, _ calibration: Calibration) -> Simulator {
    var rng = SplitMix64(seed: s.seed, stream: StreamKey.newCustomers.rawValue)
    let spec = calibration.population(customers: count)
    let seed = rng.next()
    var population = Population.generate(spec, seed: seed, start: s.start)
    let width = max(4, String(count).count)
    for c in population.customers.indices { population.customers[c].id = "new_" + padded(c + 1, width) }
    let orgWidth = max(3, String(population.organizationIDs.count).count)
    population.organizationIDs = population.organizationIDs.indices.map { "new_org_" + padded($0 + 1, orgWidth) }
    let scenario = Scenario(
      name: s.name, seed: seed, start: s.start, days: s.days, catalog: s.catalog, population: spec,
      mix: calibration.mix, traffic: calibration.traffic + s.traffic, tokens: calibration.tokenProfiles)
    return Simulator(plan: SimulationPlan(scenario, population: population))
  }

  /// What the run holds: the imported calls (their cells, for a file kept as sums) plus each
  /// simulation's estimate.
  func memoryEstimate() -> MemoryEstimate {
    let cells = data.digest?.cube.cells.count
    var estimate = MemoryEstimate(
      work: "running data scenario '\(scenario.name)'",
      size: cells.map { "\($0) cells of imported calls" } ?? "\(data.callCount) imported calls",
      bytes: cells.map { $0 * UsageDigest.bytesPerCell } ?? data.callCount * Run.bytesPerCall,
      hint: "lower scenarios.\(scenario.name).new_customers or its growth")
    for added in [growth, newcomers].compactMap({ $0 }) {
      let e = added.memoryEstimate()
      estimate.bytes += e.bytes
      estimate.size += " and " + e.size
    }
    return estimate
  }

  /// The imported calls, then the added ones; the population is the imported customers, then
  /// the new ones.
  func run(threads: Int, isCancelled: @escaping @Sendable () -> Bool, budget: MemoryBudget) throws
    -> SimulationResult
  {
    try budget.check(memoryEstimate())
    guard var run = data.calls else { throw SumsOnlyError(scenario, data) }
    var population = Population(imported: run, start: scenario.start)
    if let growth {
      try run.append(try growth.run(threads: threads, isCancelled: isCancelled, budget: budget).run)
    }
    if let newcomers {
      let added = try newcomers.run(threads: threads, isCancelled: isCancelled, budget: budget)
      let ids = try run.append(added.run)
      population = Population(imported: run, start: scenario.start)
      for c in added.population.customers {
        let k = ids.customers[c.index]
        population.customers[k].tier = ids.tiers[c.tier]
        population.customers[k].organization = ids.organizations[c.organization]
        population.customers[k].product = ids.products[c.product]
        population.customers[k].region = ids.regions[c.region]
      }
    }
    try Simulator.checkCost(run.cost.reduce(Int128(0)) { $0 + Int128($1) })
    return SimulationResult(scenario: scenario, population: population, run: run)
  }

  /// The scenario reduced to its period cube and day totals: summed from the run, or, for a
  /// file kept as sums, taken from the digest's cells without a call in memory, with the
  /// added calls measured as they are drawn and merged in.
  func measure(threads: Int, isCancelled: @escaping @Sendable () -> Bool, budget: MemoryBudget) throws
    -> SimulationMeasure
  {
    guard let digest = data.digest else {
      return SimulationMeasure(try run(threads: threads, isCancelled: isCancelled, budget: budget))
    }
    try budget.check(memoryEstimate())
    guard var measure = SimulationMeasure(scenario, population: data.population(start: scenario.start), digest: digest)
    else { throw SumsOnlyError(scenario, data) }
    if let growth {
      measure = try measure.adding(
        try growth.measure(threads: threads, isCancelled: isCancelled, budget: budget), newCustomers: false)
    }
    if let newcomers {
      measure = try measure.adding(
        try newcomers.measure(threads: threads, isCancelled: isCancelled, budget: budget), newCustomers: true)
    }
    try Simulator.checkCost(measure.cube.cells.reduce(Int128(0)) { $0 + Int128($1.cost) })
    return measure
  }
}
