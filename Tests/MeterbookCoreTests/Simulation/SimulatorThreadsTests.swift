import Testing

@testable import MeterbookCore

/// The simulator's output does not depend on how many threads generate it.
struct SimulatorThreadsTests {
  /// Several traffic patterns at once: noise, hours, weekends, bursts, organizations, a launch,
  /// a migration, churn and cost optimization.
  static let busy = Fixtures.scenario(
    customers: 150, days: 17, seed: 23,
    traffic: [
      .base(jitter: 0.2), .businessHours(BusinessHours()), .weekend(factor: 0.4, holidays: [], holidayFactor: 0.2),
      .burst(probability: 0.05, multiplier: 3...8), .multiTenant(spread: 6),
      .featureLaunch(feature: "code", day: 4, adoption: 0.5, rampDays: 5, lift: 0.8),
      .modelMigration(from: "openai/gpt-4o", to: "anthropic/claude-sonnet-4-5", startDay: 3, overDays: 6, share: 0.7),
      .decline(monthlyChurn: 0.2), .costOptimization(startDay: 10, shift: 0.4, promptReduction: 0.2),
    ])

  @Test func everyColumnIsIdenticalOnOneTwoAndThreeThreads() throws {
    let simulator = Simulator(scenario: Self.busy)
    let one = try simulator.run(threads: 1).run
    #expect(one.count > 10_000)
    for threads in [2, 3] {
      let other = try simulator.run(threads: threads).run
      #expect(other.timestamp == one.timestamp, "\(threads) threads")
      #expect(other.model == one.model && other.task == one.task && other.feature == one.feature)
      #expect(other.inputTokens == one.inputTokens && other.outputTokens == one.outputTokens)
      #expect(other.cachedTokens == one.cachedTokens && other.cost == one.cost)
      #expect(other.latencyMs == one.latencyMs && other.quality == one.quality && other.status == one.status)
      #expect(other.customer == one.customer && other.organization == one.organization)
      #expect(other.product == one.product && other.tier == one.tier && other.region == one.region)
      #expect(other.callID == one.callID && other.traceID == one.traceID)
      #expect(try Fixtures.csv(other) == Fixtures.csv(one))
    }
  }

  @Test func progressReachesOneOnTheCallingThread() throws {
    var shares: [Double] = []
    _ = try Simulator(scenario: Fixtures.scenario(customers: 20, days: 6)).run(
      threads: 1, progress: { shares.append($0) })
    #expect(shares.count == 6)
    #expect(shares.last == 1)
    #expect(zip(shares, shares.dropFirst()).allSatisfy { $0 < $1 })
  }
}
