import Foundation
import Testing

@testable import MeterbookCore

/// `reprice as-of DATE`: history re-rated at the prices in force on another day.
struct AsOfRepricingTests {
  /// Three imported calls costed at their own day's prices: acme/fast on 2026-01-14 (old price)
  /// and 2026-01-15 (new price), acme/flat on 2026-01-16.
  func importedRun() throws -> Run {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mb-asof-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let url = dir.appendingPathComponent("u.csv")
    try """
    ts,model,input_tokens,output_tokens
    2026-01-14T23:59:59Z,acme/fast,1000,500
    2026-01-15T00:00:00Z,acme/fast,1000,500
    2026-01-16T12:00:00Z,acme/flat,1000,500

    """.write(to: url, atomically: true, encoding: .utf8)
    let catalog = PriceBookFixture.catalog
    let mapping = try ColumnMapping.load(
      text: "columns: {timestamp: ts}\ncost: compute", path: "m.yaml", catalog: catalog)
    return try UsageImporter(catalog: catalog, mapping: mapping).read(contentsOf: url, displayPath: "u.csv").0
  }

  @Test func historyReratedAtALaterDaysPricesGivesTheHandComputedFigure() throws {
    let run = try importedRun()
    // As billed: $0.0075 (old price) + $0.006 (new) + (1,000 × $1 + 500 × $4) / 1M = $0.003.
    #expect(run.totalCost == Money(nanos: 16_500_000))
    let request = RepriceRequest(model: nil, asOf: CalendarDay(year: 2026, month: 11, day: 1))
    let w = request.whatIf(in: PriceBookFixture.catalog)
    let (after, moved, _) = try w.apply(to: run, catalog: PriceBookFixture.catalog)
    // At 2026-11-01 prices both acme/fast calls cost (1,000 × $2 + 500 × $8) / 1M = $0.006.
    #expect(after.cost == [6_000_000, 6_000_000, 3_000_000] && moved == 3)
    #expect(after.totalCost == Money(nanos: 15_000_000))
    #expect(w.pricesUsed(in: PriceBookFixture.catalog) == "at prices in force on 2026-11-01")
    // And back at 2026-01-01 prices, the second call costs the old price again.
    let early = try RepriceRequest(model: "acme/fast", asOf: CalendarDay(year: 2026, month: 1, day: 1))
      .whatIf(in: PriceBookFixture.catalog).apply(to: run, catalog: PriceBookFixture.catalog)
    #expect(early.run.cost == [7_500_000, 7_500_000, 3_000_000] && early.moved == 2)
  }

  @Test func theReplSaysWhichPricesItUsed() throws {
    let wb = try TemporaryWorkbook()
    defer { wb.cleanUp() }
    let c = wb.console(width: 200)
    let asOf = c.execute("reprice --as-of 2026-11-01")
    #expect(asOf.ok, "\(asOf.output)")
    #expect(asOf.output.contains("at prices in force on 2026-11-01"))
    let today = c.execute("reprice openai/gpt-4o to openai/gpt-4o-mini")
    #expect(today.output.contains("at today's prices (the catalog's newest, price date 2026-11-23)"))
    #expect(c.execute("reprice as-of 2026-13-01").output == "error: as-of takes a date like 2026-11-01")
  }

  @Test func aRepriceCellMayReRateEveryCallAsOfADay() throws {
    let wb = try TemporaryWorkbook(TemporaryWorkbook.small + "\n  - reprice: {as_of: 2026-11-01}\n")
    defer { wb.cleanUp() }
    let c = wb.console(width: 200)
    let r = c.execute("run")
    #expect(r.ok, "\(r.output)")
    #expect(r.output.contains("calls re-billed on the same tokens at prices in force on 2026-11-01."))
  }
}
