import Foundation
import Testing

@testable import MeterbookCore

struct DatedPriceSimulationTests {
  /// The CSV digest of a 31-day run of the shipped catalog (one price per model), taken from
  /// the generator before prices were dated: resolving prices per day must not change a byte.
  @Test func aCatalogWithOnePricePerModelGivesTheSameBytesAsBefore() throws {
    let scenario = Fixtures.scenario(customers: 40, days: 31, seed: 3, traffic: [.base(jitter: 0.2)])
    let csv = try Fixtures.csv(try Simulator(scenario: scenario).run().run)
    #expect(Digest.sha256(csv) == "ce76123bb5496f7127e05ab1260ecc3d4cf113a03b6ab7a8349a05c9a6c2c748")
  }

  /// acme/fast changes price on 2026-01-15, inside a month that starts on 2026-01-05: every
  /// call costs its tokens at the price of its own day, and both prices are used.
  @Test func aMidMonthPriceChangeAppliesFromItsDay() throws {
    let scenario = Scenario(
      name: "dated", seed: 5, start: CalendarDay(year: 2026, month: 1, day: 5), days: 31,
      catalog: PriceBookFixture.catalog, population: PopulationSpec(customers: 20), traffic: [])
    let run = try Simulator(scenario: scenario).run().run
    let fast = try #require(PriceBookFixture.catalog.model("acme/fast"))
    var days = Set<Bool>()
    for i in 0..<run.count where run.dimensions.models[Int(run.model[i])].id == fast.id && run.status[i] != 1 {
      let after = run.timestamp[i] >= PriceBookFixture.changeDay.epochSeconds
      days.insert(after)
      let price = fast.prices.entries[after ? 1 : 0].price
      let output = Int(run.outputTokens[i])
      #expect(
        Money(nanos: run.cost[i])
          == price.cost(input: Int(run.inputTokens[i]), output: output, cached: Int(run.cachedTokens[i])))
    }
    #expect(days == [false, true])
  }
}
