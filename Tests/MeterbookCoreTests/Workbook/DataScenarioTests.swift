import Foundation
import Testing

@testable import MeterbookCore

/// A workbook scenario made of real calls (`data:`): billed exactly, tiered by the workbook,
/// grown without touching a real call, and without fake bands under `seeds N`.
struct DataScenarioTests {
  @Test func plansBillTheImportedCallsToTheNanoDollar() throws {
    let book = try DataWorkbook()
    defer { book.cleanUp() }
    let session = try book.session()
    let r = try session.result(for: "real")
    #expect(r.run.count == 4)
    #expect(r.run.totalCost == Money(dollars: 4))
    #expect(r.scenario.period == Period(start: CalendarDay(year: 2026, month: 3, day: 1), days: 31))
    let c = session.context(r)
    #expect(r.population.customers.map(\.id) == ["acme", "globex", "initech"])
    let flat = try #require(session.workbook.plan("flat"))
    let usage = try #require(session.workbook.plan("usage"))
    #expect(
      c.engine.bills(flat, run: r.run, population: r.population).map(\.total)
        == [Money(dollars: 99), Money(dollars: 29), Money(dollars: 29)])
    #expect(
      c.engine.bills(usage, run: r.run, population: r.population).map(\.total)
        == [Money(nanos: 90_000_000), .zero, Money(nanos: 20_000_000)])
    let compare = try session.run(cells: ["compare-flat-usage"])[0].report
    let table = try #require(compare.blocks.compactMap { if case .table(let t) = $0 { t } else { nil } }.first)
    #expect(table.rows[0].prefix(3) == ["flat", "$157.00", "$153.00"])
    #expect(table.rows[1].prefix(3) == ["usage", "$0.1100", "-$3.89"])
  }

  @Test func customerTiersSetEachCustomersTierAndNothingElse() throws {
    let book = try DataWorkbook()
    defer { book.cleanUp() }
    let r = try book.session().result(for: "real")
    let tiers = r.population.customers.map { r.population.spec.tiers[$0.tier].name }
    #expect(tiers == ["pro", "starter", "starter"])
    #expect((0..<r.run.count).map { r.run[$0].subscriptionTier } == ["pro", "pro", "starter", "starter"])
    let catalog = Fixtures.catalog
    let mapping = try ColumnMapping.resolve("litellm", library: Fixtures.library, catalog: catalog)
    let (raw, _) = try UsageImporter(catalog: catalog, mapping: mapping).read(
      contentsOf: book.folder.folder.appendingPathComponent("usage.csv"))
    for i in 0..<raw.count {
      var expected = raw[i]
      expected.subscriptionTier = r.run[i].subscriptionTier
      #expect(r.run[i] == expected)
    }
  }

  @Test func theImportReportIsPartOfTheRunAndTheLoad() throws {
    let book = try DataWorkbook()
    defer { book.cleanUp() }
    let session = try book.session()
    #expect(session.workbook.importNotes == ["data usage.csv: read 4 rows: 4 kept, 0 skipped"])
    let text = TextRenderer(width: 120).render(try session.run(cells: ["run-real"])[0].report)
    #expect(text.contains("Real calls from 'usage.csv' (map litellm): 4 calls of 3 customers over 31 days"))
    #expect(text.contains("the same under every seed"))
    #expect(text.contains("read 4 rows: 4 kept, 0 skipped"))
    #expect(text.contains("subscription_tier: from the workbook's customer_tiers"))
  }

  @Test func growthAddsCallsAfterTheRealOnesLeavingEveryRealCallAsItWas() throws {
    let book = try DataWorkbook(csv: DataWorkbook.busyCSV)
    defer { book.cleanUp() }
    let session = try book.session()
    let real = try session.result(for: "real").run
    let grown = try session.result(for: "grown")
    #expect(real.count == 372)
    #expect(grown.run.count > real.count + 100)
    for i in 0..<real.count { #expect(grown.run[i] == real[i]) }
    // Exported, every real call's row is in the grown run's file, byte for byte.
    var rows: [String: Int] = [:]
    for line in try Fixtures.csv(grown.run).components(separatedBy: "\r\n") { rows[line, default: 0] += 1 }
    let realLines = try Fixtures.csv(real).components(separatedBy: "\r\n")
    #expect(realLines.count == 374)
    for line in realLines {
      #expect(rows[line, default: 0] > 0)
      rows[line, default: 0] -= 1
    }
    // The added calls: the same for the same seed on any thread count, new customers included.
    let scenario = grown.scenario
    let one = try Simulator(scenario: scenario).run(threads: 1)
    let two = try Simulator(scenario: scenario).run(threads: 2)
    #expect(try Fixtures.csv(one.run) == Fixtures.csv(grown.run))
    #expect(try Fixtures.csv(two.run) == Fixtures.csv(grown.run))
    let ids = Set((real.count..<grown.run.count).map { grown.run[$0].customerID })
    #expect(ids.contains("new_0001") && ids.contains("acme"))
    #expect(grown.population.customers.count == 6)
    // The migration moved the added calls off gpt-4o-mini once it completed (day 10 on).
    let lateMini = (real.count..<grown.run.count).filter {
      grown.run.timestamp[$0] >= CalendarDay(year: 2026, month: 3, day: 11).epochSeconds
        && grown.run[$0].model == "gpt-4o-mini"
    }
    #expect(lateMini.isEmpty)
    // Another seed draws other added calls and keeps the real ones.
    var reseeded = scenario
    reseeded.seed = 12
    let other = try Simulator(scenario: reseeded).run()
    #expect(try Fixtures.csv(other.run) != Fixtures.csv(grown.run))
    for i in 0..<real.count { #expect(other.run[i] == real[i]) }
  }

  @Test func seedsOnADataScenarioGiveOneFigureNotABand() throws {
    let book = try DataWorkbook(csv: DataWorkbook.busyCSV)
    defer { book.cleanUp() }
    let session = try book.session(overrides: [Override(path: ["seeds"], value: "5")])
    let real = try session.result(for: "real").scenario
    let plans = session.workbook.plans
    let perSeed = try SeedRunner(Uncertainty(seeds: 5)).measure(real) { $0.figures(plans: plans) }
    #expect(perSeed.count == 5)
    #expect(Set(perSeed).count == 1)
    let figures = try session.figures(for: "real")
    #expect(figures.perSeed.count == 1)
    #expect(figures.figures.allSatisfy { $0.spread == nil })
    // The grown scenario adds simulated calls, so its figures are banded.
    let grown = try session.figures(for: "grown")
    #expect(grown.perSeed.count == 5)
    #expect(grown.figures.contains { ($0.spread?.low ?? 0) < ($0.spread?.high ?? 0) })
    // Side by side, every seed of the grown scenario pairs with the real one's single figures.
    let cell = Cell(
      id: "c", kind: .compareScenarios(scenarios: ["real", "grown"], show: ["calls"]),
      location: .init(file: "t", line: 1, column: 1))
    let report = try session.evaluate(cell)
    let table = try #require(report.blocks.compactMap { if case .table(let t) = $0 { t } else { nil } }.first)
    let calls = try #require(table.rows.first { $0.first == "calls" })
    #expect(calls[1] == "372 (372…372)")
    let band = calls[3].split(separator: "(").last?.dropLast().split(separator: "…") ?? []
    #expect(band.count == 2 && band.first != band.last, "\(calls)")
  }

  @Test func problemsAreLocatedWithAHint() throws {
    func errors(_ data: String) throws -> [String] {
      let book = try DataWorkbook(
        DataWorkbook.text.replacingOccurrences(
          of: "data: {file: usage.csv, map: litellm, customer_tiers: {acme: pro, \"*\": starter}}", with: data))
      defer { book.cleanUp() }
      return book.errors()
    }
    let missing = try errors("data: {file: nothere.csv, map: litellm}")
    #expect(missing.count == 1)
    #expect(missing.first?.hasPrefix("5:18: cannot read usage data") == true)
    #expect(missing.first?.hasSuffix("nothere.csv': no such file") == true)
    #expect(
      try errors("data: {file: usage.csv, map: litelm}") == [
        "5:34: no mapping file or preset named 'litelm'; presets: cube, helicone, langfuse, litellm, openai-costs, openai-usage"
      ])
    #expect(
      try errors("data: {file: usage.csv, map: litellm, customer_tiers: {acme: prp}}") == [
        "5:66: unknown tier 'prp'; expected a tier the plans name: pro, starter"
      ])
    #expect(
      try errors("data: {file: usage.csv, map: litellm, customer_tiers: {acmee: pro}}") == [
        "5:60: customer 'acmee' is not in 'usage.csv'; expected one of its 3 customers or *"
      ])
    #expect(
      try errors("{data: {file: usage.csv, map: litellm}, traffic: [decline]}") == [
        "5:55: 'decline' is not defined on a data scenario; expected one of: growth, model-migration, cost-optimization, business-hours, base"
      ])
  }

  @Test func hintsNameTheNearestPresetTierAndCustomer() throws {
    let book = try DataWorkbook(
      DataWorkbook.text.replacingOccurrences(
        of: "map: litellm, customer_tiers: {acme: pro,", with: "map: litelm, customer_tiers: {acmee: prp,"))
    defer { book.cleanUp() }
    do throws(DiagnosticsError) {
      _ = try WorkbookSession(
        loader: WorkbookLoader(library: Fixtures.library), source: try YAMLSource(contentsOf: book.folder.url))
      Issue.record("expected errors")
    } catch {
      #expect(error.diagnostics.sorted.compactMap(\.hint) == ["did you mean 'litellm'?"])
    }
    let tiers = try DataWorkbook(
      DataWorkbook.text.replacingOccurrences(of: "customer_tiers: {acme: pro,", with: "customer_tiers: {acmee: prp,"))
    defer { tiers.cleanUp() }
    do throws(DiagnosticsError) {
      _ = try WorkbookSession(
        loader: WorkbookLoader(library: Fixtures.library), source: try YAMLSource(contentsOf: tiers.folder.url))
      Issue.record("expected errors")
    } catch {
      #expect(error.diagnostics.sorted.compactMap(\.hint) == ["did you mean 'acme'?", "did you mean 'pro'?"])
    }
  }
}
