import Testing

@testable import MeterbookCore

/// A workbook shown in euros with a euro plan and a dollar plan over January and February
/// 2026 (EUR/USD 1.1712, then 1.1588 in `fx/ecb-2026`): the run summary, `compare` and
/// scenario comparisons show every amount in euros and name the rates they used.
struct ConvertedReportsTests: LoadsWorkbookText {
  let text = """
    title: euros and dollars
    period: {start: 2026-01-01, days: 59}
    fx: fx/ecb-2026
    display_currency: EUR
    scenarios:
      base: {customers: 10}
      twin: {customers: 10}
    plans:
      dollars:
        fee: 29
      euros:
        currency: EUR
        fee: 25
    cells:
      - run: base
      - compare: {plans: [dollars, euros], on: base}
    """

  func session() throws -> WorkbookSession {
    try WorkbookSession(loader: loader, source: try YAMLSource(text: text, path: "wb.yaml"))
  }

  /// Each customer's two $29 invoices: $29 / 1.1712 = €24.760928962 (…9617…) for January,
  /// $29 / 1.1588 = €25.025888851 (…8505…) for February, €49.786817813 a customer.
  static let dollarPlanInEuros = Money(nanos: 497_868_178_130 as Int64)

  /// The run's USD AI cost with January's calls at 1.1712 and February's at 1.1588.
  func aiCostInEuros(_ run: Run) -> Double {
    let february = Int64(CalendarDay(year: 2026, month: 2, day: 1).daysSinceEpoch) * 86_400
    var (january, rest) = (0.0, 0.0)
    for i in 0..<run.count {
      if run.timestamp[i] < february { january += Double(run.cost[i]) } else { rest += Double(run.cost[i]) }
    }
    return (january / 1.1712 + rest / 1.1588) / 1e9
  }

  @Test func theRunSummaryShowsTheCurrentPlanAndTheAICostInEuros() throws {
    let s = try session()
    let outputs = try s.run()
    let figures = try #require(
      outputs[0].report.blocks.lazy.compactMap { if case .keyFigures(let f) = $0 { f } else { nil } }.first)
    let value = { (label: String) in figures.first { $0.label == label }?.value }
    #expect(value("revenue (dollars)") == "€497.87")
    let cost = aiCostInEuros(try s.result(for: "base").run)
    #expect(value("AI cost") == Format.money(dollars: cost).replacingOccurrences(of: "$", with: "€"))
    let notes = outputs[0].report.blocks.compactMap { if case .note(let n) = $0 { n } else { nil } }
    #expect(
      notes.contains { $0.contains("EUR/USD 1.1712 from 2026-01-01") && $0.contains("EUR/USD 1.1588 from 2026-02-01") })
  }

  @Test func compareSetsTheDollarPlanBesideTheEuroPlanInEuros() throws {
    let s = try session()
    let report = try s.run()[1].report
    let table = try #require(report.blocks.lazy.compactMap { if case .table(let t) = $0 { t } else { nil } }.first)
    // revenue column: the dollar plan converted per invoice, the euro plan as billed (2 × €25 × 10).
    #expect(table.rows.map { $0[1] } == [Format.money(Self.dollarPlanInEuros, in: .eur), "€500.00"])
    #expect(table.rows.map { $0[1] } == ["€497.87", "€500.00"])
    #expect(report.impact.contains("'euros' earns €2.13 more gross margin"))
  }

  /// A chart of the plans' bills reads them converted like `compare`, margin against the AI
  /// cost in euros, and names the rates.
  @Test func chartsOfBillsShowEuros() throws {
    let s = try session()
    let r = try s.result(for: "base")
    let bills = ChartBills(
      plans: s.workbook.plans, period: r.scenario.period, population: r.population, cube: try s.cube(for: "base"),
      money: s.workbook.money)
    let report = try ChartBuilder.report(
      ChartQuery(metrics: ["revenue", "margin"], dimensions: ["plan"]), on: r.run, bills: bills)
    let panels = report.blocks.compactMap { if case .bars(let b) = $0 { b } else { nil } }
    #expect(panels.count == 2 && panels.allSatisfy { $0.items.allSatisfy { $0.display.hasPrefix("€") } })
    let revenue = Dictionary(uniqueKeysWithValues: (panels.first?.items ?? []).map { ($0.label, $0.value) })
    #expect(revenue["dollars"] == Self.dollarPlanInEuros.dollars && revenue["euros"] == 500)
    let margin = panels.last?.items.first { $0.label == "euros" }?.value ?? .nan
    #expect(abs(margin - (500 - aiCostInEuros(r.run))) < 1e-6)
    #expect(panels.first?.items.first { $0.label == "dollars" }?.display == "€497.87")
    let notes = report.blocks.compactMap { if case .note(let n) = $0 { n } else { nil } }
    #expect(notes.contains { $0.hasPrefix("Amounts in EUR") })
  }

  /// A plan's terms print in its own currency, whatever the display currency.
  @Test func aPlanStatesItsPricesInItsOwnCurrency() throws {
    let plans = try session().workbook.plans
    #expect(plans.map(\.summary) == ["$29.00 a month", "€25.00 a month"])
  }

  @Test func scenariosSideBySideShowEuros() throws {
    let s = try session()
    let results = [MeasuredRun(try s.result(for: "base")), MeasuredRun(try s.result(for: "twin"))]
    let report = try ScenarioComparison(plans: s.workbook.plans, money: s.workbook.money).report(
      results, show: [.revenue(plan: "dollars"), .revenue(plan: "euros")])
    let table = try #require(report.blocks.lazy.compactMap { if case .table(let t) = $0 { t } else { nil } }.first)
    #expect(table.rows.map { Array($0.prefix(2)) } == [["revenue.dollars", "€497.87"], ["revenue.euros", "€500.00"]])
    let notes = report.blocks.compactMap { if case .note(let n) = $0 { n } else { nil } }
    #expect(notes.contains { $0.hasPrefix("Amounts in EUR") })
  }
}
