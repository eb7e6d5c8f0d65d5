import Foundation

/// The tables a simulation precomputes once from its scenario, so that generating a call
/// is a handful of table lookups and random draws.
///
/// Everything the generator's inner loop reads is a flat array of plain values (no strings,
/// no nested arrays), read through unsafe buffers: two threads generating different days
/// share no reference counts.
struct SimulationPlan: Sendable {
  let scenario: Scenario
  let population: Population
  let dimensions: Run.Dimensions
  /// Per customer, what the generator needs to know about them.
  let members: FlatTable<Member>
  /// Shared day multiplier (weekend, seasonal, growth), per day; for added calls, the growth
  /// beyond the real volume (see `volume`).
  let dayFactor: FlatTable<Double>
  /// Each customer-day's real calls (entry `c·days + d`), for the calls growth adds to a data
  /// scenario; empty for a plain simulation.
  ///
  /// They replace the customer's base rate, and `dayFactor` holds `shape × (growth − 1)`, so
  /// growth adds calls in proportion to each real customer-day.
  let volume: FlatTable<Double>
  /// Per feature-launch pattern: launch day, ramp days, lift, feature index.
  let launches: FlatTable<Launch>
  /// Whether customer `c` adopts launch `l`: entry `l·customers + c`.
  let adopters: FlatTable<Bool>
  /// Hour-of-day alias tables (24 entries, UTC hours) per region; one uniform table without regions.
  let hourAlias: FlatTable<UInt64>
  /// Model alias tables per day and task: entry `(day·tasks + task)·models + m`.
  let modelAlias: FlatTable<UInt64>
  /// Task alias tables per feature: entry `feature·tasks + task`.
  let taskAlias: FlatTable<UInt64>
  /// Number of features (`PopulationSpec.features`).
  let featureCount: Int
  /// Per customer, feature weights with launched features zeroed and the rest normalized to
  /// sum 1 (a launch's lift is added to them on the days it ramps): entry `c·features + f`.
  let featureShare: FlatTable<Double>
  /// Per customer, the alias table of its `featureShare` row (entry `c·features + f`); `nil`
  /// for populations too large to keep one per customer.
  let featureAlias: FlatTable<UInt64>?
  /// Prompt length factor per day (cost optimization).
  let promptFactor: FlatTable<Double>
  let jitter: Double
  let burstProbability: Double
  let burstRange: ClosedRange<Double>
  /// Per price epoch and model, the model at the prices in force: entry `epoch·modelCount + m`.
  let models: FlatTable<ModelParams>
  /// Per price epoch and model, whether its cost needs 128-bit arithmetic.
  let wideCost: FlatTable<Bool>
  /// Per model and task type, the model's expected quality: entry `m·tasks + task` (a table
  /// read, where a switch over the task was an indirect jump the predictor missed).
  let quality: FlatTable<Double>
  /// The catalog's number of models.
  let modelCount: Int
  /// Per day, its price epoch: a new epoch starts on each day a catalog price changes, so a
  /// day's calls find their prices by the day's row, with no lookup per call.
  let priceEpoch: FlatTable<Int>
  /// Token distributions per task type.
  let tokens: FlatTable<TokenProfile>
  /// The first second of each day, since the Unix epoch.
  let dayStart: FlatTable<Int64>

  /// A customer as the generator reads them: plain values only.
  struct Member: Sendable {
    /// Ids as the columns store them (the limits on organizations, products, tiers and regions
    /// make them fit), converted once here instead of once per call.
    var organization: UInt16
    var product: UInt16
    var tier: UInt8
    var region: UInt8
    var baseCallsPerDay: Double
    /// The organization's volume multiplier (multi-tenant).
    var orgFactor: Double
    /// First day on which the customer no longer calls (decline), or `Int.max`.
    var churnDay: Int
    /// Whether the customer adopts any feature launch.
    var adoptsLaunch: Bool
  }

  struct Launch: Sendable {
    var feature: Int
    var day: Int
    var rampDays: Int
    var lift: Double
    func ramp(_ d: Int) -> Double {
      guard d >= day else { return 0 }
      return rampDays <= 0 ? 1 : min(1, Double(d - day + 1) / Double(rampDays))
    }
  }

  /// The tables of `s`, for `population` (default: drawn from `s.population`); with `volume`
  /// (real calls per customer-day, `c·days + d`), the plan draws only the calls growth adds.
  init(_ s: Scenario, population given: Population? = nil, volume: [Double] = []) {
    scenario = s
    let pop = given ?? Population.generate(s.population, seed: s.seed, start: s.start)
    population = pop
    let (epochOfDay, epochStarts) = Self.priceEpochs(s)
    let models = epochStarts.flatMap { day in s.catalog.models.map { ModelParams($0, price: $0.prices.price(on: day)) }
    }
    self.models = FlatTable(models)
    wideCost = FlatTable(models.map(\.needsWideCost))
    quality = FlatTable(s.catalog.models.flatMap { m in TaskType.all.map { m.quality(for: $0) } })
    modelCount = s.catalog.models.count
    priceEpoch = FlatTable(epochOfDay)
    tokens = FlatTable(s.tokens)
    dayStart = FlatTable((0..<s.days).map { s.start.adding(days: $0).epochSeconds })
    dimensions = Self.dimensions(of: s, population: pop)
    var effects = TrafficEffects(scenario: s, population: pop)
    for pattern in s.traffic { effects.apply(pattern) }
    let launches = effects.launches
    let customers = pop.customers.count
    let adopters = effects.adopters
    self.members = FlatTable(
      pop.customers.map { c in
        Member(
          organization: UInt16(c.organization), product: UInt16(c.product), tier: UInt8(c.tier),
          region: UInt8(c.region),
          baseCallsPerDay: c.baseCallsPerDay, orgFactor: effects.orgFactor[c.organization],
          churnDay: effects.churn[c.index],
          adoptsLaunch: launches.indices.contains { adopters[$0 * customers + c.index] })
      })
    self.dayFactor = FlatTable(
      volume.isEmpty ? effects.dayFactor : zip(effects.dayFactor, effects.growth).map { $0 * (1 - 1 / $1) })
    self.volume = FlatTable(volume)
    self.launches = FlatTable(launches)
    self.adopters = FlatTable(adopters)
    var builder = AliasBuilder()
    var hours: [UInt64] = []
    for w in effects.hourWeights.isEmpty ? [Array(repeating: 1, count: 24)] : effects.hourWeights {
      builder.append(w, to: &hours)
    }
    self.hourAlias = FlatTable(hours)
    var modelTables: [UInt64] = []
    modelTables.reserveCapacity(s.days * TaskType.all.count * s.catalog.models.count)
    for day in effects.dayWeights { for w in day { builder.append(w, to: &modelTables) } }
    self.modelAlias = FlatTable(modelTables)
    var tasks: [UInt64] = []
    let taskCount = TaskType.all.count
    for f in s.population.features {
      let weights = Array(f.tasks.prefix(taskCount)) + Array(repeating: 0.0, count: max(0, taskCount - f.tasks.count))
      builder.append(weights, to: &tasks)
    }
    self.taskAlias = FlatTable(tasks)
    let features = s.population.features.count
    featureCount = features
    let shares = Self.featureShares(pop, features: features, launched: launches.map(\.feature))
    featureShare = FlatTable(shares)
    featureAlias = Self.featureAliases(shares, features: features, builder: &builder)
    self.promptFactor = FlatTable(effects.promptFactor)
    self.jitter = effects.jitter
    self.burstProbability = effects.burstProbability
    self.burstRange = effects.burstRange
  }

  /// Per customer, the alias table of its `featureShare` row, or `nil` past
  /// `featureAliasLimit` entries (the generator then builds a customer's table as it goes).
  ///
  /// A customer no launch lifts draws from the same table every day; built once here, a
  /// run no longer rebuilds it for each of its customer-days (a twentieth of the what-if loop).
  private static func featureAliases(_ shares: [Double], features: Int, builder: inout AliasBuilder)
    -> FlatTable<UInt64>?
  {
    guard features > 0, shares.count <= featureAliasLimit else { return nil }
    var tables: [UInt64] = []
    tables.reserveCapacity(shares.count)
    for first in stride(from: 0, to: shares.count, by: features) {
      builder.append(Array(shares[first..<first + features]), to: &tables)
    }
    return FlatTable(tables)
  }

  /// The most entries (customers × features) `featureAlias` holds: 32 MB.
  static let featureAliasLimit = 1 << 22

  /// Each day's price epoch, and each epoch's first day: the period's first day, then every
  /// day inside the period on which some model's dated price starts.
  private static func priceEpochs(_ s: Scenario) -> (epochOfDay: [Int], starts: [CalendarDay]) {
    let end = s.start.adding(days: s.days)
    let changes = Set(s.catalog.models.flatMap { $0.prices.entries.compactMap(\.from) }).filter {
      s.start < $0 && $0 < end
    }
    let starts = [s.start] + changes.sorted()
    var epochOfDay: [Int] = []
    epochOfDay.reserveCapacity(s.days)
    var epoch = 0
    for d in 0..<s.days {
      if epoch + 1 < starts.count, s.start.adding(days: d) >= starts[epoch + 1] { epoch += 1 }
      epochOfDay.append(epoch)
    }
    return (epochOfDay, starts)
  }

  /// Per customer, its feature weights with launched features zeroed and the rest normalized
  /// to sum 1 (flat, `features` entries per customer).
  private static func featureShares(_ pop: Population, features: Int, launched: [Int]) -> [Double] {
    var isLaunched = [Bool](repeating: false, count: features)
    for f in launched { isLaunched[f] = true }
    var shares = [Double](repeating: 0, count: pop.customers.count * features)
    for c in pop.customers {
      let first = c.index * features
      var remaining = 0.0
      for (f, w) in c.featureWeights.prefix(features).enumerated() where !isLaunched[f] {
        shares[first + f] = w
        remaining += w
      }
      if remaining > 0 { for i in first..<(first + features) { shares[i] /= remaining } }
    }
    return shares
  }

  /// The names a run of `s` refers to by index: models, customers, organizations, products,
  /// features, tiers and regions.
  private static func dimensions(of s: Scenario, population pop: Population) -> Run.Dimensions {
    var dims = Run.Dimensions()
    dims.models = s.catalog.models.map {
      .init(providerKey: $0.providerKey, providerName: $0.providerName, name: $0.name)
    }
    dims.customers = pop.customers.map(\.id)
    dims.organizations = pop.organizationIDs
    dims.products = s.population.products
    dims.features = s.population.features.map(\.name)
    dims.tiers = s.population.tiers.map(\.name)
    dims.regions = s.population.regions.map(\.name)
    return dims
  }

  /// Expected calls of customer `c` on `day` before Poisson noise, drawing jitter and burst from `rng`.
  func expectedCalls(customer c: Int, day: Int, rng: inout SplitMix64) -> Double {
    let z = rng.normal()
    let burstDraw = rng.unit()
    let burstSize = rng.unit()
    let m = members.buffer[c]
    if day >= m.churnDay { return 0 }
    let factor = dayFactor.buffer[day]
    let base = volume.buffer.isEmpty ? m.baseCallsPerDay : volume.buffer[c * scenario.days + day]
    var lambda = base * factor * m.orgFactor
    if jitter > 0 { lambda *= FastExp.shared(jitter * z - jitter * jitter / 2) }
    if burstDraw < burstProbability {
      lambda *= burstRange.lowerBound + burstSize * (burstRange.upperBound - burstRange.lowerBound)
    }
    if m.adoptsLaunch {
      for (l, launch) in launches.buffer.enumerated() where adopters.buffer[l * members.buffer.count + c] {
        lambda += m.baseCallsPerDay * factor * launch.lift * launch.ramp(day)
      }
    }
    return lambda
  }

  /// The most calls one customer-day may expect: a safety bound far beyond any memory
  /// budget (so the Poisson draw and every count sum stay finite integers; such a
  /// scenario is refused by its memory estimate before it is drawn).
  static let maxExpectedCallsPerCustomerDay = 1e9

  /// The number of calls customer `c` makes on `day` (0-based), from its count sub-stream.
  func callCount(customer c: Int, day: Int) -> Int {
    var rng = SplitMix64(seed: scenario.seed, stream: StreamKey.dayCount.rawValue, UInt64(c), UInt64(day))
    let lambda = expectedCalls(customer: c, day: day, rng: &rng)
    return rng.poisson(min(lambda, Self.maxExpectedCallsPerCustomerDay))
  }

  /// The expected number of calls of each day, without drawing them: the mean of
  /// `expectedCalls` (jitter has mean 1, bursts `1 + p·(mean multiplier − 1)`), summed over
  /// the customers still active.
  ///
  /// O(customers + days), for the memory estimate.
  func expectedCallsPerDay() -> [Double] {
    let days = scenario.days
    var removedAt = [Double](repeating: 0, count: days + 1)
    var active = 0.0
    for m in members.buffer {
      let w = min(m.baseCallsPerDay * m.orgFactor, Self.maxExpectedCallsPerCustomerDay)
      active += w
      if m.churnDay < days { removedAt[max(0, m.churnDay)] += w }
    }
    let burstMean = 1 + burstProbability * ((burstRange.lowerBound + burstRange.upperBound) / 2 - 1)
    var out = [Double](repeating: 0, count: days)
    for d in 0..<days {
      active -= removedAt[d]
      out[d] = max(0, active) * dayFactor.buffer[d] * burstMean
    }
    if !volume.buffer.isEmpty {
      for d in 0..<days {
        let real = members.buffer.indices.reduce(0.0) {
          $0 + volume.buffer[$1 * days + d] * members.buffer[$1].orgFactor
        }
        out[d] = real * dayFactor.buffer[d] * burstMean
      }
    }
    let customers = members.buffer.count
    for (l, launch) in launches.buffer.enumerated() {
      var rate = 0.0
      for (c, m) in members.buffer.enumerated() where adopters.buffer[l * customers + c] { rate += m.baseCallsPerDay }
      for d in 0..<days { out[d] += rate * dayFactor.buffer[d] * launch.lift * launch.ramp(d) }
    }
    return out
  }
}

/// The tables the traffic patterns shape, built by applying the scenario's patterns in order
/// (their effects multiply, and a launch's adoption stream is numbered by its position).
private struct TrafficEffects {
  let scenario: Scenario
  let population: Population
  var dayFactor: [Double]
  /// The growth part of `dayFactor`, per day (1 without growth).
  var growth: [Double]
  var orgFactor: [Double]
  var churn: [Int]
  var launches: [SimulationPlan.Launch] = []
  /// Whether customer `c` adopts launch `l`: entry `l·customers + c`.
  var adopters: [Bool] = []
  var hourWeights: [[Double]]
  var jitter = 0.0
  var burstProbability = 0.0
  var burstRange = 1.0...1.0
  var promptFactor: [Double]
  /// Model weights per day, task and model.
  var dayWeights: [[[Double]]]

  init(scenario s: Scenario, population pop: Population) {
    scenario = s
    population = pop
    dayFactor = [Double](repeating: 1, count: s.days)
    growth = [Double](repeating: 1, count: s.days)
    orgFactor = [Double](repeating: 1, count: pop.organizationIDs.count)
    churn = [Int](repeating: .max, count: pop.customers.count)
    hourWeights = s.population.regions.map { _ in Array(repeating: 1, count: 24) }
    promptFactor = [Double](repeating: 1, count: s.days)
    dayWeights = Array(repeating: TaskType.all.map { s.mix.weights(for: $0, in: s.catalog) }, count: s.days)
  }

  mutating func apply(_ pattern: TrafficPattern) {
    let s = scenario
    switch pattern {
    case .base(let j): jitter = j
    case .businessHours(let bh):
      for (r, region) in s.population.regions.enumerated() {
        hourWeights[r] = (0..<24).map { utc in bh.weight(localHour: ((utc + region.utcOffset) % 24 + 24) % 24) }
      }
    case .weekend(let factor, let holidayList, let holidayFactor):
      let holidays = Set(holidayList)
      for d in 0..<s.days {
        let day = s.start.adding(days: d)
        if holidays.contains(day) { dayFactor[d] *= holidayFactor } else if day.isWeekend { dayFactor[d] *= factor }
      }
    case .seasonal(let cycle, let amplitude, let peak):
      for d in 0..<s.days {
        dayFactor[d] *= max(0, 1 + amplitude * cos(2 * .pi * Double(d - peak) / cycle.days))
      }
    case .growth(let monthly):
      for d in 0..<s.days {
        let g = pow(1 + monthly, Double(d) / 30)
        dayFactor[d] *= g
        growth[d] *= g
      }
    case .burst(let p, let range):
      burstProbability = p
      burstRange = range
    case .multiTenant(let spread): spreadOrganizations(spread)
    case .decline(let monthly): churnCustomers(monthly)
    case .featureLaunch(let feature, let day, let adoption, let rampDays, let lift):
      launch(feature, day: day, adoption: adoption, rampDays: rampDays, lift: lift)
    case .modelMigration(let from, let to, let startDay, let overDays, let share):
      migrate(from: from, to: to, startDay: startDay, overDays: overDays, share: share)
    case .costOptimization(let startDay, let shift, let reduction):
      optimizeCost(startDay: startDay, shift: shift, promptReduction: reduction)
    }
  }

  /// Multi-tenant: each organization's volume scaled by a log-uniform factor up to `spread`,
  /// normalized to mean 1.
  private mutating func spreadOrganizations(_ spread: Double) {
    let raw = (0..<orgFactor.count).map { o -> Double in
      var rng = SplitMix64(seed: scenario.seed, stream: StreamKey.organization.rawValue, UInt64(o))
      return exp(rng.unit() * log(max(1, spread)))
    }
    let mean = raw.reduce(0, +) / Double(max(1, raw.count))
    for o in orgFactor.indices { orgFactor[o] *= raw[o] / mean }
  }

  /// Decline: each customer stops calling on an exponentially distributed day for `monthly` churn.
  private mutating func churnCustomers(_ monthly: Double) {
    let rate = -log(max(1e-9, 1 - monthly)) / 30
    for c in population.customers {
      var rng = SplitMix64(seed: scenario.seed, stream: StreamKey.churn.rawValue, UInt64(c.index))
      let t = -log(max(1e-12, 1 - rng.unit())) / max(rate, 1e-12)
      churn[c.index] = min(churn[c.index], t >= Double(scenario.days) ? .max : Int(t))
    }
  }

  /// Feature launch: its adopters drawn once; a feature the population lacks launches nothing.
  private mutating func launch(_ feature: String, day: Int, adoption: Double, rampDays: Int, lift: Double) {
    guard let f = scenario.population.features.firstIndex(where: { $0.name == feature }) else { return }
    adopters += population.customers.map { c -> Bool in
      var rng = SplitMix64(
        seed: scenario.seed, stream: StreamKey.adoption.rawValue, UInt64(c.index), UInt64(launches.count))
      return rng.unit() < adoption
    }
    launches.append(SimulationPlan.Launch(feature: f, day: day, rampDays: rampDays, lift: lift))
  }

  /// Model migration: from `startDay`, a share of `from`'s weight moves to `to` over `overDays`.
  private mutating func migrate(from: String, to: String, startDay: Int, overDays: Int, share: Double) {
    guard let a = scenario.catalog.index(of: from), let b = scenario.catalog.index(of: to) else { return }
    for d in 0..<scenario.days {
      let moved = share * min(1, max(0, Double(d - startDay + 1) / Double(max(1, overDays))))
      guard d >= startDay, moved > 0 else { continue }
      for t in TaskType.all.indices {
        let amount = dayWeights[d][t][a] * moved
        dayWeights[d][t][a] -= amount
        dayWeights[d][t][b] += amount
      }
    }
  }

  /// Cost optimization: from `startDay`, prompts shrink and a share of each model's weight moves to
  /// its provider's cheapest model.
  private mutating func optimizeCost(startDay: Int, shift: Double, promptReduction reduction: Double) {
    let s = scenario
    let cheapest = s.catalog.cheapestByProvider.compactMapValues { s.catalog.index(of: $0.id) }
    for d in max(0, startDay)..<max(max(0, startDay), s.days) {
      promptFactor[d] *= 1 - reduction
      for t in TaskType.all.indices {
        for (m, spec) in s.catalog.models.enumerated() {
          guard let target = cheapest[spec.providerKey], target != m else { continue }
          let amount = dayWeights[d][t][m] * shift
          dayWeights[d][t][m] -= amount
          dayWeights[d][t][target] += amount
        }
      }
    }
  }
}
