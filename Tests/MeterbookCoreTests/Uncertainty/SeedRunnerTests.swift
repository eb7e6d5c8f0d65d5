import Testing

@testable import MeterbookCore

struct SeedRunnerTests {
  private let scenario = Fixtures.scenario(customers: 25, days: 5, seed: 99, traffic: [.base(jitter: 0.15)])

  private func calls(_ seeds: Int, threads: Int = 2, scenario s: Scenario? = nil) throws -> [Int] {
    try SeedRunner(Uncertainty(seeds: seeds), threads: threads).measure(s ?? scenario) { $0.calls }
  }

  @Test func seedOneIsTheWorkbookSeedItself() {
    #expect(Uncertainty.seed(1, of: 2026) == 2026)
    #expect(SeedRunner.scenario(scenario, seed: 1) == scenario)
  }

  @Test func derivedSeedsAreDistinctAndDependOnTheBase() {
    let seeds = (1...500).map { Uncertainty.seed($0, of: 42) }
    #expect(Set(seeds).count == 500)
    #expect(Uncertainty.seed(2, of: 42) != Uncertainty.seed(2, of: 43))
  }

  @Test func seedKIsTheSameWhateverTheNumberOfSeeds() throws {
    let few = try calls(5)
    let many = try calls(12)
    #expect(few == Array(many.prefix(5)))
    #expect(Set(many).count > 1)
  }

  @Test func resultsAreInSeedOrderOnAnyNumberOfThreads() throws {
    let one = try calls(9, threads: 1)
    #expect(try calls(9, threads: 2) == one)
    #expect(try calls(9, threads: 5) == one)
  }

  @Test func seedKIsTheScenarioRunUnderItsDerivedSeed() throws {
    let third = try calls(3)[2]
    let direct = try Simulator(scenario: SeedRunner.scenario(scenario, seed: 3)).run().run.count
    #expect(third == direct)
  }

  @Test func aCancelledRunStopsWithCancellation() {
    #expect(throws: CancellationError.self) {
      try SeedRunner(Uncertainty(seeds: 4)).measure(scenario, isCancelled: { true }, { $0.calls })
    }
  }

  /// The band of 100 seeds should hold about 90% of further, independent seeds: for
  /// exchangeable draws the chance that a new one falls between the type-7 P5 and P95 of n
  /// earlier ones is (h_high − h_low)/(n + 1) ≈ 0.89 for n = 100, with a standard deviation of
  /// about 3 points over the choice of the 100; 300 fresh seeds add about 1.8 points.
  @Test func aNinetyPercentBandCoversAboutNinetyPercentOfFreshSeeds() throws {
    let s = Fixtures.scenario(customers: 12, days: 3, seed: 7, traffic: [.base(jitter: 0.3)])
    let u = Uncertainty(seeds: 100, interval: 0.9)
    let costs = try SeedRunner(u).measure(s) { $0.cost }
    let band = try #require(Band(costs, u))
    let cost: @Sendable (Int) throws -> Money = {
      MeasuredRun(try Simulator(scenario: SeedRunner.scenario(s, seed: $0)).run()).cost
    }
    let unseen = try SeedRunner(u).map(seeds: 101...400, isCancelled: { false }, cost)
    let covered = Double(unseen.filter(band.contains).count) / Double(unseen.count)
    #expect(covered > 0.80 && covered < 0.97, "covered \(covered)")
  }
}
