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
    let r = try PriceMapImporter.update(Fixtures.catalog, with: Data(json.utf8), priceDate: "2026-12-01", from: day, source: "test")
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
      try PriceMapImporter.update(Fixtures.catalog, with: Data("[1,2]".utf8), priceDate: "2026-12-01", from: day, source: "test")
    }
  }
}
