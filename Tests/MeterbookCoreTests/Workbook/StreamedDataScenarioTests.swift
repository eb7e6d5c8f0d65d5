import Foundation
import Testing

@testable import MeterbookCore

/// A data scenario over a file whose calls pass the memory budget: kept as the digest's sums,
/// billed exactly as the calls, its sum-reading reports the calls' reports, and every cell
/// that needs the calls refused with what does run.
struct StreamedDataScenarioTests {
  /// 512 KB: `DataWorkbook.denseCSV`'s 5,580 calls take about 740 KB in memory, its 279
  /// hourly cells about 78 KB.
  static let tight = MemoryBudget(bytes: 512 << 10)

  /// `DataWorkbook.text` (the real month, and `grown`: growth, a model migration and three new
  /// customers) under five seeds, with cells that read the sums and one that needs the calls.
  static let text =
    DataWorkbook.text.replacingOccurrences(of: "seed: 11\n", with: "seed: 11\nseeds: 5\n") + "\n"
      + """
        - report: {name: optimization, on: real}
        - report: {name: performance, on: real}
        - report: {name: realtime, on: real}
        - chart: {metric: cost, by: model, on: real}
        - run: grown
        - compare: {plans: [flat, usage], on: grown}
        - compare: {scenarios: [real, grown], show: [calls, AI cost, margin.flat]}
      """

  func sessions() throws -> (book: DataWorkbook, held: WorkbookSession, summed: WorkbookSession) {
    let book = try DataWorkbook(Self.text, csv: DataWorkbook.denseCSV)
    return (book, try book.session(), try book.session(budget: Self.tight))
  }

  @Test func aFileWhoseCallsPassTheBudgetIsKeptAsSumsByHour() throws {
    let (book, held, summed) = try sessions()
    defer { book.cleanUp() }
    #expect(held.workbook.scenario("real")?.data?.calls?.count == 5_580)
    let data = try #require(summed.workbook.scenario("real")?.data)
    #expect(data.calls == nil)
    let digest = try #require(data.digest)
    // 31 days × 3 customers × 3 models, each pair calling in one hour of the day.
    #expect(digest.grain == .hour)
    #expect(digest.cube.cells.count == 279)
    #expect(data.callCount == 5_580)
    #expect(
      summed.workbook.importNotes == [
        "data usage.csv: read 5,580 rows: 5,580 kept, 0 skipped; kept as 279 cells by hour, its calls past the memory budget"
      ])
    let scenario = try #require(summed.workbook.scenario("real"))
    #expect(scenario.period == Period(start: CalendarDay(year: 2026, month: 3, day: 1), days: 31))
  }

  @Test func customerTiersGiveTheSumsTheCallsTiers() throws {
    let (book, held, summed) = try sessions()
    defer { book.cleanUp() }
    func tiers(_ s: WorkbookSession) throws -> [String] {
      let scenario = try #require(s.workbook.scenario("real"))
      let population = try #require(scenario.data?.population(start: scenario.start))
      return population.customers.map { population.spec.tiers[$0.tier].name }
    }
    #expect(try tiers(summed) == ["pro", "starter", "starter"])
    #expect(try tiers(summed) == tiers(held))
  }

  @Test func theRunAndThePlanComparisonAreTheCallsFiguresToTheCent() throws {
    let (book, held, summed) = try sessions()
    defer { book.cleanUp() }
    let renderer = TextRenderer(width: 120)
    let calls = try held.run(cells: ["run-real", "compare-flat-usage"]).map { renderer.render($0.report) }
    let sums = try summed.run(cells: ["run-real", "compare-flat-usage"]).map { renderer.render($0.report) }
    #expect(sums[1] == calls[1])
    // The run summary says the file was kept as sums, and otherwise reads as the calls'.
    let note = try #require(sums[0].range(of: " Kept as sums: "))
    #expect(sums[0].contains("read into 279 cells by hour"))
    #expect(sums[0].contains("5,580 calls of 3 customers over 31 days"))
    let end = try #require(sums[0].range(of: "are refused.", range: note.upperBound..<sums[0].endIndex))
    var withoutNote = sums[0]
    withoutNote.removeSubrange(note.lowerBound..<end.upperBound)
    func words(_ s: String) -> [Substring] { s.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "│" }) }
    #expect(words(withoutNote) == words(calls[0]))
    // By hand: acme (pro) $99, globex and initech (starter) $29 each; a data scenario that adds
    // no calls runs once, so the figures are single numbers.
    let compare = try summed.run(cells: ["compare-flat-usage"])[0].report
    let table = try #require(compare.blocks.compactMap { if case .table(let t) = $0 { t } else { nil } }.first)
    #expect(table.rows[0].prefix(2) == ["flat", "$157.00"])
  }

  @Test func theReportsThatReadSumsAreTheCallsReports() throws {
    let (book, held, summed) = try sessions()
    defer { book.cleanUp() }
    let renderer = TextRenderer(width: 120)
    for id in ["report-optimization-real", "report-performance-real", "report-realtime-real"] {
      let calls = try held.run(cells: [id])[0].report
      var sums = try summed.run(cells: [id])[0].report
      let note = sums.blocks.firstIndex {
        if case .note(let t) = $0 { t.hasPrefix("This file was streamed") } else { false }
      }
      // Percentiles come from histograms, and those two reports say so; realtime reads only sums.
      #expect((note != nil) == (id != "report-realtime-real"), "\(id)")
      if let note { sums.blocks.remove(at: note) }
      #expect(renderer.render(sums) == renderer.render(calls), "\(id)")
    }
  }

  @Test func theRealtimeReportBillsTheSumsUnderTheWorkbooksCurrentPlan() throws {
    // The usage plan first: every customer's bill depends on their tokens, read from the cube.
    let text = Self.text.replacingOccurrences(
      of: "  flat: {fee: {starter: 29, pro: 99}}\n  usage: {charges: [{metric: tokens, per: 1000, price: 0.02}]}",
      with: "  usage: {charges: [{metric: tokens, per: 1000, price: 0.02}]}\n  flat: {fee: {starter: 29, pro: 99}}")
    #expect(text != Self.text)
    let book = try DataWorkbook(text, csv: DataWorkbook.denseCSV)
    defer { book.cleanUp() }
    let renderer = TextRenderer(width: 120)
    for overrides in [[], [Override(path: ["plans", "usage", "charges", "0", "price"], value: "0.5")]] {
      let held = try book.session(overrides: overrides)
      let summed = try book.session(overrides: overrides, budget: Self.tight)
      let calls = renderer.render(try held.run(cells: ["report-realtime-real"])[0].report)
      let sums = renderer.render(try summed.run(cells: ["report-realtime-real"])[0].report)
      #expect(sums == calls)
      #expect(calls.contains("Customers whose AI cost passed 30% of their bill"))
    }
  }

  @Test func aCellThatNeedsTheCallsSaysWhatRunsOnTheSums() throws {
    let (book, _, summed) = try sessions()
    defer { book.cleanUp() }
    let location = SourceLocation(file: "repl", line: 1, column: 1)
    for kind in [
      Cell.Kind.report(analyzer: "profitability", scenario: "real"),
      .chart(try ChartQuery.parse("cost by model").0, scenario: "real"),
    ] {
      do {
        _ = try summed.evaluate(Cell(id: "x", kind: kind, location: location))
        Issue.record("\(kind) ran on sums")
      } catch let error as SumsOnlyError {
        #expect(error.description.contains("keeps only the sums of 'usage.csv' (its 5,580 calls would not fit"))
        #expect(error.description.contains("summary, understanding, performance, realtime, optimization"))
      }
    }
    #expect(throws: SumsOnlyError.self) { try summed.result(for: "real") }
    // A report of a scenario that adds calls would leave them out: the digest holds the real ones only.
    let grownReport = Cell(id: "x", kind: .report(analyzer: "summary", scenario: "grown"), location: location)
    #expect(throws: SumsOnlyError.self) { try summed.evaluate(grownReport) }
    // Run whole, the workbook prints every cell that reads sums and a note for the chart.
    let outputs = try summed.run()
    #expect(outputs.count == 9)
    #expect(
      outputs.filter { $0.report.title.hasSuffix("needs the calls") }.map(\.report.title) == [
        "chart-cost-model: needs the calls"
      ])
  }

  @Test func addedCallsAreMeasuredOnTheSumsWithTheCallsFigures() throws {
    let (book, held, summed) = try sessions()
    defer { book.cleanUp() }
    #expect(summed.workbook.scenario("grown")?.data?.digest != nil)
    // Five seeds of added calls, each merged into the sums as it is drawn.
    let calls = try held.figures(for: "grown")
    let sums = try summed.figures(for: "grown")
    #expect(calls.perSeed.count == 5)
    #expect(sums == calls)
    let renderer = TextRenderer(width: 120)
    let compare = { (s: WorkbookSession) in renderer.render(try s.run(cells: ["compare-flat-usage-2"])[0].report) }
    #expect(try compare(summed) == compare(held))
    // Scenarios side by side read cubes: the real month against the grown one, seed by seed.
    let scenarios = { (s: WorkbookSession) in
      renderer.render(try s.run(cells: ["compare-real-grown"])[0].report)
    }
    #expect(try scenarios(summed) == scenarios(held))
    #expect(try scenarios(summed).contains("Top movers"))
    // The imported 5,580 calls and the ones added: more customers and more calls.
    let run = renderer.render(try summed.run(cells: ["run-grown"])[0].report)
    #expect(run.contains("Added: "))
    #expect(
      try held.run(cells: ["run-grown"])[0].report.blocks.count
        == summed.run(cells: ["run-grown"])[0].report.blocks.count)
  }
}
