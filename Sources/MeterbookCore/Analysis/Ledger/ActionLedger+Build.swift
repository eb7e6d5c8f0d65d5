extension ActionLedger {
  /// Builds the ledger of `c`'s run: switches, then commitments on what they leave, then
  /// repricing on the cost they leave.
  public init(_ c: AnalysisContext) {
    self.init(
      LedgerUsage(c.run, catalog: c.scenario.catalog, period: c.period), catalog: c.scenario.catalog,
      assumptions: c.assumptions, revenue: c.revenueByCustomer, customers: c.population.customers)
  }

  /// Builds the ledger of `usage`, a run's or a streamed file's: the one arithmetic of both.
  ///
  /// - Parameters:
  ///   - revenue: Each customer's bill over the period (indexed like `customers`), which
  ///     repricing sets against their cost.
  init(
    _ usage: LedgerUsage, catalog: ModelCatalog, assumptions: ActionAssumptions, revenue: [Money],
    customers: [Customer]
  ) {
    var state = LedgerState(usage, catalog: catalog)
    let choices = TaskModelChoice.all(usage, catalog: catalog, assumptions: assumptions)
    var actions = choices.filter { $0.best != nil }
      .sorted {
        ($0.task.isSimple ? 0 : 1, $1.saving, $0.task.rawValue) < (
          $1.task.isSimple ? 0 : 1, $0.saving, $1.task.rawValue
        )
      }
      .compactMap { state.apply($0, catalog: catalog, assumptions: assumptions) }
    let commitments = state.commitments(catalog)
    actions += commitments.compactMap { state.action(for: $0) }
    if let reprice = state.reprice(revenue: revenue, customers: customers, markup: assumptions.targetMarkup) {
      actions.append(reprice)
    }
    self.init(
      actions: actions, choices: choices, commitments: commitments, assumptions: assumptions,
      monthlySpend: usage.period.perMonth(Money(nanos: usage.totalCost)))
  }
}

extension TaskType {
  /// Classification and extraction: short, structured answers that small models do well.
  var isSimple: Bool { self == .classification || self == .extraction }
}

/// The usage's groups of calls as the ledger's actions leave them.
struct LedgerState {
  let usage: LedgerUsage
  /// Each day group's billable cost (nano-dollars) after the actions so far; its errors keep
  /// their cost and provider.
  var dayBillable: [Int64]
  /// Each day group's provider after the actions so far (index into the catalog's providers;
  /// -1 when not in the catalog), and today.
  var provider: [Int16]
  let original: [Int16]
  /// Each customer group's billable cost after the actions so far.
  var customerBillable: [Int64]

  init(_ usage: LedgerUsage, catalog: ModelCatalog) {
    self.usage = usage
    let keys = catalog.providers.map(\.key)
    let byModel = usage.dimensions.models.map { ref in Int16(keys.firstIndex(of: ref.providerKey) ?? -1) }
    dayBillable = usage.days.sums.map(\.billableCost)
    original = usage.days.keys.map { byModel[Int($0.model)] }
    provider = original
    customerBillable = usage.customers.sums.map(\.billableCost)
  }

  /// Moves a task's calls to its best model and returns the netted action, if it saves.
  mutating func apply(_ choice: TaskModelChoice, catalog: ModelCatalog, assumptions a: ActionAssumptions) -> Action? {
    let period = usage.period
    guard let best = choice.best, let target = catalog.model(best.model), a.repays(period.perMonth(choice.saving))
    else { return nil }
    let providerIndex = Int16(catalog.providers.firstIndex { $0.key == target.providerKey } ?? -1)
    let task = UInt8(truncatingIfNeeded: choice.task.index)
    var saved = Int128(0)
    for (g, k) in usage.days.keys.enumerated() where k.task == task && usage.days.sums[g].calls > 0 {
      let new = Int64(clamping: usage.days.sums[g].cost(at: target, long: usage.isLong(band: k.band, at: target)))
      saved += Int128(dayBillable[g]) - Int128(new)
      dayBillable[g] = new
      provider[g] = providerIndex
    }
    for (g, k) in usage.customers.keys.enumerated() where k.task == task && usage.customers.sums[g].calls > 0 {
      customerBillable[g] = Int64(
        clamping: usage.customers.sums[g].cost(at: target, long: usage.isLong(band: k.band, at: target)))
    }
    let monthly = period.perMonth(Money(nanos: saved))
    guard monthly > .zero else { return nil }
    return Action(
      kind: choice.task.isSimple ? .routeSimpleTasks : .switchModel, key: "switch:\(choice.task.rawValue)",
      title: "move \(choice.task.rawValue) to \(best.model)", affected: choice.calls, affectedUnit: "calls",
      monthlySaving: monthly, monthlyRevenue: .zero, standaloneMonthly: period.perMonth(choice.saving),
      oneOffCost: a.migrationCost, confidence: best.qualityObserved && best.latencyObserved ? 0.8 : 0.5,
      assumptions: [
        "quality \(Format.fixed(best.quality, places: 3)) against \(Format.fixed(choice.quality, places: 3)) today"
          + (best.qualityObserved ? " (observed)" : " (catalog estimate)"),
        "p95 latency \(Format.integer(Int(best.p95Ms))) ms within the \(Format.integer(Int(a.slaP95Ms))) ms SLA"
          + (best.latencyObserved ? " (observed)" : " (estimated from the catalog's latency profile)"),
        "list prices; token counts unchanged by the new model",
      ])
  }

  /// Sizes a commitment for every provider with terms, on the calls as the switches left them.
  func commitments(_ catalog: ModelCatalog) -> [CommitmentFinding] {
    let providers = catalog.providers
    let period = usage.period
    var daily = providers.map { _ in [Int64](repeating: 0, count: period.days) }
    var today = [Int128](repeating: 0, count: providers.count)
    for (g, k) in usage.days.keys.enumerated() {
      let (before, after) = (Int(original[g]), Int(provider[g]))
      let s = usage.days.sums[g]
      if before >= 0 { today[before] += Int128(s.cost) }
      guard k.day >= 0, k.day < period.days else { continue }
      if before >= 0 { daily[before][Int(k.day)] += s.cost - s.billableCost }
      if after >= 0 { daily[after][Int(k.day)] += dayBillable[g] }
    }
    return providers.indices.compactMap { p in
      CommitmentFinding(
        provider: providers[p], today: period.perMonth(Money(nanos: today[p])), daily: daily[p], period: period)
    }
    .filter { $0.monthlySaving > .zero }
    .sorted { ($0.monthlySaving, $1.provider) > ($1.monthlySaving, $0.provider) }
  }

  /// The ledger entry of a commitment.
  func action(for f: CommitmentFinding) -> Action? {
    guard f.isRecommended else { return nil }
    return Action(
      kind: .commit, key: "commit:\(f.provider)",
      title: "commit \(Format.money(f.commitment))/month to \(f.provider) for \(f.termMonths) months",
      affected: 0, affectedUnit: "calls", monthlySaving: f.monthlySaving, monthlyRevenue: .zero,
      standaloneMonthly: f.monthlySaving, oneOffCost: .zero, confidence: f.confidence,
      assumptions: [
        "\(f.provider)'s spend after the switches stays at or above its lowest week (\(f.weeks) whole weeks seen)",
        "\(Format.percent(f.discount, places: 0)) off list for \(f.termMonths) months; loses money below \(Format.percent(f.breakEven, places: 0)) utilization",
      ])
  }

  /// Repricing each customer whose cost after the switches exceeds their bill to that cost
  /// plus the target markup, valued after price-sensitive churn (`RepricingFinding`); `nil`
  /// when no customer loses money or revenue is unknown.
  func reprice(revenue: [Money], customers: [Customer], markup: Double) -> Action? {
    func finding(switched: Bool) -> RepricingFinding? {
      var halves = [[Money]](repeating: [Money](repeating: .zero, count: revenue.count), count: 2)
      for (g, k) in usage.customers.keys.enumerated() where Int(k.customer) < revenue.count {
        let s = usage.customers.sums[g]
        let cost = switched ? s.cost - s.billableCost + customerBillable[g] : s.cost
        halves[k.late ? 1 : 0][Int(k.customer)].nanos += Int128(cost)
      }
      return RepricingFinding.compute(
        revenue: revenue, customers: customers, firstHalf: halves[0], secondHalf: halves[1], markup: markup,
        period: usage.period)
    }
    guard let netted = finding(switched: true), netted.amountPerMonth > .zero else { return nil }
    return netted.action(standalone: finding(switched: false)?.amountPerMonth ?? netted.amountPerMonth)
  }
}
