import Testing

@testable import MeterbookCore

/// A projected month is billed by the day when a customer changes plan or leaves inside it.
struct ProjectionProrationTests {
  /// April 2026 has 30 days.
  let april = CalendarDay(year: 2026, month: 4, day: 1)

  func scenario(start: CalendarDay, days: Int) -> Scenario {
    Scenario(
      name: "p", seed: 5, start: start, days: days, catalog: Fixtures.catalog, population: PopulationSpec(customers: 12)
    )
  }

  /// $30 plus 1¢ a call, moving to $60 plus 2¢ a call.
  let plans = [
    Plan(
      name: "old", fees: ["*": Money(dollars: 30)],
      charges: [Charge(metric: "calls", model: .perUnit(price: Money(nanos: 10_000_000), per: 1))]),
    Plan(
      name: "new", fees: ["*": Money(dollars: 60)],
      charges: [Charge(metric: "calls", model: .perUnit(price: Money(nanos: 20_000_000), per: 1))]),
  ]

  /// Billable calls (not failed) per customer on the run's days `days` (offsets from `start`),
  /// counted from the raw calls rather than a cube.
  func calls(_ run: Run, start: CalendarDay, days: Range<Int>, customers: Int) -> [Int64] {
    var n = [Int64](repeating: 0, count: customers)
    for i in 0..<run.count where run.status[i] != 1 {
      let day = Int(run.timestamp[i] / 86_400) - start.daysSinceEpoch
      if days.contains(day) { n[Int(run.customer[i])] += 1 }
    }
    return n
  }

  @Test func aPlanChangeOnTheEleventhBillsTenDaysOfTheOldFeeAndTwentyOfTheNew() throws {
    let s = scenario(start: april, days: 30)
    let horizon = Horizon(months: 1, migrations: [.init(plan: "new", on: CalendarDay(year: 2026, month: 4, day: 11))])
    let projection = try ProjectionRunner(scenario: s, plans: plans, names: ["new"], horizon: horizon).run()
    let path = try #require(projection.path("new"))
    // The month is the one-month run: count each customer's calls before and from the 11th.
    let run = try Simulator(scenario: s).run().run
    let before = calls(run, start: april, days: 0..<10, customers: 12)
    let after = calls(run, start: april, days: 10..<30, customers: 12)
    #expect(before.reduce(0, +) > 0 && after.reduce(0, +) > 0)
    for c in 0..<12 {
      // $30 × 10/30 + $60 × 20/30 = $10 + $40 = $50 of fees; 1¢ a call before, 2¢ from the 11th.
      let expected = Money(dollars: 50) + Money(nanos: 10_000_000) * before[c] + Money(nanos: 20_000_000) * after[c]
      #expect(path.revenue[0][c] == expected)
    }
    let old = Money(dollars: 10) * 12 + Money(nanos: 10_000_000) * before.reduce(0, +)
    let new = Money(dollars: 40) * 12 + Money(nanos: 20_000_000) * after.reduce(0, +)
    #expect(path.revenueByPlan[0].map(\.plan) == ["old", "new"])
    #expect(path.revenueByPlan[0].map(\.revenue) == [old, new])
  }

  @Test func aPlanChangeOnAMonthsFirstDayBillsTheWholeMonthOnTheNewPlan() throws {
    let s = scenario(start: april, days: 30)
    let horizon = Horizon(months: 2, migrations: [.init(plan: "new", on: CalendarDay(year: 2026, month: 5, day: 1))])
    let projection = try ProjectionRunner(scenario: s, plans: plans, names: ["new"], horizon: horizon).run()
    let path = try #require(projection.path("new"))
    #expect(path.revenueByPlan[0].map(\.plan) == ["old"])
    #expect(path.revenueByPlan[1].map(\.plan) == ["new"])
  }

  @Test func aLeaverPaysTheFeeForTheDaysUpToTheirLeavingDayAndNoCallsAfterIt() throws {
    let s = scenario(start: april, days: 30)
    let runner = ProjectionRunner(scenario: s, plans: plans, horizon: Horizon(months: 1))
    let result = try Simulator(scenario: s).run()
    // Customer 3 leaves on April 12 (12 days billed) on the old plan; customer 5 is grandfathered
    // on it for 10 days, then on the new one until leaving on the 20th.
    var parts = [[MonthPart]](repeating: [], count: 12)
    parts[3] = MonthPart.parts(days: 30, billed: 12, move: 30)
    parts[5] = MonthPart.parts(days: 30, billed: 20, move: 10)
    #expect(parts[3] == [MonthPart(onCurrent: true, days: 0..<12)])
    #expect(parts[5] == [MonthPart(onCurrent: true, days: 0..<10), MonthPart(onCurrent: false, days: 10..<20)])
    var ledger = RateLedger()
    let billed = try runner.partBills(
      parts, current: plans[0], projected: plans[1], month: s.period, run: result.run,
      population: result.population, threads: 1, carries: ([], []), ledger: &ledger)
    let first12 = calls(result.run, start: april, days: 0..<12, customers: 12)
    let first10 = calls(result.run, start: april, days: 0..<10, customers: 12)
    let next10 = calls(result.run, start: april, days: 10..<20, customers: 12)
    // $30 × 12/30 = $12; $30 × 10/30 = $10 and $60 × 10/30 = $20.
    #expect(billed.revenue[3] == [Money(dollars: 12) + Money(nanos: 10_000_000) * first12[3]])
    #expect(
      billed.revenue[5] == [
        Money(dollars: 10) + Money(nanos: 10_000_000) * first10[5],
        Money(dollars: 20) + Money(nanos: 20_000_000) * next10[5],
      ])
    #expect(billed.revenue[4].isEmpty)
    // Their AI cost is that of their calls up to the leaving day.
    var cost = [Int64](repeating: 0, count: 12)
    for i in 0..<result.run.count where Int(result.run.timestamp[i] / 86_400) - april.daysSinceEpoch < 12 {
      cost[Int(result.run.customer[i])] += result.run.cost[i]
    }
    #expect(billed.cost[3] == Money(nanos: Int128(cost[3])))
    #expect(billed.cost[4] == .zero)
  }

  @Test func aLeaversSeatIsPricedByTheirOrganizationsSeatsActiveOnTheirDays() throws {
    // $20 a seat for organizations with 1 active seat, $15 from 2.
    let seats = Plan(
      name: "seats",
      charges: [
        Charge(
          metric: "seats",
          model: .volume([
            .init(upTo: 1, unitPrice: Money(dollars: 20)), .init(upTo: nil, unitPrice: Money(dollars: 15)),
          ]))
      ])
    let s = scenario(start: april, days: 30)
    let runner = ProjectionRunner(scenario: s, plans: [seats], horizon: Horizon(months: 1))
    let result = try Simulator(scenario: s).run()
    let organizations = result.population.customers.map(\.organization)
    // The leaver shares an organization with another customer.
    let c = try #require(
      organizations.indices.first { c in
        organizations.indices.contains { $0 != c && organizations[$0] == organizations[c] }
      })
    var parts = [[MonthPart]](repeating: [], count: 12)
    parts[c] = MonthPart.parts(days: 30, billed: 8, move: 0)
    var ledger = RateLedger()
    let billed = try runner.partBills(
      parts, current: seats, projected: seats, month: s.period, run: result.run,
      population: result.population, threads: 1, carries: ([], []), ledger: &ledger)
    // Seats of the leaver's organization active (a billable call) in April 1–8.
    let active = calls(result.run, start: april, days: 0..<8, customers: 12)
    let orgSeats = organizations.indices.filter { organizations[$0] == organizations[c] && active[$0] > 0 }.count
    #expect(active[c] > 0)
    #expect(billed.revenue[c] == [Money(dollars: orgSeats > 1 ? 15 : 20)])
    #expect(orgSeats > 1)
  }

  @Test func leaversDecideOnAMonthsBillAndLeaveOnADayOfTheNextDrawnFromTheirStream() throws {
    // February 2026 has 28 days: a $28 fee is $1 a day.
    let flat = Plan(name: "flat", fees: ["*": Money(dollars: 28)])
    let s = scenario(start: CalendarDay(year: 2026, month: 1, day: 1), days: 31)
    let projection = try ProjectionRunner(scenario: s, plans: [flat], horizon: Horizon(months: 3, churn: 1)).run()
    let path = try #require(projection.path("flat"))
    #expect(path.revenue[0] == [Money](repeating: Money(dollars: 28), count: 12))
    for c in 0..<12 {
      // Everyone decides to leave in January (churn 1); the leaving day is the stream's next draw.
      var rng = SplitMix64(seed: 5, stream: StreamKey.projection.rawValue, 0, 2, UInt64(c))
      _ = rng.unit()
      let day = 1 + Int(rng.unit() * 28)
      #expect(path.revenue[1][c] == Money(dollars: Int64(day)))
      #expect(path.active[1][c])
      #expect(!path.active[2][c])
    }
  }

  @Test func aLeaversPartOfAMonthContinuesTheirBillingCarry() throws {
    // Half off the first period only: January is discounted, the leaver's February part is not.
    var flat = Plan(name: "flat", fees: ["*": Money(dollars: 28)])
    flat.discounts = [Discount(off: .percent(0.5), periods: 1)]
    let s = scenario(start: CalendarDay(year: 2026, month: 1, day: 1), days: 31)
    let projection = try ProjectionRunner(scenario: s, plans: [flat], horizon: Horizon(months: 2, churn: 1)).run()
    let path = try #require(projection.path("flat"))
    #expect(path.revenue[0] == [Money](repeating: Money(dollars: 14), count: 12))
    for c in 0..<12 {
      var rng = SplitMix64(seed: 5, stream: StreamKey.projection.rawValue, 0, 2, UInt64(c))
      _ = rng.unit()
      #expect(path.revenue[1][c] == Money(dollars: Int64(1 + Int(rng.unit() * 28))))
    }
  }

  @Test func theProjectionWithLeaversAndAMidMonthMoveIsTheSameOnOneOrTwoThreads() throws {
    let s = scenario(start: CalendarDay(year: 2026, month: 1, day: 1), days: 31)
    let horizon = Horizon(
      months: 4, arrivals: [.init(archetype: "light", perMonth: 1.5)], churn: 0.3, expansion: 0.05,
      migrations: [.init(plan: "new", on: CalendarDay(year: 2026, month: 2, day: 17))])
    let runner = ProjectionRunner(scenario: s, plans: plans, horizon: horizon)
    let one = try runner.run(threads: 1)
    let two = try runner.run(threads: 2)
    #expect(one.paths.map(\.revenue) == two.paths.map(\.revenue))
    #expect(one.paths.map(\.cost) == two.paths.map(\.cost))
    #expect(one.paths.map(\.active) == two.paths.map(\.active))
    // Churn 30% over 4 months: someone billed in a month is gone the next.
    let active = one.paths[0].active
    #expect((1..<4).contains { k in active[k - 1].indices.contains { active[k - 1][$0] && !active[k][$0] } })
    // Another seed projects otherwise; the same seed again, identically.
    var other = s
    other.seed = 6
    let again = try ProjectionRunner(scenario: other, plans: plans, horizon: horizon).run(threads: 1)
    #expect(again.paths.map(\.revenue) != one.paths.map(\.revenue))
    #expect(
      try ProjectionRunner(scenario: other, plans: plans, horizon: horizon).run().paths.map(\.revenue)
        == again.paths.map(\.revenue))
  }
}
