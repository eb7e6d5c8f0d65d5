import Foundation
import Testing

@testable import MeterbookCore

struct UsageRevenueAnalyzersTests {
  static let result: SimulationResult = {
    do { return try Simulator(scenario: Fixtures.scenario(customers: 80, days: 10, seed: 5)).run() } catch {
      fatalError("simulation fixture: \(error)")
    }
  }()
  static let plans = [
    Plan(
      name: "flat", fees: ["starter": Money(dollars: 29), "pro": Money(dollars: 99), "enterprise": Money(dollars: 299)]),
    Plan(name: "usage", charges: [Charge(metric: "calls", model: .perUnit(price: Money(nanos: 20_000_000), per: 1))]),
  ]
  var context: AnalysisContext { AnalysisContext(Self.result, plans: Self.plans) }

  @Test func profitabilityCountsExactlyTheCustomersWhoseCostExceedsTheirBill() {
    let c = context
    let losers = zip(c.revenueByCustomer, c.costByCustomer).filter { $0 < $1 }.count
    let f = ProfitabilityAnalyzer().findings(c)
    #expect(f.losers.count == losers)
    #expect(f.losers.allSatisfy { $0.margin < .zero })
    #expect(Money.sum(f.customers.map(\.margin)) == Money.sum(c.revenueByCustomer) - c.run.totalCost)
    let r = ProfitabilityAnalyzer().report(c)
    #expect(r.problem.hasPrefix("\(losers) of 80 customers"))
    guard case .keyFigures(let k) = r.blocks[0] else {
      Issue.record("no key figures")
      return
    }
    #expect(k.first { $0.label == "unprofitable customers" }?.raw == Double(losers))
  }

  @Test func featureFindingsAddUpToTheRunAndEachHasAVerdictAndReason() {
    let c = context
    let rows = FeatureEconomicsAnalyzer().findings(c)
    #expect(Money.sum(rows.map(\.cost)) == c.run.totalCost)
    #expect(rows.map(\.calls).reduce(0, +) == c.run.count)
    #expect(rows.allSatisfy { $0.ownRevenue == nil && !$0.reason.isEmpty })
  }

  @Test func pricingReportNamesTheHigherMarginPlanAfterChurn() throws {
    let out = try PlanComparison(plans: Self.plans, period: context.period).outcomes(
      ["flat", "usage"], run: Self.result.run, population: Self.result.population)
    let best = out.max { ($0.marginAfterChurn, $1.plan) < ($1.marginAfterChurn, $0.plan) }
    let r = AnalyzerName.pricing.report(context)
    #expect(
      best?.plan == "flat" ? r.recommendation == "Keep 'flat'." : r.recommendation.hasPrefix("Propose 'usage'"))
  }

  @Test func volumeCliffsNameTheCustomersJustAboveAnEdge() throws {
    let tiers = [
      Charge.Tier(upTo: 100, unitPrice: Money(dollars: 1)),
      Charge.Tier(upTo: nil, unitPrice: Money(nanos: 500_000_000)),
    ]
    let plan = Plan(name: "vol", charges: [Charge(metric: "calls", model: .volume(tiers))])
    // Each customer's calls; those with 101...110 billable calls sit above the cliff.
    var calls = [Int](repeating: 0, count: 80)
    for i in 0..<Self.result.run.count where Self.result.run.status[i] != 1 {
      calls[Int(Self.result.run.customer[i])] += 1
    }
    let expected = Self.result.population.customers.filter { (101...110).contains(calls[$0.index]) }.map(\.id)
    let cliffs = try PlanComparison(plans: [plan], period: context.period).outcomes(
      ["vol"], run: Self.result.run, population: Self.result.population)[0].cliffs
    #expect(cliffs.map(\.customer) == expected)
    #expect(cliffs.allSatisfy { $0.billAboveEdge < $0.billAtEdge })
  }
}

struct PricingProposalTests {
  func proposal() throws -> String {
    let url = Fixtures.repositoryRoot.appendingPathComponent("workbooks/pricing-whatif.yaml")
    let override = try #require(Override(parsing: "scenarios.baseline.customers=60"))
    let session = try WorkbookSession(
      loader: WorkbookLoader(library: Fixtures.library),
      source: try YAMLSource(contentsOf: url, displayPath: "workbooks/pricing-whatif.yaml"),
      overrides: [override], url: url)
    return try session.document(format: "proposal", outputs: [])
  }

  @Test func proposalHasEverySectionAndReproducesByteForByte() throws {
    let a = try proposal()
    let b = try proposal()
    #expect(a == b)
    for section in [
      "# Should we move from flat to usage-based pricing?", "## Decision", "**Question.**", "**Recommendation.**",
      "**Effect.**", "**Who pays what.**", "**Risk.**", "## Plans compared", "## Who pays more, who pays less",
      "## Risks and sensitivity", "## Next steps",
      "## Appendix: method and reproducibility", "| seed | 42 |", "| overrides | scenarios.baseline.customers=60 |",
    ] {
      #expect(a.contains(section), "missing \(section)")
    }
    #expect(
      a.contains(
        "| workbook SHA-256 | \(try Digest.sha256(String(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("workbooks/pricing-whatif.yaml"), encoding: .utf8))) |"
      ))
  }
}

struct RepricingTests {
  let result = UsageRevenueAnalyzersTests.result

  @Test func movingCallsToTheSameModelChangesNothing() throws {
    let (after, moved, quality) = try RepricingWhatIf(model: "openai/gpt-4o-mini", target: "openai/gpt-4o-mini").apply(
      to: result.run, catalog: Fixtures.catalog)
    #expect(moved > 0 && quality == 0)
    #expect(after.cost == result.run.cost)
  }

  @Test func movingToACheaperModelRebillsEveryMovedCallExactly() throws {
    let w = RepricingWhatIf(model: "openai/gpt-4o", target: "openai/gpt-4o-mini", share: 0.5)
    let (after, moved, quality) = try w.apply(to: result.run, catalog: Fixtures.catalog)
    let mini = Fixtures.catalog.model("openai/gpt-4o-mini")!
    var expected = Int64(0)
    var count = 0
    for i in 0..<result.run.count {
      if result.run.dimensions.models[Int(result.run.model[i])].id == "openai/gpt-4o" && w.moves(result.run.callID[i]) {
        count += 1
        let out = result.run.status[i] == 0 ? Int(result.run.outputTokens[i]) : 0
        expected +=
          result.run.status[i] == 1
          ? 0
          : mini.price.cost(input: Int(result.run.inputTokens[i]), output: out, cached: Int(result.run.cachedTokens[i]))
            .int64Nanos ?? 0
      } else {
        expected += result.run.cost[i]
      }
    }
    #expect(moved == count && moved > 0)
    #expect(after.totalCost.nanos == expected)
    #expect(after.totalCost < result.run.totalCost && quality < 0)
  }

  @Test func unknownModelsSuggestTheNearest() {
    #expect(throws: RepricingError.unknownModel("openai/gpt4o", nearest: "openai/gpt-4o")) {
      try RepricingWhatIf(model: "openai/gpt4o", target: "openai/gpt-4o-mini").apply(
        to: result.run, catalog: Fixtures.catalog)
    }
  }
}
