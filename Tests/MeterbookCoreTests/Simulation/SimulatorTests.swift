import Foundation
import Testing

@testable import MeterbookCore

struct SimulatorTests {
  func simulate(_ s: Scenario) throws -> SimulationResult { try Simulator(scenario: s).run() }

  @Test func sameSeedGivesSameBytesAndAnotherSeedDoesNot() throws {
    let a = try Fixtures.csv(
      simulate(
        Fixtures.scenario(seed: 11, traffic: [.base(jitter: 0.2), .burst(probability: 0.05, multiplier: 5...20)])
      ).run)
    let b = try Fixtures.csv(
      simulate(
        Fixtures.scenario(seed: 11, traffic: [.base(jitter: 0.2), .burst(probability: 0.05, multiplier: 5...20)])
      ).run)
    let c = try Fixtures.csv(
      simulate(
        Fixtures.scenario(seed: 12, traffic: [.base(jitter: 0.2), .burst(probability: 0.05, multiplier: 5...20)])
      ).run)
    #expect(a == b)
    #expect(a != c)
    #expect(a.hasPrefix(CallRecord.fieldNames.joined(separator: ",") + "\r\n"))
  }

  @Test func callsAreInTimeOrderWithinThePeriod() throws {
    let r = try simulate(Fixtures.scenario(days: 3)).run
    #expect(r.count > 0)
    #expect(zip(r.timestamp, r.timestamp.dropFirst()).allSatisfy { $0 <= $1 })
    let start = CalendarDay(year: 2026, month: 1, day: 5).epochSeconds
    #expect(r.timestamp.first! >= start && r.timestamp.last! < start + 3 * 86_400)
  }

  @Test func totalsReconcileWithEveryBreakdownExactly() throws {
    let r = try simulate(Fixtures.scenario()).run
    let total = r.totalCost
    var byModel = [UInt16: Int64]()
    var byCustomer = [UInt32: Int64]()
    for i in 0..<r.count {
      byModel[r.model[i], default: 0] += r.cost[i]
      byCustomer[r.customer[i], default: 0] += r.cost[i]
    }
    #expect(Money(nanos: byModel.values.reduce(0, +)) == total)
    #expect(Money(nanos: byCustomer.values.reduce(0, +)) == total)
  }

  @Test func everyCallCostsItsTokensTimesItsCatalogPrices() throws {
    let r = try simulate(Fixtures.scenario(days: 2)).run
    for i in 0..<r.count {
      let spec = Fixtures.catalog.models[Int(r.model[i])]
      let status = Run.status(r.status[i])
      let expected =
        status == .error
        ? .zero
        : spec.price.cost(
          input: Int(r.inputTokens[i]), output: Int(r.outputTokens[i]), cached: Int(r.cachedTokens[i]))
      #expect(Money(nanos: r.cost[i]) == expected)
    }
  }

  @Test func archetypeAndTierSharesMatchTheirParameters() {
    let pop = Population.generate(
      PopulationSpec(customers: 10_000), seed: 3, start: CalendarDay(year: 2026, month: 1, day: 1))
    func share(_ key: (Customer) -> Int, _ value: Int) -> Double {
      Double(pop.customers.filter { key($0) == value }.count) / 10_000
    }
    for (i, a) in PopulationSpec.defaultArchetypes.enumerated() {
      #expect(abs(share(\.archetype, i) - a.share) < 0.02, "\(a.name)")
    }
    for (i, t) in PopulationSpec.defaultTiers.enumerated() {
      #expect(abs(share(\.tier, i) - t.share) < 0.02, "\(t.name)")
    }
    let heavy = pop.customers.filter { $0.archetype == 2 }
    #expect(heavy.allSatisfy { (200...500).contains($0.baseCallsPerDay) })
  }

  @Test func weekendVolumeFallsByTheConfiguredFactor() throws {
    // 2026-01-05 is a Monday: 14 days hold 10 weekdays and 4 weekend days.
    let r = try simulate(
      Fixtures.scenario(customers: 300, traffic: [.weekend(factor: 0.3, holidays: [], holidayFactor: 0.2)])
    ).run
    var weekday = 0
    var weekend = 0
    for t in r.timestamp {
      if CalendarDay(daysSinceEpoch: Int(t / 86_400)).isWeekend { weekend += 1 } else { weekday += 1 }
    }
    let ratio = (Double(weekend) / 4) / (Double(weekday) / 10)
    #expect(abs(ratio - 0.3) < 0.02, "weekend/weekday ratio \(ratio)")
  }

  @Test func migrationMovesModelShareOverTheConfiguredDays() throws {
    let from = "openai/gpt-4o"
    let to = "anthropic/claude-sonnet-4-5"
    let s = Fixtures.scenario(
      customers: 200, days: 20,
      traffic: [
        .modelMigration(from: from, to: to, startDay: 5, overDays: 10, share: 1)
      ])
    let r = try simulate(s).run
    let a = UInt16(try #require(Fixtures.catalog.index(of: from)))
    let start = s.start.epochSeconds
    func count(day: Int) -> Int {
      (0..<r.count).filter { r.model[$0] == a && Int((r.timestamp[$0] - start) / 86_400) == day }.count
    }
    let before = (0..<5).map(count).reduce(0, +)
    let during = (8..<10).map(count).reduce(0, +)
    let after = (15..<20).map(count).reduce(0, +)
    #expect(before > 100)
    #expect(during > 0 && Double(during) / 2 < Double(before) / 5 * 0.7)
    #expect(after == 0)
  }

  @Test func aBurstDayStandsOut() throws {
    let s = Fixtures.scenario(customers: 40, days: 30, traffic: [.burst(probability: 0.02, multiplier: 10...10)])
    let r = try simulate(s).run
    var perCustomerDay = [Int: Int]()
    for i in 0..<r.count {
      perCustomerDay[Int(r.customer[i]) * 1000 + Int((r.timestamp[i] - s.start.epochSeconds) / 86_400), default: 0] += 1
    }
    // For each customer, its busiest day is a burst day when one happened: ≥ 4× its median day.
    var standouts = 0
    for c in 0..<40 {
      let days = (0..<30).map { perCustomerDay[c * 1000 + $0] ?? 0 }.sorted()
      if Double(days.last!) >= 4 * Double(max(1, days[15])) { standouts += 1 }
    }
    #expect(standouts >= 10, "customers with a standout burst day: \(standouts)")
    let quiet = try simulate(Fixtures.scenario(customers: 40, days: 30)).run
    #expect(r.count > quiet.count)
  }

  @Test func changingOneArchetypeLeavesOtherCustomersCallsUnchanged() throws {
    var s = Fixtures.scenario(
      customers: 120, days: 5, traffic: [.base(jitter: 0.2), .burst(probability: 0.05, multiplier: 5...20)])
    let before = try simulate(s)
    s.population.archetypes[2].callsPerDay = 600...900
    let after = try simulate(s)
    func rows(_ r: SimulationResult, heavy: Bool) -> [CallRecord] {
      (0..<r.run.count).filter { (r.population.customers[Int(r.run.customer[$0])].archetype == 2) == heavy }
        .map { r.run[$0] }.sorted { $0.callID < $1.callID }
    }
    #expect(rows(before, heavy: false) == rows(after, heavy: false))
    #expect(rows(before, heavy: true).count < rows(after, heavy: true).count)
  }
}
