import Testing

@testable import MeterbookCore

/// The action ledger on runs whose answers are known: netting, sizing after switches, SLA and
/// observed quality, payback.
struct ActionLedgerTests {
  /// A context whose switches never repay (so commitments see the original usage).
  private func noSwitches(_ b: RunBuilder) -> AnalysisContext {
    var c = b.context()
    c.assumptions.migrationCost = Money(dollars: 1_000_000_000)
    return c
  }

  @Test func aPerfectlyWeeklySeriesIsSteadyAndCommitsFourOfItsWeeksInFebruary() {
    var b = RunBuilder(days: 28)  // 2026-01-05 (a Monday) to 2026-02-01: the next month is February
    for day in 0..<28 { b.add(day: day, model: "openai/gpt-4o", count: day % 7 >= 5 ? 20 : 100) }
    let ledger = ActionLedger(noSwitches(b))
    let openai = ledger.commitments.first { $0.provider == "openai" }
    let perCall = Fixtures.catalog.model("openai/gpt-4o")!.price.cost(input: 1000, output: 200, cached: 0)
    #expect(openai?.steadiness == 1)
    #expect(openai?.weeks == 4)
    let commitment: Money = perCall * 2_160  // 5 × 100 + 2 × 20 calls a week × the 4 weeks of February
    let saving: Money = commitment.scaled(by: 1, per: 5)  // 20% off
    #expect(openai?.commitment == commitment)
    #expect(openai?.monthlySaving == saving)
    #expect(ledger.actions(.commit).map(\.monthlySaving) == [saving])
  }

  @Test func aBurstyProviderIsLessSteadyAndCommitsOnlyItsLowestWeek() {
    var b = RunBuilder(days: 28)
    for day in 0..<28 { b.add(day: day, model: "openai/gpt-4o", count: day < 7 ? 400 : 100) }
    let openai = ActionLedger(noSwitches(b)).commitments.first { $0.provider == "openai" }
    let perCall = Fixtures.catalog.model("openai/gpt-4o")!.price.cost(input: 1000, output: 200, cached: 0)
    #expect((openai?.steadiness ?? 1) < 0.7)
    let commitment: Money = perCall * 2_800  // the lowest week, 700 calls, × 4
    #expect(openai?.commitment == commitment)
  }

  @Test func commitmentsAreSizedOnTheUsageTheSwitchesLeave() {
    var b = RunBuilder(days: 28)
    for day in 0..<28 {
      b.add(day: day, model: "anthropic/claude-opus-4-5", task: .summarization, count: 200, quality: 0.85)
      b.add(day: day, model: "openai/gpt-4o-mini", task: .summarization, count: 50, quality: 0.86)
    }
    var c = b.context()
    c.assumptions.migrationCost = .zero
    let ledger = ActionLedger(c)
    #expect(ledger.actions(.switchModel).count == 1)
    #expect(!ledger.commitments.contains { $0.provider == "anthropic" })
    let after = Money.sum(ledger.commitments.map(\.monthlySpendAfterSwitches))
    let switched = ledger.monthlySpend - Money.sum(ledger.actions(.switchModel).map(\.monthlySaving))
    // Every remaining dollar sits with a provider that has terms (to a nanodollar of rounding).
    #expect(abs((after - switched).nanos) <= 2)
    for f in ledger.commitments { #expect(f.commitment <= f.monthlySpendAfterSwitches.scaled(by: 29, per: 28)) }
  }

  @Test func theExecutiveSummaryTotalIsTheLedgersNettedTotal() {
    var b = RunBuilder(days: 28)
    for day in 0..<28 {
      b.add(day: day, model: "anthropic/claude-opus-4-5", task: .summarization, count: 300, quality: 0.85)
      b.add(day: day, model: "openai/gpt-4o-mini", task: .summarization, count: 50, quality: 0.86)
      b.add(day: day, model: "openai/gpt-4o", task: .classification, count: 300)
    }
    var c = b.context()
    c.assumptions.migrationCost = .zero
    let findings = SummaryAnalyzer().findings(c)
    let ledger = findings.ledger
    #expect(ledger.total == Money.sum(ledger.actions.map(\.monthlyValue)))
    #expect(ledger.total > .zero)
    let report = SummaryAnalyzer().report(c)
    #expect(report.impact.hasPrefix("\(Format.money(ledger.total))/month netted"))
    // The optimization report's ledger table ends with the same total.
    let optimization = OptimizationAnalyzer().report(c)
    let tables = optimization.blocks.compactMap { if case .table(let t) = $0 { t } else { nil } }
    let total = tables.first { $0.title.hasPrefix("Action ledger") }?.cells.last
    #expect(total?[2].value == ledger.total.dollars)
    // Netting: a commitment after a switch is worth less than the same commitment before it.
    let before = ActionLedger(noSwitches(b)).actions(.commit).map(\.monthlySaving)
    #expect(Money.sum(ledger.actions(.commit).map(\.monthlySaving)) < Money.sum(before))
  }

  @Test func selectionGivesTheSameQuantilesAsSorting() {
    var rng = SplitMix64(seed: 13, stream: 0)
    for n in [1, 2, 3, 10, 101, 1_000] {
      // Few distinct values, so ties and equal pivots are exercised.
      let values = (0..<n).map { _ in Int(rng.unit() * 40) }
      let sorted = values.sorted()
      let rank = Int((0.95 * Double(n)).rounded(.up)) - 1
      #expect(OrderStatistic.nearestRankP95(values) == Double(sorted[min(n - 1, max(0, rank))]), "\(n)")
      for p in [0, 0.1, 0.5, 0.95, 1] {
        #expect(abs(OrderStatistic.quantile(values, p) - quantile(values.map(Double.init), p)) < 1e-9, "\(n) \(p)")
      }
    }
  }

  @Test func aModelThatMissesTheSLAIsNeverRecommended() {
    var b = RunBuilder(days: 14)
    for day in 0..<14 {
      b.add(day: day, model: "openai/gpt-4o", task: .reasoning, count: 100, quality: 0.8)
      // Cheaper and as good, but slow: observed p95 41.7 s.
      b.add(day: day, model: "openai/gpt-4o-mini", task: .reasoning, count: 100, latencyMs: 41_700, quality: 0.9)
    }
    let choice = ActionLedger(b.context()).choices.first { $0.task == .reasoning }
    #expect(choice?.best?.model != "openai/gpt-4o-mini")
    #expect((choice?.best?.p95Ms ?? 0) <= 20_000)
    let mini = choice?.candidates.first { $0.model == "openai/gpt-4o-mini" }
    #expect(mini?.p95Ms == 41_700 && mini?.latencyObserved == true)
  }

  @Test func observedQualityOverridesTheCatalogsEstimate() {
    var b = RunBuilder(days: 14)
    for day in 0..<14 {
      b.add(day: day, model: "openai/gpt-4o", task: .chat, count: 100, quality: 0.9)
      b.add(day: day, model: "openai/gpt-4o-mini", task: .chat, count: 100, quality: 0.5)
    }
    let choice = ActionLedger(b.context()).choices.first { $0.task == .chat }
    let mini = choice?.candidates.first { $0.model == "openai/gpt-4o-mini" }
    #expect(mini?.quality == 0.5 && mini?.qualityObserved == true)
    #expect(choice?.best?.model != "openai/gpt-4o-mini")
    #expect(abs((choice?.quality ?? 0) - 0.7) < 1e-9)
  }

  @Test func noActionIsWorthZeroOrLessAndASwitchMustRepayItsMigration() {
    var b = RunBuilder(days: 28)
    for day in 0..<28 { b.add(day: day, model: "openai/gpt-4o", task: .classification, count: 2) }
    var c = b.context()
    let cheap = ActionLedger(c)
    #expect(cheap.actions(.routeSimpleTasks).isEmpty)  // cents a month never repay $2,000
    c.assumptions.migrationCost = .zero
    let free = ActionLedger(c)
    #expect(free.actions(.routeSimpleTasks).count == 1)
    #expect(free.actions.allSatisfy { $0.monthlyValue > .zero })
    #expect(free.actions(.routeSimpleTasks).first?.paybackMonths == 0)
  }

  @Test func repricingIsValuedOnTheCostTheSwitchesLeave() {
    var b = RunBuilder(days: 31, customers: 1)  // 2026-01-05 to 2026-02-04
    for day in 0..<31 {
      b.add(day: day, model: "anthropic/claude-opus-4-5", task: .summarization, count: 4_000, quality: 0.85)
      b.add(day: day, model: "openai/gpt-4o-mini", task: .summarization, count: 40, quality: 0.86)
    }
    var c = b.context()
    c.assumptions.migrationCost = .zero
    let ledger = ActionLedger(c)
    guard let reprice = ledger.actions(.reprice).first else {
      Issue.record("no repricing action")
      return
    }
    let usage = LedgerUsage(c.run, catalog: c.scenario.catalog, period: c.period)
    var after = LedgerState(usage, catalog: c.scenario.catalog)
    for choice in ledger.choices where choice.best != nil {
      _ = after.apply(choice, catalog: c.scenario.catalog, assumptions: c.assumptions)
    }
    // Every call was billable: the cost left is the switched billable cost.
    let cost = Money(nanos: after.customerBillable.reduce(Int128(0)) { $0 + Int128($1) })
    #expect(cost < c.run.totalCost)
    // Billed cost + 20%, the customer stays with probability 0.7 (a rise above 25%); one who
    // leaves takes their bill and their cost: revenue 0.7·(new − old) − 0.3·old, margin
    // 0.7·(new − old) + 0.3·(cost − old).
    let (new, old) = (cost.scaled(by: 120, per: 100), c.revenueByCustomer[0])
    let stays = (new - old).scaled(by: 700_000, per: 1_000_000)
    #expect(reprice.monthlyRevenue == c.period.perMonth(stays - old.scaled(by: 300_000, per: 1_000_000)))
    #expect(reprice.monthlyValue == c.period.perMonth(stays + (cost - old).scaled(by: 300_000, per: 1_000_000)))
    #expect(reprice.assumptions.contains { $0.contains("a 20% markup, which is a 16.7% gross margin") })
  }
}

/// Organizational alignment on runs whose answers are known.
struct AlignmentTests {
  @Test func aTeamCountsEachCustomerOnceAcrossItsProjects() {
    var b = RunBuilder(days: 7, customers: 3)
    for customer in 0..<3 {
      b.add(day: 1, customer: customer, product: 0, feature: 0, count: 2)
      b.add(day: 2, customer: customer, product: 1, feature: 1, count: 2)
    }
    let centers = [
      CostCenter(businessUnit: "A", team: "t1", project: "assistant", selector: ["product": "assistant"]),
      CostCenter(businessUnit: "A", team: "t1", project: "insights", selector: ["product": "insights"]),
      CostCenter(businessUnit: "B", team: "t2", project: "code", selector: ["feature": "code"]),
    ]
    let counts = AlignmentAnalyzer().customersByTeam(b.context(centers: centers))
    // Each of the 3 customers uses both of t1's projects: 3 distinct customers, not 6.
    #expect(counts["t1"] == 3)
  }
}

/// The workbook's `assumptions:` reach the ledger through overrides.
struct AssumptionsOverrideTests {
  @Test func settingTheMigrationCostChangesTheAssumptionsAndTheContext() throws {
    let session = try WhatIfWorkbook.session()
    let change = try session.reload(overrides: [Override(path: ["assumptions", "migration_cost"], value: "300")])
    #expect(change.assumptionsChanged && !change.budgetsChanged && change.scenarios.isEmpty)
    let context = session.context(try session.result(for: "base"))
    #expect(context.assumptions.migrationCost == Money(dollars: 300))
    #expect(context.assumptions.maximumPaybackMonths == 12)
  }

  @Test func anUnknownAssumptionIsALocatedErrorWithASuggestion() throws {
    let session = try WhatIfWorkbook.session()
    #expect(throws: DiagnosticsError.self) {
      try session.reload(overrides: [Override(path: ["assumptions", "migration_cst"], value: "300")])
    }
    do {
      try session.reload(overrides: [Override(path: ["assumptions", "migration_cst"], value: "300")])
    } catch {
      #expect(error.description.contains("did you mean 'migration_cost'?"), "\(error.description)")
    }
  }
}
