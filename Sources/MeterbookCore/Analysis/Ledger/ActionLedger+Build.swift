extension ActionLedger {
  /// Builds the ledger of `c`'s run: switches, then commitments on what they leave, then
  /// repricing on the cost they leave.
  public init(_ c: AnalysisContext) {
    var state = LedgerState(c)
    let choices = TaskModelChoice.all(c.run, catalog: c.scenario.catalog, assumptions: c.assumptions)
    var actions = choices.filter { $0.best != nil }
      .sorted {
        ($0.task.isSimple ? 0 : 1, $1.saving, $0.task.rawValue) < (
          $1.task.isSimple ? 0 : 1, $0.saving, $1.task.rawValue
        )
      }
      .compactMap { state.apply($0, context: c) }
    let commitments = state.commitments(c)
    actions += commitments.compactMap { state.action(for: $0) }
    if let reprice = state.reprice(c) { actions.append(reprice) }
    self.init(
      actions: actions, choices: choices, commitments: commitments, assumptions: c.assumptions,
      monthlySpend: c.monthly(c.run.totalCost))
  }
}

extension TaskType {
  /// Classification and extraction: short, structured answers that small models do well.
  var isSimple: Bool { self == .classification || self == .extraction }
}

/// The run's calls as the ledger's actions leave them.
struct LedgerState {
  /// Each call's cost (nanodollars) after the actions so far.
  var cost: [Int64]
  /// Each call's provider (index into the catalog's providers; -1 when not in the catalog).
  var provider: [Int16]

  init(_ c: AnalysisContext) {
    let keys = c.scenario.catalog.providers.map(\.key)
    let byModel = c.run.dimensions.models.map { ref in Int16(keys.firstIndex(of: ref.providerKey) ?? -1) }
    cost = c.run.cost
    provider = c.run.model.map { byModel[Int($0)] }
  }

  /// Moves a task's calls to its best model and returns the netted action, if it saves.
  mutating func apply(_ choice: TaskModelChoice, context c: AnalysisContext) -> Action? {
    guard let best = choice.best, let target = c.scenario.catalog.model(best.model),
      c.assumptions.repays(c.period.perMonth(choice.saving))
    else { return nil }
    let calls = TaskCalls(c.run, task: choice.task)
    let newCosts = calls.costs(at: target)
    let providerIndex = Int16(c.scenario.catalog.providers.firstIndex { $0.key == target.providerKey } ?? -1)
    var saved = Int128(0)
    for (k, i) in calls.indices.enumerated() {
      saved += Int128(cost[i]) - Int128(newCosts[k])
      cost[i] = newCosts[k]
      provider[i] = providerIndex
    }
    let monthly = c.period.perMonth(Money(nanos: saved))
    guard monthly > .zero else { return nil }
    let a = c.assumptions
    return Action(
      kind: choice.task.isSimple ? .routeSimpleTasks : .switchModel, key: "switch:\(choice.task.rawValue)",
      title: "move \(choice.task.rawValue) to \(best.model)", affected: calls.indices.count, affectedUnit: "calls",
      monthlySaving: monthly, monthlyRevenue: .zero, standaloneMonthly: c.period.perMonth(choice.saving),
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
  func commitments(_ c: AnalysisContext) -> [CommitmentFinding] {
    let providers = c.scenario.catalog.providers
    let days = c.period.days
    var daily = providers.map { _ in [Int64](repeating: 0, count: days) }
    var today = [Int128](repeating: 0, count: providers.count)
    let keys = providers.map(\.key)
    let original = c.run.dimensions.models.map { ref in keys.firstIndex(of: ref.providerKey) ?? -1 }
    let start = c.period.start.epochSeconds
    for i in 0..<c.run.count {
      let before = original[Int(c.run.model[i])]
      if before >= 0 { today[before] += Int128(c.run.cost[i]) }
      let p = Int(provider[i])
      let d = (c.run.timestamp[i] - start) / 86_400
      guard p >= 0, d >= 0, d < Int64(days) else { continue }
      daily[p][Int(d)] += cost[i]
    }
    return providers.indices.compactMap { p in
      CommitmentFinding(
        provider: providers[p], today: c.period.perMonth(Money(nanos: today[p])), daily: daily[p], period: c.period)
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
  func reprice(_ c: AnalysisContext) -> Action? {
    let markup = c.assumptions.targetMarkup
    guard let netted = RepricingFinding.compute(c, cost: cost, markup: markup), netted.amountPerMonth > .zero
    else { return nil }
    let standalone = RepricingFinding.compute(c, cost: c.run.cost, markup: markup)
    return netted.action(standalone: standalone?.amountPerMonth ?? netted.amountPerMonth)
  }
}
