import Testing

@testable import MeterbookCore

/// Known answers for feature economics: verdicts follow the stated thresholds from what the
/// data supports, and feature revenue is only a feature's own price.
struct FeatureEconomicsTests {
  /// 20 customers over 28 days: every one calls 'chat' twice a day on gpt-4o-mini; only the
  /// first calls 'code', twice a day on claude-opus with 20k-token prompts.
  static let planted: AnalysisContext = {
    var b = RunBuilder(days: 28, customers: 20)
    for day in 0..<28 {
      for c in 0..<20 { b.add(day: day, customer: c, feature: 0, count: 2) }
      b.add(day: day, hour: 15, customer: 0, model: "anthropic/claude-opus-4-5", input: 20_000, feature: 1, count: 2)
    }
    return b.context()
  }()

  func finding(_ rows: [FeatureFinding], _ name: String) throws -> FeatureFinding {
    try #require(rows.first { $0.feature == name })
  }

  @Test func anExpensiveRarelyUsedFeatureIsSunsetAndACheapWidelyUsedOneIsAnInvestment() throws {
    let c = Self.planted
    let rows = FeatureEconomicsAnalyzer().findings(c)
    let chat = try finding(rows, "chat")
    let code = try finding(rows, "code")
    #expect(chat.activeCustomers == 20 && chat.adoption == 1)
    #expect(code.activeCustomers == 1 && code.adoption == 0.05)
    #expect(code.costPerActiveCustomer == c.monthly(code.cost))
    #expect(chat.costPerActiveCustomer == c.monthly(chat.cost).scaled(by: 1, per: 20))
    #expect(code.othersMedianCost == chat.costPerActiveCustomer)
    #expect(chat.costGrowth == 0 && chat.ownRevenue == nil && chat.margin == nil)
    #expect(code.verdict == .sunset && code.reason.hasPrefix("5% adoption (< 10%)"))
    #expect(chat.verdict == .invest)
    #expect(Money.sum(rows.map(\.cost)) == c.run.totalCost)
    #expect(rows.map(\.feature) == ["code", "chat"])
  }

  @Test func withoutAFeaturePriceTheReportSaysRevenueIsUnknownAndPrintsNoMargin() throws {
    let r = FeatureEconomicsAnalyzer().report(Self.planted)
    #expect(r.problem.hasPrefix("Feature-level revenue is unknown"))
    guard case .table(let t) = r.blocks.first else {
      Issue.record("no table")
      return
    }
    #expect(!t.columns.contains("margin %") && !t.columns.contains("revenue"))
    #expect(r.recommendation.hasPrefix("Sunset 'code'"))
    #expect(r.outcome == "Verdicts: 1 invest, 0 watch, 0 reprice, 1 sunset.")
  }

  @Test func aFeatureChargedOnItsOwnIsJudgedOnItsOwnMargin() throws {
    var c = Self.planted
    c.plans = [
      Plan(
        name: "priced", fees: ["*": Money(dollars: 29)],
        charges: [
          Charge(metric: "calls", model: .perUnit(price: Money(nanos: 1_000_000), per: 1), filter: ["feature": "code"])
        ])
    ]
    let rows = FeatureEconomicsAnalyzer().findings(c)
    let code = try finding(rows, "code")
    // 56 calls at $0.001: $0.056 of own revenue against far more AI cost.
    #expect(code.ownRevenue == Money(nanos: 56_000_000))
    #expect(code.margin == Money(nanos: 56_000_000) - code.cost)
    #expect(code.verdict == .sunset && code.reason.contains("on its own price"))
    #expect(try finding(rows, "chat").ownRevenue == nil)
    let r = FeatureEconomicsAnalyzer().report(c)
    #expect(r.problem.hasPrefix("Only 'code' has a price of its own"))
    guard case .table(let t) = r.blocks.first, let column = t.columns.firstIndex(of: "own revenue") else {
      Issue.record("no own revenue column")
      return
    }
    #expect(t.rows.first { $0[0] == "chat" }?[column] == "unknown")
  }

  @Test func costGrowthComparesCostPerDayOfTheTwoHalves() throws {
    var b = RunBuilder(days: 28, customers: 5)
    for day in 0..<28 {
      for c in 0..<5 { b.add(day: day, customer: c, count: day < 14 ? 3 : 6) }
    }
    let rows = FeatureEconomicsAnalyzer().findings(b.context())
    let chat = try finding(rows, "chat")
    #expect(abs((chat.costGrowth ?? 0) - 1) < 1e-12)
    #expect(chat.verdict == .watch && chat.reason.hasPrefix("cost per day grew 100%"))
    #expect(chat.othersMedianCost == nil)
  }

  static func base() -> FeatureFinding {
    FeatureFinding(
      feature: "f", calls: 1000, cost: Money(dollars: 100), activeCustomers: 50, adoption: 0.5,
      costPerActiveCustomer: Money(dollars: 2), othersMedianCost: Money(dollars: 4), shareOfRevenuePerCustomer: 0.02,
      firstDay: 0, costGrowth: 0, adopterChurn: nil, otherChurn: nil, ownRevenue: nil, verdict: .watch, reason: "")
  }

  static let rules: [(String, @Sendable (inout FeatureFinding) -> Void, FeatureFinding.Verdict)] = [
    ("cheap and wide", { _ in }, .invest),
    ("dear against others", { $0.costPerActiveCustomer = Money(dollars: 5) }, .watch),
    ("rare and dear", { ($0.adoption, $0.costPerActiveCustomer) = (0.05, Money(dollars: 8)) }, .sunset),
    ("a tenth of revenue", { $0.shareOfRevenuePerCustomer = 0.12 }, .reprice),
    ("fast growth", { $0.costGrowth = 0.6 }, .watch),
    ("adopters leave", { ($0.adopterChurn, $0.otherChurn) = (0.2, 0.05) }, .watch),
    ("own price loses, wide", { $0.ownRevenue = Money(dollars: 50) }, .reprice),
    ("own price loses, rare", { ($0.ownRevenue, $0.adoption) = (Money(dollars: 50), 0.05) }, .sunset),
    ("own price earns 60%", { $0.ownRevenue = Money(dollars: 250) }, .invest),
    ("own price earns 20%", { $0.ownRevenue = Money(dollars: 125) }, .watch),
    (
      "own price covers a tenth", { ($0.ownRevenue, $0.shareOfRevenuePerCustomer) = (Money(dollars: 250), 0.12) },
      .invest
    ),
  ]

  @Test(arguments: rules.indices) func verdictsFollowTheStatedThresholds(_ k: Int) {
    var f = Self.base()
    Self.rules[k].1(&f)
    #expect(FeatureThresholds().judge(f).0 == Self.rules[k].2, "\(Self.rules[k].0)")
  }
}
