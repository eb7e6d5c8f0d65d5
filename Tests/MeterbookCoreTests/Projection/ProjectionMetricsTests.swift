import Testing

@testable import MeterbookCore

/// MRR, ARR, retention, cohorts, lifetime values and the crossover from a hand-made cohort.
///
/// Three customers over three months (amounts in dollars):
///
///     customer  joined  month 1 rev/cost  month 2 rev/cost  month 3 rev/cost
///     A         1       100 / 40          120 / 40          130 / 40
///     B         1        50 / 20           50 / 20          (left)
///     C         2       (not yet)          30 / 10           30 / 10
struct ProjectionMetricsTests {
  func d(_ x: Int64) -> Money { Money(dollars: x) }

  var path: Projection.Path {
    Projection.Path(
      plan: "x",
      revenue: [[d(100), d(50), .zero], [d(120), d(50), d(30)], [d(130), .zero, d(30)]],
      cost: [[d(40), d(20), .zero], [d(40), d(20), d(10)], [d(40), .zero, d(10)]],
      active: [[true, true, false], [true, true, true], [true, false, true]])
  }

  /// Month-1 margin 100 (above x's 90) but 50 a month after: x overtakes it in month 2.
  var rival: Projection.Path {
    Projection.Path(
      plan: "y", revenue: [[d(100), .zero, .zero], [d(50), .zero, .zero], [d(50), .zero, .zero]],
      cost: [[.zero, .zero, .zero], [.zero, .zero, .zero], [.zero, .zero, .zero]],
      active: [[true, false, false], [true, false, false], [true, false, false]])
  }

  var projection: Projection {
    let start = CalendarDay(year: 2026, month: 1, day: 1)
    return Projection(
      periods: (0..<3).map { Period(start: start.adding(months: $0), days: 28) },
      members: [
        .init(id: "A", archetype: 0, joined: 0), .init(id: "B", archetype: 0, joined: 0),
        .init(id: "C", archetype: 0, joined: 1),
      ],
      archetypes: ["all"], paths: [rival, path],
      horizon: Horizon(months: 3, annualDiscount: 0, cac: d(100)), display: .usd, currentPlan: "y")
  }

  @Test func mrrAndARRAreTheMonthsBilledRevenue() {
    #expect(path.mrr(0) == d(150))
    #expect(path.mrr(1) == d(200))
    #expect(path.mrr(2) == d(160))
    #expect(path.arr(2) == d(1_920))
    #expect(path.margin(1) == d(130))
    #expect(path.cumulativeMargin(2) == d(330))
  }

  @Test func netRetentionCountsExpansionGrossRetentionDoesNot() throws {
    // NRR month 2: (120 + 50) / 150; month 3: 130 / 150 (C is not in the first month's cohort).
    #expect(abs(try #require(path.nrr(1)) - 170.0 / 150) < 1e-12)
    #expect(abs(try #require(path.nrr(2)) - 130.0 / 150) < 1e-12)
    // GRR caps A at 100: month 2 (100 + 50) / 150 = 1; month 3 100 / 150.
    #expect(abs(try #require(path.grr(1)) - 1) < 1e-12)
    #expect(abs(try #require(path.grr(2)) - 100.0 / 150) < 1e-12)
  }

  @Test func customersArriveAndChurn() {
    #expect((0..<3).map(path.customers) == [2, 3, 2])
    #expect(path.arrived(1) == 1)
    #expect(path.churned(2) == 1)
  }

  @Test func cohortsGroupBySignupMonth() {
    let cohorts = projection.cohorts(path)
    #expect(cohorts.map(\.joined) == [2, 1])
    #expect(cohorts.map(\.remaining) == [1, 1])
    #expect(cohorts.map(\.firstMonthRevenue) == [d(150), d(30)])
    #expect(cohorts.map(\.lastMonthRevenue) == [d(130), d(30)])
    #expect(cohorts.map(\.totalRevenue) == [d(450), d(60)])
  }

  @Test func lifetimeValueFromTheMarginAndChurnTheProjectionShows() throws {
    let l = try #require(projection.lifetimes(path).first)
    // 330 of margin over 7 customer-months: 47.142857143 a month; 1 leaver in 5 months at risk.
    #expect(l.monthlyMargin == Money(nanos: 47_142_857_143 as Int64))
    #expect(l.monthlyChurn == 0.2)
    // No discount: LTV = m / c = 5m.
    #expect(l.value == Money(nanos: 235_714_285_715 as Int64))
    #expect(abs(try #require(l.paybackMonths) - 100 / 47.142857143) < 1e-9)
    #expect(abs(try #require(l.ltvToCAC) - 2.35714285715) < 1e-9)
  }

  @Test func theCrossoverIsTheFirstMonthTheCumulativeLeaderChanges() throws {
    let c = try #require(projection.crossover)
    #expect(c.firstMonthLeader == "y")
    #expect(c.horizonLeader == "x")
    #expect(c.month == 1)
  }
}
