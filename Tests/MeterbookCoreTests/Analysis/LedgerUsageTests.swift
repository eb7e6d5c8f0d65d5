import Testing

@testable import MeterbookCore

/// The ledger's per-group token sums price a task's calls on any model as the calls would be
/// priced one by one, long-context calls and over-cached calls included.
struct LedgerUsageTests {
  /// A simulated week whose calls are bent to exercise what is not linear in tokens: every
  /// 7th call's prompt lands around the 200k long-context threshold, every 11th caches more
  /// than it sends.
  func bentRun() throws -> Run {
    var run = try Simulator(scenario: Fixtures.scenario(customers: 40, days: 7)).run().run
    for i in stride(from: 0, to: run.count, by: 7) { run.inputTokens[i] = UInt32(150_000 + (i * 7_919) % 100_000) }
    for i in stride(from: 3, to: run.count, by: 11) { run.cachedTokens[i] = run.inputTokens[i] + 5 }
    return run
  }

  /// The task's billable calls priced call by call at `model`, as `ModelPrice.cost` bills them:
  /// a timeout's output is not billed, a model without a cache bills cached tokens as input.
  func byCall(_ run: Run, task: TaskType, model: ModelSpec) -> (Int128, calls: Int) {
    var total = Int128(0)
    var calls = 0
    for i in 0..<run.count where Int(run.task[i]) == task.index && run.status[i] != 1 {
      let cost = model.price.cost(
        input: Int(run.inputTokens[i]), output: run.status[i] == 2 ? 0 : Int(run.outputTokens[i]),
        cached: model.price.cachedInput == nil ? 0 : Int(run.cachedTokens[i]))
      total += cost.nanos
      calls += 1
    }
    return (total, calls)
  }

  @Test func pricingATaskFromBandSumsMatchesPricingItCallByCall() throws {
    let run = try bentRun()
    let period = Period(spanning: run)
    let usage = LedgerUsage(run, catalog: Fixtures.catalog, period: period)
    #expect(usage.thresholds == [200_000])
    let tasks = TaskTokens.all(usage)
    var longModels = 0
    for task in TaskType.all {
      for model in Fixtures.catalog.models {
        let (expected, calls) = byCall(run, task: task, model: model)
        let summed = tasks[task.index].totalCost(at: model, usage: usage)
        // Rounded once per band instead of once per call: within half a nanodollar a call.
        #expect(abs(summed - expected) * 2 <= Int128(calls + 1), "\(task) \(model.id): \(summed) vs \(expected)")
        // The groups the ledger switches, priced one by one, add up the same way.
        var days = Int128(0)
        for (k, s) in zip(usage.days.keys, usage.days.sums) where Int(k.task) == task.index && s.calls > 0 {
          days += s.cost(at: model, long: usage.isLong(band: k.band, at: model))
        }
        #expect(abs(days - expected) * 2 <= Int128(calls + usage.days.keys.count), "\(task) \(model.id)")
        var customers = Int128(0)
        for (k, s) in zip(usage.customers.keys, usage.customers.sums) where Int(k.task) == task.index && s.calls > 0 {
          customers += s.cost(at: model, long: usage.isLong(band: k.band, at: model))
        }
        #expect(abs(customers - expected) * 2 <= Int128(calls + usage.customers.keys.count), "\(task) \(model.id)")
      }
    }
    for model in Fixtures.catalog.models where model.price.longContext != nil { longModels += 1 }
    try #require(longModels > 0, "the catalog must have long-context prices for this test to mean anything")
  }

  @Test func callsPastTheThresholdLandInTheirOwnBand() {
    #expect(LedgerUsage.band(200_000, thresholds: [200_000]) == 0)
    #expect(LedgerUsage.band(200_001, thresholds: [200_000]) == 1)
    #expect(LedgerUsage.band(1_000_001, thresholds: [128_000, 200_000, 1_000_000]) == 3)
    #expect(LedgerUsage.band(150_000, thresholds: [128_000, 200_000, 1_000_000]) == 1)
    #expect(LedgerUsage.band(5, thresholds: []) == 0)
  }

  @Test func aCallFallsInItsDayGroupAndItsCustomersHalfOfThePeriod() {
    var b = RunBuilder(days: 3, customers: 1)  // 2026-01-05 to 01-07: the middle is 01-06 12:00
    b.add(day: 1, hour: 11, count: 1)
    b.add(day: 1, hour: 12, count: 1)
    let run = b.finished()
    let usage = LedgerUsage(run, catalog: Fixtures.catalog, period: b.context().period)
    #expect(usage.days.keys.map(\.day) == [1])
    #expect(usage.customers.keys.map(\.late) == [false, true])
  }
}
