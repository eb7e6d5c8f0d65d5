import Foundation
import Testing
@testable import MeterbookCore

struct ModelPriceTests {
  @Test func costIsTokensTimesListPricesForEveryCatalogModel() throws {
    for model in Fixtures.catalog.models {
      let (input, output, cached) = (12_345, 678, model.price.cachedInput == nil ? 0 : 4_000)
      let p = model.price
      // Independent computation in Decimal dollars.
      let expected =
        Decimal(input - cached) * Decimal(Int64(p.input.nanos)) + Decimal(output) * Decimal(Int64(p.output.nanos))
        + Decimal(cached) * Decimal(Int64((p.cachedInput ?? p.input).nanos))
      var dollars = expected / Decimal(1_000_000) / Decimal(1_000_000_000)
      var rounded = Decimal()
      NSDecimalRound(&rounded, &dollars, 9, .plain)
      let cost = p.cost(input: input, output: output, cached: cached)
      #expect(Decimal(Int64(cost.nanos)) / Decimal(1_000_000_000) == rounded, "\(model.id)")
    }
  }

  @Test func longContextRatesApplyAboveTheThreshold() throws {
    let sonnet = try #require(Fixtures.catalog.model("anthropic/claude-sonnet-4-5"))
    // 200,000 input tokens: base rate $3/M → $0.60. 200,001: long rate $6/M → $1.200006.
    #expect(sonnet.price.cost(input: 200_000, output: 0, cached: 0).decimalString(places: 6) == "0.600000")
    #expect(sonnet.price.cost(input: 200_001, output: 0, cached: 0).decimalString(places: 6) == "1.200006")
  }

  @Test func cachedInputIsBilledAtTheCacheReadRate() throws {
    let mini = try #require(Fixtures.catalog.model("openai/gpt-4o-mini"))
    // 1M input of which 400k cached: 600k × $0.15/M + 400k × $0.075/M = $0.09 + $0.03.
    #expect(mini.price.cost(input: 1_000_000, output: 0, cached: 400_000) == Money(dollars: 0, cents: 12))
  }
}
