import Testing

@testable import MeterbookCore

/// The projection simulates and bills month by month; its first month is the one-month run.
struct ProjectionRunnerTests {
  let start = CalendarDay(year: 2026, month: 1, day: 1)

  var scenario: Scenario {
    Scenario(
      name: "p", seed: 11, start: start, days: 31, catalog: Fixtures.catalog,
      population: PopulationSpec(customers: 30))
  }

  let plans = [
    Plan(name: "flat", fees: ["*": Money(dollars: 20)]),
    Plan(
      name: "metered", fees: ["*": Money(dollars: 5)],
      charges: [Charge(metric: "calls", model: .perUnit(price: Money(nanos: 20_000_000), per: 1), included: 200)]),
  ]

  var horizon: Horizon {
    Horizon(
      months: 3, arrivals: [.init(archetype: "light", perMonth: 2), .init(archetype: "heavy", perMonth: 0.5)],
      churn: 0.1, expansion: 0.05)
  }

  @Test func theFirstMonthsBillsEqualAOneMonthRunsBillsExactly() throws {
    let projection = try ProjectionRunner(scenario: scenario, plans: plans, horizon: horizon).run()
    var month = scenario
    month.days = 31
    let result = try Simulator(scenario: month).run()
    let engine = PricingEngine(plans: plans, period: month.period)
    for plan in plans {
      let bills = engine.bills(plan, run: result.run, population: result.population)
      let path = try #require(projection.path(plan.name))
      #expect(path.revenue[0].prefix(bills.count) == bills.map(\.total)[...])
      #expect(path.mrr(0) == Money.sum(bills.map(\.total)))
      #expect(path.cost(0) == result.run.totalCost)
    }
  }

  @Test func arrivalsJoinFromTheSecondMonthAndFractionsSpread() throws {
    let projection = try ProjectionRunner(scenario: scenario, plans: plans, horizon: horizon).run()
    // Month 2 brings 2 light + ⌊0.5⌋ = 0 heavy; month 3 brings 2 light + 1 heavy.
    #expect(projection.members.filter { $0.joined == 1 }.count == 2)
    #expect(projection.members.filter { $0.joined == 2 }.count == 3)
    #expect(projection.members.count == 35)
    #expect(projection.members.last?.id == "cust_0035")
  }

  @Test func theSameSeedGivesTheSameProjection() throws {
    let a = try ProjectionRunner(scenario: scenario, plans: plans, horizon: horizon).run()
    let b = try ProjectionRunner(scenario: scenario, plans: plans, horizon: horizon).run()
    #expect(a.paths.map(\.revenue) == b.paths.map(\.revenue))
    #expect(a.paths.map(\.active) == b.paths.map(\.active))
  }

  @Test func monthsAreCalendarMonthsFromTheStart() {
    let runner = ProjectionRunner(scenario: scenario, plans: plans, horizon: horizon)
    #expect(runner.period(month: 0).days == 31)
    #expect(runner.period(month: 1).days == 28)
    #expect(runner.period(month: 1).start == CalendarDay(year: 2026, month: 2, day: 1))
    #expect(runner.seed(month: 0) == 11)
    #expect(runner.seed(month: 1) != 11)
  }

  @Test func eurBillsAreConvertedAtTheRateOfTheirPeriodsLastDay() throws {
    var eur = plans[0]
    eur.currency = .eur
    let fx = FXTable.eurUSD(january: 1_100_000_000, february: 1_200_000_000)
    let noChurn = Horizon(months: 2)
    let projection = try ProjectionRunner(
      scenario: scenario, plans: [eur], horizon: noChurn, money: MoneySettings(fx: fx, display: .usd)
    ).run()
    let path = try #require(projection.path("flat"))
    // €20 a customer: $22 in January (1.10), $24 in February (1.20).
    #expect(path.mrr(0) == Money(dollars: 22) * 30)
    #expect(path.mrr(1) == Money(dollars: 24) * 30)
    #expect(projection.rates.map(\.rate.source) == ["jan", "feb"])
  }

  @Test func aMissingRateStopsTheProjectionWithAHint() {
    var eur = plans[0]
    eur.currency = .eur
    let late = FXTable(
      name: "fx/t",
      pairs: [
        .init(
          base: .eur, quote: .usd,
          rates: [ExchangeRate(from: CalendarDay(year: 2026, month: 3, day: 1), nanoRate: 1, source: "")])
      ])
    #expect(throws: ProjectionError.self) {
      try ProjectionRunner(
        scenario: scenario, plans: [eur], horizon: Horizon(months: 1), money: MoneySettings(fx: late, display: .usd)
      ).run()
    }
  }
}
