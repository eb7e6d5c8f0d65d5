import Testing

@testable import MeterbookCore

/// Dated exchange rates: each amount at the rate of its own date, rounded once.
struct FXTableTests {
  let jan = CalendarDay(year: 2026, month: 1, day: 1)
  let feb = CalendarDay(year: 2026, month: 2, day: 1)

  /// EUR/USD 1.0412 from January 1, 1.0520 from February 1; GBP/USD 1.26 from January 1.
  var fx: FXTable {
    FXTable(
      name: "fx/test",
      pairs: [
        .init(
          base: .eur, quote: .usd,
          rates: [
            ExchangeRate(from: jan, nanoRate: 1_041_200_000, source: "a"),
            ExchangeRate(from: feb, nanoRate: 1_052_000_000, source: "b"),
          ]),
        .init(base: .gbp, quote: .usd, rates: [ExchangeRate(from: jan, nanoRate: 1_260_000_000, source: "c")]),
      ])
  }

  @Test func convertsEachAmountAtTheRateInEffectOnItsDate() throws {
    let hundred = Money(dollars: 100)
    // €100 on January 31 at 1.0412 = $104.12; on February 1 at 1.0520 = $105.20.
    #expect(try fx.convert(hundred, from: .eur, to: .usd, on: feb.adding(days: -1)) == Money(dollars: 104, cents: 12))
    #expect(try fx.convert(hundred, from: .eur, to: .usd, on: feb) == Money(dollars: 105, cents: 20))
    // The same €100 billed in two periods: $104.12 + $105.20, not 2 × one rate.
    let two =
      try fx.convert(hundred, from: .eur, to: .usd, on: jan) + fx.convert(hundred, from: .eur, to: .usd, on: feb)
    #expect(two == Money(dollars: 209, cents: 32))
  }

  @Test func theReversedPairDividesAndRoundsOnceToTheNanoUnit() throws {
    // $100 / 1.052 = €95.0570342205…, rounded half away from zero to €95.057034221.
    #expect(
      try fx.convert(Money(dollars: 100), from: .usd, to: .eur, on: feb) == Money(nanos: 95_057_034_221 as Int64))
    // One nano-euro at 1.0412 is 1.0412 nano-dollars: one.
    #expect(try fx.convert(Money(nanos: 1), from: .eur, to: .usd, on: jan) == Money(nanos: 1))
  }

  @Test func currenciesWithoutAPairCrossThroughUSDAsOneFraction() throws {
    // €100 × 1.052 / 1.26 = £83.4920634920…, rounded once.
    #expect(
      try fx.convert(Money(dollars: 100), from: .eur, to: .gbp, on: feb) == Money(nanos: 83_492_063_492 as Int64))
  }

  @Test func aDateBeforeThePairsFirstQuoteIsAMissingRate() {
    let day = CalendarDay(year: 2025, month: 12, day: 31)
    #expect(
      throws: FXError.missingRate(from: .eur, to: .usd, on: day, table: "fx/test", firstQuote: jan, pair: "EUR/USD")
    ) {
      try fx.convert(Money(dollars: 1), from: .eur, to: .usd, on: day)
    }
  }

  @Test func rateTextDropsTrailingZeros() {
    #expect(ExchangeRate(from: jan, nanoRate: 1_041_200_000, source: "").text == "1.0412")
    #expect(ExchangeRate(from: jan, nanoRate: 2_000_000_000, source: "").text == "2")
  }
}
