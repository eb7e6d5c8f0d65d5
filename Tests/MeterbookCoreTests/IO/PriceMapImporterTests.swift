import Foundation
import Testing

@testable import MeterbookCore

struct PriceMapImporterTests {
  let day = CalendarDay(year: 2026, month: 12, day: 1)

  @Test func updatesChangedPricesReportsThemAndListsNewModels() throws {
    let json = """
      {"sample_spec": {"mode": "chat"},
       "gpt-4o": {"input_cost_per_token": 2e-06, "output_cost_per_token": 1e-05, "cache_read_input_token_cost": 1.25e-06, "max_input_tokens": 128000, "mode": "chat", "litellm_provider": "openai"},
       "gemini/gemini-2.5-pro": {"input_cost_per_token": 1.25e-06, "output_cost_per_token": 1e-05, "input_cost_per_token_above_200k_tokens": 2.5e-06, "output_cost_per_token_above_200k_tokens": 1.5e-05, "max_input_tokens": 2097152, "mode": "chat", "litellm_provider": "gemini"},
       "shiny-new": {"input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06, "mode": "chat", "litellm_provider": "openai"}}
      """
    let r = try PriceMapImporter.update(
      Fixtures.catalog, with: Data(json.utf8), priceDate: "2026-12-01", from: day, source: "test")
    #expect(
      r.changes.map(\.description) == [
        "openai/gpt-4o: input $2.50 → $2.00", "google/gemini-2.5-pro: context 1048576 → 2097152",
      ])
    #expect(r.catalog.model("openai/gpt-4o")?.price.input == Money(dollars: 2))
    #expect(r.catalog.priceDate == "2026-12-01")
    #expect(r.newModels == ["openai/shiny-new"])
    #expect(r.unmatched.count == Fixtures.catalog.models.count - 2)
  }

  @Test func theCatalogWriterRoundTripsThroughTheLoader() throws {
    let text = CatalogWriter.yaml(Fixtures.catalog)
    var d = Diagnostics()
    let back = CatalogLoader.read(try YAMLSource(text: text, path: "c.yaml"), into: &d)
    #expect(d.isEmpty)
    #expect(back == Fixtures.catalog)
  }

  @Test func notJSONIsAClearError() {
    #expect(throws: PriceMapImporter.ImportError.notJSON("the top level is not an object")) {
      try PriceMapImporter.update(
        Fixtures.catalog, with: Data("[1,2]".utf8), priceDate: "2026-12-01", from: day, source: "test")
    }
  }

  /// acme/fast's newest price (from 2026-01-15) as a LiteLLM entry, with its output changed.
  func map(output: String) -> Data {
    Data(
      """
      {"fast": {"input_cost_per_token": 2e-06, "output_cost_per_token": \(output), "cache_read_input_token_cost": 1e-06,
                "input_cost_per_token_priority": 4e-06, "output_cost_per_token_priority": 1.6e-05, "mode": "chat", "litellm_provider": "openai"},
       "flat": {"input_cost_per_token": 1e-06, "output_cost_per_token": 4e-06, "mode": "chat", "litellm_provider": "openai"}}
      """.utf8)
  }

  @Test func aChangedPriceAddsADatedEntryAndKeepsTheOldOne() throws {
    let r = try PriceMapImporter.update(
      PriceBookFixture.catalog, with: map(output: "1e-05"), priceDate: "2026-12-01", from: day, source: "LiteLLM map")
    #expect(r.changes.map(\.description) == ["acme/fast: output $8.00 → $10.00"])
    #expect(r.repriced == ["acme/fast"])
    let prices = try #require(r.catalog.model("acme/fast")).prices
    #expect(prices.entries.count == 3)
    #expect(prices.entries.dropLast() == PriceBookFixture.catalog.model("acme/fast")?.prices.entries[...])
    #expect(prices.newestEntry.from == day && prices.newestEntry.source == "LiteLLM map")
    #expect(prices.newest.output == Money(dollars: 10) && prices.newest.priority?.output == Money(dollars: 16))
    // A call before the import day keeps its price.
    #expect(prices.price(on: CalendarDay(year: 2026, month: 6, day: 1)).output == Money(dollars: 8))
    #expect(r.catalog.model("acme/flat")?.prices.entries.count == 1)
  }

  @Test func anUnchangedPriceAddsNothingAndAnOlderDayIsRefused() throws {
    let same = try PriceMapImporter.update(
      PriceBookFixture.catalog, with: map(output: "8e-06"), priceDate: "2026-12-01", from: day, source: "LiteLLM map")
    #expect(same.changes.isEmpty && same.repriced.isEmpty)
    #expect(same.catalog.models == PriceBookFixture.catalog.models)
    let early = CalendarDay(year: 2026, month: 1, day: 10)
    #expect(
      throws: PriceMapImporter.ImportError.notAfterNewest("acme/fast", newest: PriceBookFixture.changeDay, from: early)
    ) {
      try PriceMapImporter.update(
        PriceBookFixture.catalog, with: map(output: "1e-05"), priceDate: "2026-12-01", from: early, source: "x")
    }
    // Importing again on the day of the newest entry replaces its price instead of adding a twin.
    let again = try PriceMapImporter.update(
      PriceBookFixture.catalog, with: map(output: "9e-06"), priceDate: "2026-12-01", from: PriceBookFixture.changeDay,
      source: "x")
    #expect(again.catalog.model("acme/fast")?.prices.entries.count == 2)
    #expect(again.catalog.model("acme/fast")?.price.output == Money(dollars: 9))
  }

  @Test func theDiffListsEachChangedRateWithItsPercentAndAddedAndRemovedModels() throws {
    var newer = PriceBookFixture.catalog
    newer = ModelCatalog(
      name: "newer", priceDate: "2026-12-01", providers: newer.providers,
      models: newer.models.filter { $0.name == "fast" } + Fixtures.catalog.models.prefix(1))
    let oneCatalog = CatalogDiff(
      old: PriceBookFixture.catalog, on: CalendarDay(year: 2026, month: 1, day: 14), new: PriceBookFixture.catalog,
      on: PriceBookFixture.changeDay)
    #expect(
      oneCatalog.lines == [
        "dated at prices in force on 2026-01-14 → dated at prices in force on 2026-01-15: 8 price changes in 1 model, 0 added, 0 removed",
        "  acme/fast: input $2.50 → $2.00 (−20.0%)",
        "  acme/fast: output $10.00 → $8.00 (−20.0%)",
        "  acme/fast: cached_input $1.25 → $1.00 (−20.0%)",
        "  acme/fast: batch.input $1.25 → $1.00 (−20.0%)",
        "  acme/fast: batch.output $2.70 → $4.00 (+48.1%)",
        "  acme/fast: batch.cached_input none → $0.5000 (new rate)",
        "  acme/fast: priority.input none → $4.00 (new rate)",
        "  acme/fast: priority.output none → $16.00 (new rate)",
      ])
    let two = CatalogDiff(old: PriceBookFixture.catalog, on: nil, new: newer, on: nil)
    #expect(two.changes.isEmpty)
    #expect(two.added == [Fixtures.catalog.models[0].id] && two.removed == ["acme/flat"])
    #expect(
      two.lines.first
        == "dated at its newest prices (price date 2026-01-20) → newer at its newest prices (price date 2026-12-01): 0 price changes in 0 models, 1 added, 1 removed"
    )
  }
}
