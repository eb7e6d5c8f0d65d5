import Testing

@testable import MeterbookCore

/// `runAndCube()` sums the period cube while it writes the calls: the same run as `run()`,
/// and the cube `UsageCube(run, grain: .period)` builds from it, on any number of threads.
struct RunAndCubeTests {
  @Test(arguments: 0..<3, [1, 2, 3])
  func theCubeSummedWhileWritingIsTheCubeOfTheRun(scenario index: Int, threads: Int) throws {
    let simulator = Simulator(scenario: SimulationMeasureTests.scenarios[index])
    let (result, cube) = try simulator.runAndCube(threads: threads)
    let run = try simulator.run(threads: 1).run
    #expect(try Fixtures.csv(result.run) == Fixtures.csv(run))
    let expected = UsageCube(run, grain: .period)
    #expect(cube.cells.count == expected.cells.count)
    #expect(cube.cells == expected.cells)
    #expect(cube.dimensions == expected.dimensions)
  }

  /// Past one worker's index the cube is built from the columns, and is still the same cube.
  @Test func aRunWithMoreCombinationsThanTheIndexHoldsStillGetsItsCube() throws {
    let scenario = SimulationMeasureTests.scenarios[1]
    let simulator = Simulator(scenario: scenario)
    let combinations =
      scenario.population.customers * scenario.catalog.models.count * TaskType.all.count
      * scenario.population.features.count
    let (result, cube) = try simulator.runAndCube(indexLimit: combinations - 1)
    #expect(result.run.count > 1_000)
    #expect(cube.cells == UsageCube(result.run, grain: .period).cells)
    // At the limit itself the workers sum it, to the same cells.
    #expect(try simulator.runAndCube(indexLimit: combinations).cube.cells == cube.cells)
  }

  @Test func sharesMergeIntoOneCellPerKeyInKeyOrder() throws {
    func call(customer: UInt32, model: UInt16, cost: Int64) -> GeneratedCall {
      GeneratedCall(
        callID: 1, traceID: 1, cost: cost, second: 0, inputTokens: 10, outputTokens: 5, cachedTokens: 0, latencyMs: 1,
        customer: customer, organization: 0, product: 0, feature: 0, quality: 0, model: model, task: 0, status: 0,
        tier: 0, region: 0)
    }
    var a = try #require(PeriodCells(customers: 3, models: 2, tasks: 1, features: 1))
    var b = try #require(PeriodCells(customers: 3, models: 2, tasks: 1, features: 1))
    a.add(call(customer: 2, model: 1, cost: 5))
    a.add(call(customer: 0, model: 1, cost: 7))
    b.add(call(customer: 2, model: 1, cost: 11))
    b.add(call(customer: 1, model: 0, cost: 13))
    let cells = PeriodCells.merge([a, b], hour: 42)
    #expect(cells.map { [Int($0.key.customer), Int($0.key.model)] } == [[0, 1], [1, 0], [2, 1]])
    #expect(cells.map(\.cost) == [7, 13, 16])
    #expect(cells.map(\.calls) == [1, 1, 2])
    #expect(cells.allSatisfy { $0.key.hour == 42 })
  }
}
