import Foundation
import PropertyBased
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

  /// The `Int64` fast path and the `Int128` path agree to the nano-dollar, on everyday calls
  /// and on calls whose products pass `Int64` (4.3 billion tokens at $100,000 per 1M).
  @Test func theFastPathAndTheWidePathGiveTheSameNanos() async {
    func wide(_ f: ModelPrice.Flat, _ input: Int, _ output: Int, _ cached: Int) -> Int64 {
      let long = input > f.threshold
      let micro =
        Int128(max(0, input - cached)) * Int128(long ? f.longInput : f.input)
        + Int128(output) * Int128(long ? f.longOutput : f.output) + Int128(cached)
        * Int128(long ? f.longCached : f.cached)
      let (q, r) = micro.quotientAndRemainder(dividingBy: 1_000_000)
      return Int64(clamping: q + (r * 2 >= 1_000_000 ? 1 : 0))
    }
    let top = Int64(Limits.pricePerMillionTokens.nanos)
    await propertyCheck(
      count: 500, input: Gen.int(in: 0...Int(UInt32.max)), Gen.int(in: 0...Int(UInt32.max)), Gen.int(in: 0...1_000),
      Gen.int64(in: 0...top)
    ) { input, output, cachedPermille, rate in
      let f = ModelPrice.Flat(
        input: rate, output: rate / 3, cached: rate / 10, threshold: 200_000, longInput: rate * 2 / 3,
        longOutput: rate / 2, longCached: rate / 7)
      let cached = input / 1_000 * cachedPermille
      #expect(f.cost(input: input, output: output, cached: cached) == wide(f, input, output, cached))
      #expect(
        f.cost(input: input % 50_000, output: output % 5_000, cached: cached % 1_000)
          == wide(f, input % 50_000, output % 5_000, cached % 1_000))
    }
  }
}
