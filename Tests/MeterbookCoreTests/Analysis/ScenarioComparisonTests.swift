import Foundation
import Testing

@testable import MeterbookCore

/// `compare scenarios`: headline figures side by side, changes against the first scenario,
/// and the top movers of the AI bill.
struct ScenarioComparisonTests {
  private func table(_ r: Report, titled title: String) -> Table? {
    for case .table(let t) in r.blocks where t.title == title { return t }
    return nil
  }

  private func row(_ t: Table?, _ figure: String) -> [String]? { t?.rows.first { $0.first == figure } }

  @Test func eachPlanIsBilledOnEachScenarioAndTheChangeIsAgainstTheFirst() throws {
    let session = try WhatIfWorkbook.session()
    let (base, other) = (try session.result(for: "base"), try session.result(for: "other"))
    let report = try ScenarioComparison(plans: session.workbook.plans).report([MeasuredRun(base), MeasuredRun(other)])
    let t = try #require(table(report, titled: "Headline figures"))
    #expect(t.columns == ["figure", "base", "other", "Δ other", "Δ% other"])
    #expect(
      t.rows.map { $0[0] } == [
        "calls", "active customers", "AI cost", "revenue.flat", "revenue.usage", "margin.flat", "margin.usage",
        "error rate",
      ])
    // Known answer: flat bills $10 prorated to 5 of January's 31 days × customers (20 and 30).
    let fee = WhatIfWorkbook.billed(monthly: Money(dollars: 10))
    #expect(
      row(t, "revenue.flat") == [
        "revenue.flat", Format.money(fee * 20), Format.money(fee * 30), "+" + Format.money(fee * 10), "+50.0%",
      ])
    let usage = { (r: SimulationResult) in Money(dollars: 0, cents: 1) * Int64(WhatIfWorkbook.billableCalls(r)) }
    #expect(row(t, "revenue.usage")?[1] == Format.money(usage(base)))
    #expect(row(t, "revenue.usage")?[2] == Format.money(usage(other)))
    #expect(
      row(t, "margin.usage")?[3] == "+"
        + Format.money((usage(other) - other.run.totalCost) - (usage(base) - base.run.totalCost)))
    #expect(row(t, "calls")?[1] == Format.integer(base.run.count))
    #expect(row(t, "calls")?[3] == "+" + Format.integer(other.run.count - base.run.count))
  }

  @Test func showPicksFiguresInTheOrderGiven() throws {
    let session = try WhatIfWorkbook.session()
    let results = [MeasuredRun(try session.result(for: "base")), MeasuredRun(try session.result(for: "other"))]
    let show = try WhatIfFigure.parse(["AI_cost", "margin"], plans: ["flat", "usage"])
    let report = try ScenarioComparison(plans: session.workbook.plans).report(results, show: show)
    #expect(
      table(report, titled: "Headline figures")?.rows.map { $0[0] } == ["AI cost", "margin.flat", "margin.usage"])
  }

  @Test func aScenarioSetAgainstAnIdenticalOneChangesNothingAndHasNoMovers() throws {
    let text = WhatIfWorkbook.text.replacingOccurrences(of: "    customers: 30\n", with: "")
    let session = try WhatIfWorkbook.session(text)
    let report = try ScenarioComparison(plans: session.workbook.plans).report([
      MeasuredRun(try session.result(for: "base")), MeasuredRun(try session.result(for: "other")),
    ])
    let t = try #require(table(report, titled: "Headline figures"))
    #expect(t.rows.allSatisfy { ["0", "$0.00", "0.0 pp"].contains($0[3]) }, "\(t.rows)")
    #expect(report.blocks.contains(.note("'other' spends exactly what 'base' spends on every provider and model.")))
  }

  /// Movers by hand: model costs built call by call, so every change is known.
  @Test func moversAreTheLargestChangesByProviderThenModelTiesByName() throws {
    let models = ["openai/gpt-4o", "openai/gpt-4o-mini", "anthropic/claude-haiku-4-5", "google/gemini-2.5-flash"]
    for m in models { #expect(Fixtures.catalog.index(of: m) != nil, "fixture model \(m)") }
    var a = RunBuilder()
    var b = RunBuilder()
    a.add(day: 0, model: models[0], count: 10)
    b.add(day: 0, model: models[0], count: 4)  // gpt-4o falls
    a.add(day: 0, model: models[1], count: 10)
    b.add(day: 0, model: models[1], count: 10)  // unchanged: not a mover
    b.add(day: 0, model: models[2], count: 5)  // new in b
    a.add(day: 0, model: models[3], count: 3)  // gone in b
    let (ra, rb) = (a.finished(), b.finished())
    func cost(_ m: String, _ n: Int64) -> Money {
      Fixtures.catalog.model(m)!.price.cost(input: 1000, output: 200, cached: 0) * n
    }
    let movers = ScenarioComparison.movers(from: UsageCube(ra), to: UsageCube(rb), count: 5)
    let modelMovers = movers.filter { $0.dimension == "model" }
    #expect(Set(modelMovers.map(\.name)) == [models[0], models[2], models[3]])
    #expect(modelMovers.map { abs($0.change.nanos) } == modelMovers.map { abs($0.change.nanos) }.sorted(by: >))
    #expect(modelMovers.first { $0.name == models[0] }?.change == -cost(models[0], 6))
    #expect(modelMovers.first { $0.name == models[2] }?.before == .zero)
    #expect(modelMovers.first { $0.name == models[3] }?.after == .zero)
    #expect(
      movers.prefix { $0.dimension == "provider" }.count == movers.filter { $0.dimension == "provider" }.count,
      "providers come first")
    #expect(
      ScenarioComparison.movers(from: UsageCube(ra), to: UsageCube(rb), count: 1).filter { $0.dimension == "model" }
        .count == 1)
  }

  @Test func equalChangesRankByName() throws {
    // One call on each of two models, whose costs are then set by hand: both move by $50.
    func run(_ costs: [Int64]) -> Run {
      var b = RunBuilder()
      b.add(day: 0, model: "openai/gpt-4o")
      b.add(day: 0, model: "anthropic/claude-haiku-4-5")
      for (i, c) in costs.enumerated() { b.run.cost[i] = c * 1_000_000_000 }
      return b.finished()
    }
    let movers = ScenarioComparison.movers(from: UsageCube(run([100, 100])), to: UsageCube(run([150, 50])))
    #expect(movers.map(\.name) == ["Anthropic", "OpenAI", "anthropic/claude-haiku-4-5", "openai/gpt-4o"])
    #expect(movers.map(\.change) == [-50, 50, -50, 50].map { Money(dollars: $0) })
  }

  @Test func compareScenarioCellsDecodeRunAndRefuseBadLists() throws {
    let session = try WhatIfWorkbook.session(
      WhatIfWorkbook.text + """

          - compare: {scenarios: [base, other], show: [AI cost, revenue]}
        """)
    let cell = try #require(session.workbook.cells.last)
    #expect(cell.id == "compare-base-other")
    #expect(cell.kind == .compareScenarios(scenarios: ["base", "other"], show: ["AI cost", "revenue"]))
    #expect(cell.dependencies == ["scenarios.base", "scenarios.other", "plans.*"])
    let out = try session.run(cells: [cell.id])
    #expect(out[0].report.title == "Scenarios side by side: base, other")
    #expect(
      table(out[0].report, titled: "Headline figures")?.rows.map { $0[0] } == [
        "AI cost", "revenue.flat", "revenue.usage",
      ])

    struct Loads: LoadsWorkbookText {}
    let errors = Loads().errors(
      WhatIfWorkbook.text + """

          - compare: {scenarios: [base]}
          - compare: {scenarios: [base, bse]}
          - compare: {scenarios: [base, base]}
          - compare: {scenarios: [base, other], on: base}
          - compare: {scenarios: [base, other], show: [profit]}
        """)
    #expect(errors.count == 5, "\(errors)")
    #expect(errors[0].hasSuffix("compare has 1 scenario; expected at least two to set side by side"))
    #expect(errors[1].hasSuffix("unknown scenario 'bse'; expected one of: base, other"))
    #expect(errors[2].hasSuffix("scenario 'base' is listed twice; expected each scenario once"))
    #expect(errors[3].hasSuffix("a compare cell with scenarios has no 'on'; expected scenarios and show"))
    #expect(errors[4].contains("unknown figure 'profit'"))
  }
}
