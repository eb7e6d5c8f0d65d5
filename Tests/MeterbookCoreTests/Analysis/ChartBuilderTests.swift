import Foundation
import TestSupport
import Testing

@testable import MeterbookCore

/// The chart builder's numbers: several metrics drawn, plan bills split by customer
/// attributes, refusals that say why, with expectations computed from the run by hand.
struct ChartBuilderTests {
  static func base() throws -> (SimulationResult, ChartBills) {
    let session = try WhatIfWorkbook.session()
    let r = try session.result(for: "base")
    let bills = ChartBills(
      plans: session.workbook.plans, period: r.scenario.period, population: r.population,
      cube: UsageCube(r.run, grain: .period))
    return (r, bills)
  }

  static func bars(_ block: ReportBlock) -> [BarChart.Item] {
    if case .bars(let b) = block { return b.items }
    return []
  }

  @Test func everyMetricGetsItsOwnPanelInTheFirstMetricsOrder() throws {
    let (r, _) = try Self.base()
    let report = try ChartBuilder.report(ChartQuery(metrics: ["cost", "calls"], dimensions: ["provider"]), on: r.run)
    let panels = report.blocks.map(Self.bars).filter { !$0.isEmpty }
    #expect(panels.count == 2)
    let providers = r.run.dimensions.models.map(\.providerName)
    var calls: [String: Int] = [:]
    for i in 0..<r.run.count { calls[providers[Int(r.run.model[i])], default: 0] += 1 }
    #expect(panels[1].map(\.label) == panels[0].map(\.label))
    #expect(panels[1].map(\.value) == panels[0].map { Double(calls[$0.label] ?? -1) })
    let text = TextRenderer(width: 80).render(report)
    #expect(text.contains("cost by provider\n") && text.contains("calls by provider (same order as cost)\n"))
  }

  /// `flat` bills $10 a month per customer and `usage` $0.01 per billable call.
  @Test func planRevenueMarginAndBillChangeComeFromTheBills() throws {
    let (r, bills) = try Self.base()
    let customers = r.population.customers.count
    let flat = WhatIfWorkbook.billed(monthly: Money(dollars: 10)).dollars * Double(customers)
    let usage = Double(WhatIfWorkbook.billableCalls(r)) * 0.01
    let q = ChartQuery(metrics: ["revenue", "margin", "bill_change"], dimensions: ["plan"])
    let report = try ChartBuilder.report(q, on: r.run, bills: bills)
    let panels = report.blocks.map(Self.bars).filter { !$0.isEmpty }
    func value(_ panel: Int, _ plan: String) -> Double { panels[panel].first { $0.label == plan }?.value ?? .nan }
    #expect(abs(value(0, "flat") - flat) < 1e-6)
    #expect(abs(value(0, "usage") - usage) < 1e-6)
    #expect(abs(value(1, "flat") - (flat - r.run.totalCost.dollars)) < 1e-6)
    #expect(abs(value(2, "usage") - (usage - flat) / Double(customers)) < 1e-6)
    #expect(value(2, "flat") == 0)
  }

  @Test func billsSplitByCustomerAttributesAddUpToTheTotal() throws {
    let (r, bills) = try Self.base()
    let flat = WhatIfWorkbook.billed(monthly: Money(dollars: 10)).dollars
    let q = ChartQuery(metrics: ["revenue"], dimensions: ["archetype"], plans: ["flat"])
    let items = Self.bars(try ChartBuilder.report(q, on: r.run, bills: bills).blocks[0])
    let names = r.population.spec.archetypes.map(\.name)
    for item in items {
      let members = r.population.customers.filter { names[$0.archetype] == item.label }.count
      #expect(abs(item.value - flat * Double(members)) < 1e-6, "\(item.label)")
    }
    #expect(Set(items.map(\.label)).isSubset(of: Set(names)) && !items.isEmpty)
  }

  @Test func aBillIsNeverSplitByWhatItHasNoShareIn() throws {
    let (r, bills) = try Self.base()
    for dimension in ["model", "provider", "day", "feature"] {
      let q = ChartQuery(metrics: ["revenue"], dimensions: [dimension])
      #expect(throws: ChartError.notSplittable(metric: "revenue", dimension: dimension)) {
        try ChartBuilder.report(q, on: r.run, bills: bills)
      }
    }
    #expect(throws: ChartError.unknownPlan("flt", choices: ["flat", "usage"])) {
      try ChartBuilder.report(
        ChartQuery(metrics: ["revenue"], dimensions: ["tier"], plans: ["flt"]), on: r.run, bills: bills)
    }
    #expect(throws: ChartQuery.ParseError.invalid(.notSplittable(metric: "revenue", dimension: "model"))) {
      try ChartQuery.parse("revenue by model for flat")
    }
    let error = ChartError.notSplittable(metric: "margin", dimension: "model").description
    #expect(error.hasPrefix("margin cannot be split by model: a customer's bill is one amount for all of their calls"))
  }

  /// `top 2` by model and provider keeps the two costliest models and the two costliest
  /// providers (not the two costliest pairs), sums the rest as "other", and says so.
  @Test func topNAppliesToBothDimensionsAndSaysSo() throws {
    let (r, _) = try Self.base()
    let q = ChartQuery(metrics: ["cost"], dimensions: ["model", "provider"], top: 2)
    let report = try ChartBuilder.report(q, on: r.run)
    let items = Self.bars(report.blocks[0])
    var byModel: [String: Double] = [:]
    var byProvider: [String: Double] = [:]
    for i in 0..<r.run.count {
      let m = r.run.dimensions.models[Int(r.run.model[i])]
      byModel[m.id, default: 0] += Double(r.run.cost[i]) / 1e9
      byProvider[m.providerName, default: 0] += Double(r.run.cost[i]) / 1e9
    }
    func top2(_ totals: [String: Double]) -> Set<String> {
      Set(totals.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(2).map(\.key))
    }
    for item in items.dropLast() {
      let parts = item.label.components(separatedBy: " / ")
      #expect(top2(byModel).contains(parts[0]) && top2(byProvider).contains(parts[1]), "\(item.label)")
    }
    #expect(items.last?.label == "other")
    #expect(abs(items.reduce(0) { $0 + $1.value } - r.run.totalCost.dollars) < 1e-6)
    #expect(
      report.blocks.contains(
        .note("top 2: the 2 largest values of each dimension (model, provider) by cost; the rest summed as \"other\"."))
    )
  }

  @Test func whereValuesMatchIgnoringCaseAndSuggestTheNearest() throws {
    let (r, _) = try Self.base()
    let providers = r.run.dimensions.models.map(\.providerName)
    let openAI = (0..<r.run.count).filter { providers[Int(r.run.model[$0])] == "OpenAI" }.count
    for spelling in ["OpenAI", "openai", "OPENAI"] {
      let q = ChartQuery(metrics: ["calls"], dimensions: ["provider"], filters: ["provider": spelling])
      let report = try ChartBuilder.report(q, on: r.run)
      #expect(report.title == "calls by provider where provider = OpenAI")
      #expect(Self.bars(report.blocks[0]).map(\.value) == [Double(openAI)])
    }
    let typo = ChartQuery(metrics: ["calls"], dimensions: ["tier"], filters: ["provider": "opnai"])
    do {
      _ = try ChartBuilder.report(typo, on: r.run)
      Issue.record("a value that matches nothing was accepted")
    } catch {
      #expect(
        error.located(in: "chart calls by tier where provider = opnai")
          == "no provider matches 'opnai'; did you mean 'OpenAI'?\n  chart calls by tier where provider = opnai\n"
          + String(repeating: " ", count: 2 + "chart calls by tier where provider = ".count) + "^^^^^")
    }
  }

  /// The builder's charts as a reader sees them without color: panels per metric, plan
  /// metrics, a multi-series line with its markers, stacked bars over time, top N of both
  /// dimensions, weeks for days that do not fit.
  @Test(arguments: [80, 120])
  func builtChartsMatchTheirGoldenFiles(width: Int) throws {
    let (r, bills) = try Self.base()
    var long = RunBuilder(days: 400)
    for day in 0..<400 { long.add(day: day, count: 1 + day % 7) }
    let queries: [(ChartQuery, Run)] = [
      (ChartQuery(metrics: ["cost", "calls"], dimensions: ["provider"]), r.run),
      (ChartQuery(metrics: ["revenue", "bill_change"], dimensions: ["plan"]), r.run),
      (ChartQuery(metrics: ["margin"], dimensions: ["archetype"], type: "grouped", plans: ["usage"]), r.run),
      (ChartQuery(metrics: ["cost"], dimensions: ["day", "provider"], type: "line"), r.run),
      (ChartQuery(metrics: ["calls"], dimensions: ["day", "provider"]), r.run),
      (ChartQuery(metrics: ["cost"], dimensions: ["model", "provider"], top: 2), r.run),
      (ChartQuery(metrics: ["calls"], dimensions: ["day"]), long.run),
    ]
    let renderer = TextRenderer(width: width, palette: .plain)
    let text = try queries.map { q, run in renderer.render(try ChartBuilder.report(q, on: run, bills: bills)) }
    assertSnapshot(text.joined(separator: "\n\n"), named: "built-charts-\(width)")
    for line in text.joined(separator: "\n").split(separator: "\n") { #expect(line.count <= width, "\(line)") }
  }
}
