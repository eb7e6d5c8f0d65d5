import Foundation
import Testing

@testable import MeterbookCore

struct PriceBookTests {
  let fast = PriceBookFixture.catalog.model("acme/fast")

  @Test func aCallIsCostedAtThePriceInForceOnItsDay() throws {
    let prices = try #require(fast).prices
    let before = PriceBookFixture.changeDay.epochSeconds - 1
    let on = PriceBookFixture.changeDay.epochSeconds
    // 1,000 input and 500 output tokens: (1,000 × $2.50 + 500 × $10) / 1M = $0.0075 the day
    // before; (1,000 × $2 + 500 × $8) / 1M = $0.006 from the day of the change.
    #expect(prices.price(atSecond: before).cost(input: 1000, output: 500, cached: 0) == Money(nanos: 7_500_000))
    #expect(prices.price(atSecond: on).cost(input: 1000, output: 500, cached: 0) == Money(nanos: 6_000_000))
    #expect(
      prices.price(atSecond: on + 86_399 * 20).cost(input: 1000, output: 500, cached: 0) == Money(nanos: 6_000_000))
    // Before the first entry (undated: since the beginning) and long before it.
    #expect(prices.price(on: CalendarDay(year: 1999, month: 1, day: 1)).input == Money(dollars: 2, cents: 50))
    #expect(prices.newest.input == Money(dollars: 2))
  }

  @Test func batchInputAndOutputPricesAreKeptApartNotRoundedIntoOneMultiplier() throws {
    let old = try #require(fast).prices.entries[0].price
    // 1M input at $1.25 + 1M output at $2.70 = $3.95; one multiplier (0.46) would give $5.75.
    #expect(old.cost(input: 1_000_000, output: 1_000_000, cached: 0, tier: .batch) == Money(nanos: 3_950_000_000))
    #expect(old.cost(input: 1_000_000, output: 1_000_000, cached: 0) == Money(dollars: 12, cents: 50))
    // 1,234 input tokens (234 cached) and 567 output at batch: (1,000 × 1.25 + 234 × 1.25 + 567 × 2.7) / 1M,
    // cached at the standard cache-read price since the batch rates give none: 1,250 + 292.5 + 1,530.9 µ$.
    #expect(
      old.cost(input: 1_234, output: 567, cached: 234, tier: .batch)
        == Money(nanos: (1_000 * 1_250_000_000 + 234 * 1_250_000_000 + 567 * 2_700_000_000) / 1_000_000))
  }

  @Test func serviceTiersHaveTheirOwnRatesAndATierNotOfferedBillsStandard() throws {
    let new = try #require(fast).price
    #expect(new.cost(input: 1_000_000, output: 1_000_000, cached: 0, tier: .priority) == Money(dollars: 20))
    #expect(new.cost(input: 1_000_000, output: 1_000_000, cached: 0, tier: .batch) == Money(dollars: 5))
    #expect(new.cost(input: 1_000_000, output: 1_000_000, cached: 0, tier: .flex) == Money(dollars: 10))
    // The ratio form scales the cache-read price too.
    #expect(new.batch?.cachedInput == Money(nanos: 500_000_000))
  }

  @Test func anImportedUsageFileIsCostedFromTokensAcrossAPriceChange() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mb-dated-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let url = dir.appendingPathComponent("u.csv")
    try """
    ts,model,input_tokens,output_tokens,batch
    2026-01-14T23:59:59Z,acme/fast,1000,500,false
    2026-01-15T00:00:00Z,acme/fast,1000,500,false
    2026-01-14T12:00:00Z,acme/fast,1000000,1000000,true
    2026-01-16T12:00:00Z,acme/flat,1000,500,false

    """.write(to: url, atomically: true, encoding: .utf8)
    let catalog = PriceBookFixture.catalog
    let mapping = try ColumnMapping.load(
      text: "columns: {timestamp: ts}\ncost: compute\nbatch: batch", path: "m.yaml", catalog: catalog)
    let (run, _) = try UsageImporter(catalog: catalog, mapping: mapping).read(contentsOf: url, displayPath: "u.csv")
    #expect(run.cost == [7_500_000, 6_000_000, 3_950_000_000, 3_000_000])
  }
}
