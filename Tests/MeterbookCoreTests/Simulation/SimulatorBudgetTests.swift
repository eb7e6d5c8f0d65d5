import Foundation
import Synchronization
import Testing

@testable import MeterbookCore

/// The simulator estimates its memory before drawing a call, refuses work past the budget,
/// stops promptly when cancelled, and never traps on extreme (but accepted) values.
struct SimulatorBudgetTests {
  func scenario(customers: Int, days: Int, callsPerDay: ClosedRange<Double>, traffic: [TrafficPattern] = []) -> Scenario
  {
    var s = Fixtures.scenario(customers: customers, days: days, traffic: traffic)
    s.population.archetypes = [.init(name: "only", share: 1, callsPerDay: callsPerDay)]
    return s
  }

  @Test func aMillionCallsPerDayIsRefusedByTheBudgetWithTheEstimate() throws {
    let s = scenario(customers: 100, days: 30, callsPerDay: 1e6...1e6)
    let clock = ContinuousClock()
    var caught: BudgetError?
    let elapsed = clock.measure {
      do { _ = try Simulator(scenario: s).run() } catch let e as BudgetError { caught = e } catch {}
    }
    let e = try #require(caught)
    // At least the columns of 3 billion calls.
    #expect(e.estimate.bytes > 3_000_000_000 * Run.bytesPerCall)
    #expect(e.estimate.size.contains("3,000,000,000 calls"))
    #expect(e.description.contains("hint: lower scenarios.test.customers (now 100), period.days (now 30)"))
    // Drawing 3 billion calls would take minutes and exhaust memory; refusing takes
    // milliseconds. Ten seconds tells the two apart even on a loaded two-core machine.
    #expect(elapsed < .seconds(10))
  }

  @Test func aMillionCustomersIsRefusedByTheEstimateBeforeAnyCallIsDrawn() throws {
    let s = Fixtures.scenario(customers: 1_000_000, days: 30)
    var caught: BudgetError?
    do { _ = try Simulator(scenario: s).run() } catch let e as BudgetError { caught = e } catch {}
    // The refusal carries the estimate (some 13 GB), which the run never allocated.
    #expect(caught != nil)
    #expect(caught?.estimate.bytes ?? 0 > 4 << 30)
  }

  @Test func tenPercentMonthlyGrowthOverTenYearsIsRefusedByTheBudget() throws {
    let s = Fixtures.scenario(customers: 100, days: 3_660, traffic: [.growth(monthly: 0.1)])
    #expect(throws: BudgetError.self) { try Simulator(scenario: s).run() }
    let extreme = Fixtures.scenario(customers: 10, days: 3_660, traffic: [.growth(monthly: 10)])
    let estimate = Simulator(scenario: extreme).memoryEstimate()
    #expect(estimate.bytes == 1 << 62)
    #expect(throws: BudgetError.self) { try Simulator(scenario: extreme).run() }
  }

  @Test func theEstimateIsCloseToWhatTheRunHolds() throws {
    let s = scenario(
      customers: 200, days: 20, callsPerDay: 10...50, traffic: [.burst(probability: 0.1, multiplier: 2...4)])
    let sim = Simulator(scenario: s)
    let estimate = sim.memoryEstimate()
    let run = try sim.run().run
    let columns = Double(run.count * Run.bytesPerCall)
    #expect(Double(estimate.bytes) >= columns * 0.9)
    #expect(Double(estimate.bytes) <= columns * 2 + 2_000_000)
  }

  @Test func aSmallBudgetRefusesAndALargeOneRuns() throws {
    let s = Fixtures.scenario(customers: 20, days: 3)
    #expect(throws: BudgetError.self) { try Simulator(scenario: s).run(budget: MemoryBudget(bytes: 1_000)) }
    #expect(try Simulator(scenario: s).run(budget: MemoryBudget(bytes: 1 << 30)).run.count > 0)
  }

  @Test func scenariosBuiltInCodePastTheLimitsAreRefusedNotTrapped() {
    var s = Fixtures.scenario(customers: 10, days: 2)
    s.population.tiers = (0..<300).map { .init(name: "t\($0)", fee: .zero, share: 1.0 / 300) }
    #expect(throws: SimulationLimitError.self) { try Simulator(scenario: s).run() }
    var r = Fixtures.scenario(customers: 10, days: 2)
    r.population.regions = (0..<300).map { .init(name: "r\($0)", utcOffset: 0, share: 1.0 / 300) }
    #expect(throws: SimulationLimitError.self) { try Simulator(scenario: r).run() }
    var big = Fixtures.scenario(customers: 2_000_000, days: 2)
    big.population.customers = 2_000_000
    #expect(Simulator(scenario: big).population.customers.isEmpty)
    #expect(throws: SimulationLimitError.self) { try Simulator(scenario: big).run() }
  }

  @Test func seventyThousandOrganizationsInCodeAreCappedAt16BitIds() throws {
    var s = Fixtures.scenario(customers: 300, days: 2)
    s.population.organizations = 70_000
    let result = try Simulator(scenario: s).run()
    #expect(result.population.organizationIDs.count == Limits.organizations)
    #expect(result.run.count > 0)
  }

  @Test func extremeTokenSpreadsPricesAndLatenciesNeverTrap() throws {
    // Few calls, so their total stays under Limits.runCost (each may cost up to Limits.callCost).
    var s = scenario(customers: 5, days: 2, callsPerDay: 5...5)
    s.tokens = s.tokens.map {
      var t = $0
      t.inputMedian = 10_000_000
      t.inputSigma = 3
      t.outputMedian = 1_000_000
      t.outputSigma = 3
      return t
    }
    let models = s.catalog.models.map { m -> ModelSpec in
      var m = m
      m.price = ModelPrice(input: Limits.pricePerMillionTokens, output: Limits.pricePerMillionTokens)
      m.contextWindow = 100_000_000
      m.latency = LatencyProfile(timeToFirstTokenMs: 600_000, msPerOutputToken: 10_000, spread: 3)
      return m
    }
    s.catalog = ModelCatalog(name: "hostile", priceDate: "2026-01-01", providers: s.catalog.providers, models: models)
    let run = try Simulator(scenario: s).run().run
    #expect(run.count > 0)
    var more = s
    more.population.customers = 300
    #expect(throws: SimulationLimitError.self) { try Simulator(scenario: more).run() }
    #expect(run.cost.allSatisfy { $0 >= 0 && $0 <= Limits.callCost.nanos })
    #expect(run.latencyMs.allSatisfy { $0 >= 1 })
  }

  /// Promptness counted in polls, not wall time (a loaded CI machine stretches time, not
  /// polls): once cancellation is asked for, during the counting pass (poll 10) or while days
  /// are generated (poll 400), each day being worked on polls at most once more, so the work
  /// left is bounded by the days in flight, and the run throws instead of finishing 1.2M
  /// customer-days.
  @Test(arguments: [10, 400]) func cancellationStopsALargeGenerationPromptly(at request: Int) throws {
    let s = scenario(customers: 20_000, days: 60, callsPerDay: 20...40)
    let polls = Mutex<(before: Int, after: Int)>((0, 0))
    var threw = false
    do {
      _ = try Simulator(scenario: s).run(isCancelled: {
        polls.withLock { p in
          if p.before < request {
            p.before += 1
            return false
          }
          p.after += 1
          return true
        }
      })
    } catch {
      threw = true
    }
    #expect(threw)
    let after = polls.withLock { $0.after }
    #expect(after >= 1)
    // One poll per day of the counting pass, per generated day in flight, and the run's own.
    let inFlight = s.days + 3 * max(1, ProcessInfo.processInfo.activeProcessorCount) + 2
    #expect(after <= inFlight, "\(after) polls after the request; expected at most \(inFlight)")
  }
}
