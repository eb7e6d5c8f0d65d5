import Foundation
import Testing

@testable import MeterbookCore

/// `measure()` sums exactly the calls `run()` generates, without keeping them.
struct SimulationMeasureTests {
  static let scenarios: [Scenario] = [
    SimulatorThreadsTests.busy,
    Fixtures.scenario(
      customers: 90, days: 12, seed: 4,
      traffic: [
        .base(jitter: 0.1), .featureLaunch(feature: "chat", day: 0, adoption: 0.3, rampDays: 0, lift: 2),
        .featureLaunch(feature: "code", day: 6, adoption: 0.9, rampDays: 3, lift: 0.5), .growth(monthly: 0.3),
      ]),
    {
      // Every call errors or times out on some models: billable and failed sums differ.
      var s = Fixtures.scenario(customers: 60, days: 9, seed: 8, traffic: [.decline(monthlyChurn: 0.6)])
      let models = s.catalog.models.enumerated().map { i, m -> ModelSpec in
        var m = m
        m.errorRate = i % 3 == 0 ? 0.3 : m.errorRate
        m.timeoutRate = i % 3 == 1 ? 0.2 : m.timeoutRate
        return m
      }
      s.catalog = ModelCatalog(name: "flaky", priceDate: "2026-01-01", providers: s.catalog.providers, models: models)
      return s
    }(),
  ]

  @Test(arguments: 0..<3) func theCubeAndDailyTotalsEqualThoseOfTheRun(scenario index: Int) throws {
    let scenario = Self.scenarios[index]
    let simulator = Simulator(scenario: scenario)
    let run = try simulator.run().run
    let measure = try simulator.measure()
    let cube = UsageCube(run, grain: .period)
    #expect(run.count > 1_000)
    #expect(measure.cube.cells.count == cube.cells.count)
    #expect(measure.cube.cells == cube.cells)
    #expect(measure.cube.dimensions == cube.dimensions)
    var calls = [Int](repeating: 0, count: scenario.days)
    var cost = [Int64](repeating: 0, count: scenario.days)
    for i in 0..<run.count {
      let day = Int((run.timestamp[i] - scenario.start.epochSeconds) / 86_400)
      calls[day] += 1
      cost[day] += run.cost[i]
    }
    #expect(measure.dailyCalls == calls)
    #expect(measure.dailyCost == cost)
    #expect(cube.cells.contains { $0.errors > 0 } && cube.cells.contains { $0.timeouts > 0 })
  }

  /// A scenario billed over several periods is measured by day, cell for cell as the run's day cube.
  @Test func aDayGrainMeasureEqualsTheRunsDayCube() throws {
    var scenario = Self.scenarios[0]
    scenario.usageGrain = .day
    let simulator = Simulator(scenario: scenario)
    let cube = UsageCube(try simulator.run().run, grain: .day)
    let measure = try simulator.measure()
    #expect(measure.cube.cells == cube.cells)
    #expect(Set(cube.cells.map(\.key.hour)).count == scenario.days)
    #expect(cube.cells.allSatisfy { $0.key.hour % 24 == 0 })
  }

  @Test func theMeasureIsIdenticalOnOneAndThreeThreads() throws {
    let simulator = Simulator(scenario: Self.scenarios[0])
    let one = try simulator.measure(threads: 1)
    let three = try simulator.measure(threads: 3)
    #expect(one.cube.cells == three.cube.cells)
    #expect(one.dailyCalls == three.dailyCalls && one.dailyCost == three.dailyCost)
  }

  @Test func aMeasuredRunHasTheRunsFigures() throws {
    let simulator = Simulator(scenario: Self.scenarios[2])
    let fromRun = MeasuredRun(try simulator.run())
    let fromMeasure = MeasuredRun(try simulator.measure())
    #expect(fromMeasure.calls == fromRun.calls && fromMeasure.cost == fromRun.cost)
    #expect(fromMeasure.errors == fromRun.errors && fromMeasure.activeCustomers == fromRun.activeCustomers)
    let plans = [Plan(name: "flat", fees: ["starter": Money(dollars: 29)])]
    #expect(fromMeasure.figures(plans: plans) == fromRun.figures(plans: plans))
  }

  @Test func aCancelledMeasureThrows() {
    #expect(throws: CancellationError.self) {
      try Simulator(scenario: Self.scenarios[0]).measure(isCancelled: { true })
    }
  }

  @Test func anEmptyScenarioMeasuresNothing() throws {
    let m = try Simulator(scenario: Fixtures.scenario(customers: 0, days: 3)).measure()
    #expect(m.cube.cells.isEmpty)
    #expect(m.dailyCalls == [0, 0, 0] && m.dailyCost == [0, 0, 0])
  }
}

/// The period cube is summed by customer blocks on several threads; the blocks join into the
/// cube the hour cube collapses to, on any number of threads.
struct PeriodCubeTests {
  @Test(arguments: [1, 2, 3, 8]) func thePeriodCubeIsTheHourCubeSummedOverHours(threads: Int) throws {
    let run = try Simulator(scenario: SimulationMeasureTests.scenarios[1]).run().run
    let cube = UsageCube(run, grain: .period, threads: threads)
    // The hour cube takes the hashing path: an independent computation of the same sums.
    var expected: [[Int]: UsageCube.Cell] = [:]
    for cell in UsageCube(run, grain: .hour).cells {
      let k = [Int(cell.key.customer), Int(cell.key.model), Int(cell.key.task), Int(cell.key.feature)]
      var sum = expected[k] ?? UsageCube.Cell(key: cell.key)
      if expected[k] != nil {
        sum.calls += cell.calls
        sum.errors += cell.errors
        sum.timeouts += cell.timeouts
        sum.inputTokens += cell.inputTokens
        sum.outputTokens += cell.outputTokens
        sum.cachedTokens += cell.cachedTokens
        sum.cost += cell.cost
        sum.billableCalls += cell.billableCalls
        sum.billableInput += cell.billableInput
        sum.billableOutput += cell.billableOutput
        sum.billableCached += cell.billableCached
        sum.billableCost += cell.billableCost
      } else {
        sum = cell
      }
      expected[k] = sum
    }
    let firstHour = try #require(run.timestamp.min()) / 3600
    let ordered = expected.keys.sorted { $0.lexicographicallyPrecedes($1) }.compactMap { k -> UsageCube.Cell? in
      guard var c = expected[k] else { return nil }
      c.key.hour = firstHour
      return c
    }
    #expect(cube.cells.count > 1_000)
    #expect(cube.cells == ordered)
  }
}
