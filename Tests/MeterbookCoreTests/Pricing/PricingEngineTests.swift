import Testing

@testable import MeterbookCore

/// Worked examples from the billing engines' documentation (see specs/pricing.md).
struct PricingEngineTests {
  let tiers = [
    Charge.Tier(upTo: 1_000, unitPrice: Money(nanos: 10_000_000)),
    Charge.Tier(upTo: 10_000, unitPrice: Money(nanos: 8_000_000)),
    Charge.Tier(upTo: nil, unitPrice: Money(nanos: 5_000_000)),
  ]

  @Test func graduatedPricesEachSliceAtItsTierVolumePricesAllAtOne() {
    #expect(Charge(metric: "calls", model: .graduated(tiers)).amount(units: 15_000) == Money(dollars: 107))
    #expect(Charge(metric: "calls", model: .volume(tiers)).amount(units: 15_000) == Money(dollars: 75))
  }

  @Test func flatTierAmountsAddOncePerReachedTier() {
    let flat = tiers.map { Charge.Tier(upTo: $0.upTo, unitPrice: $0.unitPrice, flat: Money(dollars: 10)) }
    #expect(Charge(metric: "calls", model: .graduated(flat)).amount(units: 15_000) == Money(dollars: 137))
    #expect(Charge(metric: "calls", model: .volume(flat)).amount(units: 15_000) == Money(dollars: 85))
  }

  @Test func volumeTiersHaveACliffAtTheEdge() {
    let volume = Charge(metric: "calls", model: .volume(tiers))
    #expect(volume.amount(units: 10_000) == Money(dollars: 80))
    #expect(volume.amount(units: 10_001).decimalString(places: 3) == "50.005")
    let graduated = Charge(metric: "calls", model: .graduated(tiers))
    #expect(graduated.amount(units: 10_000) == Money(dollars: 82))
    #expect(graduated.amount(units: 10_001).decimalString(places: 3) == "82.005")
  }

  @Test func packagesRoundUpAfterFreeUnits() {
    let c = Charge(metric: "calls", model: .package(price: Money(dollars: 5), size: 1_000), included: 100)
    #expect(c.amount(units: 2_350) == Money(dollars: 15))
  }

  @Test func perUnitPricesPerBlockOfUnitsWithAnAllowance() {
    let c = Charge(metric: "tokens", model: .perUnit(price: Money(nanos: 20_000_000), per: 1_000), included: 10_000)
    #expect(c.amount(units: 9_000) == .zero)
    #expect(c.amount(units: 60_500) == Money(nanos: 1_010_000_000))
  }

  @Test func costPlusMarksUpTheAICost() {
    #expect(
      Charge(metric: "cost", model: .markup(0.3)).amount(units: Int64(Money(dollars: 10).nanos)) == Money(dollars: 13))
  }

  @Test func minimumCommitmentTrueUpRaisesTheBillToTheMinimum() {
    let engine = PricingEngine(plans: [], period: .january2026)
    let plan = Plan(
      name: "commit", fees: ["*": Money(dollars: 20)],
      charges: [Charge(metric: "calls", model: .perUnit(price: Money(dollars: 1), per: 1))],
      minimum: Money(dollars: 500))
    let low = engine.firstInvoice(plan, tier: "pro", units: [300])
    #expect(low.total == Money(dollars: 500))
    #expect(
      low.lines.last == Bill.Line(label: "minimum commitment true-up", amount: Money(dollars: 180), kind: .minimum))
    #expect(engine.firstInvoice(plan, tier: "pro", units: [630]).total == Money(dollars: 650))
  }

  @Test func creditsApplyBeforeTheCap() {
    let plan = Plan(
      name: "p", charges: [Charge(metric: "calls", model: .perUnit(price: Money(dollars: 1), per: 1))],
      cap: Money(dollars: 100), credits: Money(dollars: 30))
    let engine = PricingEngine(plans: [], period: .january2026)
    #expect(engine.firstInvoice(plan, tier: "", units: [50]).total == Money(dollars: 20))
    #expect(engine.firstInvoice(plan, tier: "", units: [500]).total == Money(dollars: 100))
  }

  @Test func revenueIsTheSumOfBillsAndAPlanComparedWithItselfChangesNothing() throws {
    let s = Fixtures.scenario(customers: 60, days: 7)
    let r = try Simulator(scenario: s).run()
    let plans = [
      Plan(
        name: "flat",
        fees: ["starter": Money(dollars: 29), "pro": Money(dollars: 99), "enterprise": Money(dollars: 299)]),
      Plan(name: "usage", charges: [Charge(metric: "calls", model: .graduated(tiers))]),
    ]
    let out = try PlanComparison(plans: plans, period: s.period).outcomes(
      ["flat", "usage", "flat"], run: r.run, population: r.population)
    for o in out { #expect(o.revenue == Money.sum(o.bills.map(\.total))) }
    #expect(zip(out[0].bills, out[2].bills).allSatisfy { $0.total == $1.total })
    #expect(out[1].revenue > .zero)
  }
}

struct UsageCubeTests {
  @Test func theCubeKeepsEveryTotalAndBillsLikeTheCalls() throws {
    let r = try Simulator(scenario: Fixtures.scenario(customers: 40, days: 3)).run()
    let cube = UsageCube(r.run)
    #expect(cube.cells.count < r.run.count)
    #expect(cube.totalCost == r.run.totalCost)
    #expect(cube.cells.reduce(0) { $0 + $1.calls } == Int64(r.run.count))
    // Bills straight from the calls, for comparison.
    let plan = Plan(
      name: "p", fees: ["*": Money(dollars: 10)],
      charges: [
        Charge(
          metric: "tokens", model: .perUnit(price: Money(nanos: 10_000_000), per: 1_000), included: 5_000,
          filter: ["provider": "OpenAI"]),
        Charge(
          metric: "calls",
          model: .graduated([
            .init(upTo: 100, unitPrice: Money(nanos: 30_000_000)),
            .init(upTo: nil, unitPrice: Money(nanos: 10_000_000)),
          ]), filter: ["task_type": "code"]),
      ])
    var tokens = [Int64](repeating: 0, count: 40)
    var calls = [Int64](repeating: 0, count: 40)
    for i in 0..<r.run.count where r.run.status[i] != 1 {
      let c = Int(r.run.customer[i])
      if r.run.dimensions.models[Int(r.run.model[i])].providerName == "OpenAI" {
        tokens[c] += Int64(r.run.inputTokens[i]) + Int64(r.run.outputTokens[i])
      }
      if r.run.dimensions.taskTypes[Int(r.run.task[i])] == "code" { calls[c] += 1 }
    }
    let engine = PricingEngine(plans: [plan], period: r.scenario.period)
    let bills = engine.bills(plan, cube: cube, population: r.population)
    for c in 0..<40 {
      #expect(
        bills[c].invoices
          == [
            engine.firstInvoice(
              plan, tier: r.population.spec.tiers[r.population.customers[c].tier].name, units: [tokens[c], calls[c]])
          ])
    }
  }
}

extension UsageCubeTests {
  /// The period cube (built by direct indexing) holds the hourly cube's cells summed over the
  /// hours, in (customer, model, task, feature) order.
  @Test func thePeriodCubeIsTheHourlyCubeSummedOverHours() throws {
    let r = try Simulator(scenario: Fixtures.scenario(customers: 30, days: 4)).run()
    let period = UsageCube(r.run, grain: .period)
    var sums: [[Int64]: [Int64]] = [:]
    for c in UsageCube(r.run, grain: .hour).cells {
      let key = [Int64(c.key.customer), Int64(c.key.model), Int64(c.key.task), Int64(c.key.feature)]
      let values = [
        c.calls, c.errors, c.timeouts, c.inputTokens, c.outputTokens, c.cachedTokens, c.cost, c.billableCalls,
        c.billableInput,
        c.billableOutput, c.billableCached,
      ]
      sums[key] = zip(sums[key] ?? Array(repeating: 0, count: values.count), values).map { $0 + $1 }
    }
    let expected = sums.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { [$0, sums[$0] ?? []] }
    let actual = period.cells.map { c in
      [
        [Int64(c.key.customer), Int64(c.key.model), Int64(c.key.task), Int64(c.key.feature)],
        [
          c.calls, c.errors, c.timeouts, c.inputTokens, c.outputTokens, c.cachedTokens, c.cost, c.billableCalls,
          c.billableInput,
          c.billableOutput, c.billableCached,
        ],
      ]
    }
    #expect(actual == expected)
    #expect(Set(period.cells.map(\.key.hour)).count == 1)
  }
}

/// Cost-plus marks up the AI cost of billable calls only.
struct CostPlusFailedCallTests {
  @Test func aFailedCallsImportedCostIsNeitherMarkedUpNorBilled() {
    var b = RunBuilder(customers: 1)
    b.add(day: 0, input: 1000, output: 200, count: 2)
    // An export may give a failed call a cost; plans must not bill it.
    b.run.status[1] = Run.statusCode(.error)
    b.run.cost[1] = 1_000_000_000  // $1
    let ok = b.run.cost[0]  // gpt-4o-mini: 1000 × $0.15 + 200 × $0.60 per 1M = $0.00027
    #expect(ok == 270_000)
    let plan = Plan(name: "cost-plus", charges: [Charge(metric: "cost", model: .markup(0.2))])
    let engine = PricingEngine(plans: [plan], period: .january2026)
    #expect(engine.usage(plan, run: b.run, customers: 1) == [[270_000]])
    let bill = engine.firstInvoice(plan, units: engine.usage(plan, run: b.run, customers: 1).map { $0[0] })
    #expect(bill.lines.map(\.amount) == [Money(nanos: 324_000)])  // $0.00027 × 1.2, not ($1.00027) × 1.2
  }
}
