import Testing

@testable import MeterbookCore

/// Every dotted path the loader accepts can be overridden: plan fees and charges (by index
/// and by id), tiers, commitments, filters, budgets, alerts, cost centers, cells, period,
/// seed, and scenario values that pieces wrote, with list append and removal.
@Suite struct OverridePathTests: LoadsWorkbookText {
  let text = """
    title: t
    seed: 3
    period: {start: 2026-01-01, days: 30}
    scenarios:
      base:
        use: [populations/medium]
        customers: 40
        traffic:
          - burst: {probability: 0.01, multiplier: [5, 20]}
    plans:
      flat: {fee: {starter: 29, pro: 99, enterprise: 299}}
      usage:
        charges:
          - id: calls
            metric: calls
            mode: graduated
            tiers: [{up_to: 1000, price: 0.03}, {price: 0.012}]
      hybrid: {fee: 19, charges: [{metric: cost, markup: 0.5}]}
    budgets:
      company: {scope: all, amount: 9000}
    alerts:
      spend: {metric: cost, window: hour, threshold: 40}
    cost_centers:
      Product: {Team: {assistant: {product: assistant}}}
    cells:
      - run: base
    """

  func set(_ assignments: String...) throws -> Workbook {
    try load(text, overrides: assignments.map { try #require(Override(parsing: $0)) })
  }

  @Test func aPlanFeeForOneTierChangesOnlyThatTier() throws {
    let flat = try #require(try set("plans.flat.fee.pro=129").plan("flat"))
    #expect(
      flat.fees == ["starter": Money(dollars: 29), "pro": Money(dollars: 129), "enterprise": Money(dollars: 299)])
  }

  @Test func commitmentsCanBeAddedToAPlanThatHadNone() throws {
    let usage = try #require(
      try set("plans.usage.minimum=50", "plans.usage.cap=500", "plans.usage.credits=5").plan("usage"))
    #expect(usage.minimum == Money(dollars: 50))
    #expect(usage.cap == Money(dollars: 500))
    #expect(usage.credits == Money(dollars: 5))
  }

  @Test func chargesAreReachedByIndexAndById() throws {
    let byIndex = try #require(try set("plans.hybrid.charges.0.markup=0.7").plan("hybrid"))
    #expect(byIndex.charges.first?.model == .markup(0.7))
    let byID = try #require(try set("plans.usage.charges.calls.tiers.0.price=0.05").plan("usage"))
    #expect(
      byID.charges.first?.model
        == .graduated([
          Charge.Tier(upTo: 1000, unitPrice: try Money(parsing: "0.05")),
          Charge.Tier(upTo: nil, unitPrice: try Money(parsing: "0.012")),
        ]))
  }

  @Test func aChargeCanBeAppendedAndRemoved() throws {
    let added = try #require(try set("plans.usage.charges+={metric: tokens, price: 0.002, per: 1000}").plan("usage"))
    #expect(added.charges.count == 2)
    #expect(added.charges.last?.model == .perUnit(price: try Money(parsing: "0.002"), per: 1000))
    let removed = try #require(try set("plans.usage.charges.0-").plan("usage"))
    #expect(removed.charges.isEmpty)
    let filtered = try #require(try set("plans.hybrid.charges.0.where={provider: openai}").plan("hybrid"))
    #expect(filtered.charges.first?.filter == ["provider": "openai"])
  }

  @Test func aWholePlanCanBeAddedAndRemoved() throws {
    let wb = try set("plans.pro-only={fee: {pro: 49}}", "plans.hybrid-")
    #expect(wb.plans.map(\.name) == ["flat", "usage", "pro-only"])
  }

  @Test func budgetsAlertsCostCentersPeriodAndSeed() throws {
    let wb = try set(
      "budgets.company.amount=12000", "alerts.spend.threshold=55", "cost_centers.Product.Team.assistant.feature=chat",
      "period.days=45", "seed=9")
    #expect(wb.budgets.first?.amount == Money(dollars: 12000))
    #expect(wb.alerts.first?.threshold == 55)
    #expect(wb.costCenters.first?.selector == ["product": "assistant", "feature": "chat"])
    #expect(wb.days == 45)
    #expect(wb.seed == 9)
  }

  @Test func scenarioValuesFromPiecesAndListsAreReachable() throws {
    let wb = try set(
      "scenarios.base.archetypes.heavy.share=0.15", "scenarios.base.archetypes.light.share=0.65",
      "scenarios.base.traffic.0.burst.probability=0.02")
    let s = try #require(wb.scenario("base"))
    #expect(s.population.archetypes.map(\.share) == [0.65, 0.2, 0.15])
    #expect(s.traffic.count == 1)
    let without = try #require(try set("scenarios.base.traffic.0-").scenario("base"))
    #expect(without.traffic.isEmpty)
  }

  @Test func pathsThatLeadNowhereAreLocatedErrorsWithAHint() {
    #expect(
      errors(text, overrides: [Override(parsing: "plans.flta.fee=3")!]) == [
        "--set plans.flta.fee:1:1: 'plans' has no 'flta'; expected one of: flat, usage, hybrid"
      ])
    #expect(
      errors(text, overrides: [Override(parsing: "plans.usage.charges.3.price=1")!]) == [
        "--set plans.usage.charges.3.price:1:1: 'plans.usage.charges' has 1 item; index 3 is past its end"
      ])
    #expect(
      errors(text, overrides: [Override(parsing: "plans.flat.fee.pro.x=1")!]) == [
        "--set plans.flat.fee.pro.x:1:1: 'plans.flat.fee.pro' is a plain value ('99'); it has no 'x'"
      ])
    #expect(
      errors(text, overrides: [Override(parsing: "plans.usage.charges.overage.price=1")!]) == [
        "--set plans.usage.charges.overage.price:1:1: 'plans.usage.charges' has no item with id 'overage'; expected an index from 0 to 0 or one of the ids: calls"
      ])
    #expect(
      errors(text, overrides: [Override(parsing: "plans.flat.fee+=1")!]) == [
        "--set plans.flat.fee+:1:1: 'plans.flat.fee' is not a list; '+' appends to a list"
      ])
  }

  @Test func aBadValueIsLocatedInTheOverrideNotTheFile() {
    #expect(
      errors(text, overrides: [Override(parsing: "plans.usage.charges.0.tiers.0.price=abc")!]) == [
        "--set plans.usage.charges.0.tiers.0.price:1:1: 'plans.usage.charges.0.tiers.0.price' is 'abc'; expected a dollar amount like 29 or 0.0375"
      ])
    #expect(
      errors(text, overrides: [Override(parsing: "plans.usage.charges+={metric: calls, price: -1}")!]) == [
        "--set plans.usage.charges+:1:24: 'plans.usage.charges.1.price' is -1; expected an amount of zero or more"
      ])
  }

  @Test func aModelIdWithDotsIsOneComponent() throws {
    #expect(
      Override.components(of: "scenarios.base.mix.models.openai/gpt-4.1") == [
        "scenarios", "base", "mix", "models", "openai/gpt-4.1",
      ])
    #expect(
      Override(parsing: "scenarios.base.mix.models.google/gemini-2.5-flash-lite=3")?.path.last
        == "google/gemini-2.5-flash-lite")
    let s = try #require(try set("scenarios.base.mix.models.openai/gpt-4.1=2").scenario("base"))
    #expect(s.mix.modelWeights["openai/gpt-4.1"] == 2)
  }

  @Test func overridesParseAndPrintTheirOperation() throws {
    #expect(Override(parsing: "a.b+=1")?.operation == .append)
    #expect(Override(parsing: "a.b.2-")?.operation == .remove)
    #expect(Override(parsing: "a.b.2-")?.description == "a.b.2-")
    #expect(Override(parsing: "a.b=x=y")?.value == "x=y")
    #expect(Override(parsing: "a..b=1") == nil)
    #expect(Override(parsing: "a.b") == nil)
  }
}
