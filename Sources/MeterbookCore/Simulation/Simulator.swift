import Dispatch
import Foundation

/// Generates the calls of a scenario: seeded, reproducible, and fast.
///
/// Work is split by day. Every customer-day draws from two sub-streams of the workbook seed:
/// one for how many calls it makes and one for the calls themselves. Days are generated in
/// parallel, each day's calls sorted by time, and appended in day order, so the output is
/// byte-identical whatever the number of cores.
///
/// ```swift
/// let result = try Simulator(scenario: .standard(catalog: catalog)).run()
/// result.run.count   // calls generated
/// ```
public struct Simulator: Sendable {
  public let scenario: Scenario
  let plan: SimulationPlan

  public init(scenario: Scenario) {
    self.scenario = scenario
    self.plan = SimulationPlan(scenario)
  }

  /// The customers this scenario simulates.
  public var population: Population { plan.population }

  /// Generates all calls.
  ///
  /// - Parameters:
  ///   - isCancelled: polled between batches of days; when it returns `true` the run stops
  ///     and `CancellationError` is thrown.
  ///   - progress: called with the share of days done (0...1) after each batch.
  /// - Complexity: O(calls + customers × days).
  public func run(
    isCancelled: @Sendable () -> Bool = { false }, progress: (Double) -> Void = { _ in }
  ) throws(CancellationError) -> SimulationResult {
    var run = Run(dimensions: plan.dimensions)
    let batch = max(1, ProcessInfo.processInfo.activeProcessorCount)
    var day = 0
    while day < scenario.days {
      if isCancelled() { throw CancellationError() }
      let days = day..<min(scenario.days, day + batch)
      let buffers = DayBuffers(count: days.count)
      DispatchQueue.concurrentPerform(iterations: days.count) { n in
        buffers.store(n, plan.generate(day: days.lowerBound + n))
      }
      for n in 0..<days.count { run.append(contentsOf: buffers.take(n)) }
      day = days.upperBound
      progress(Double(day) / Double(scenario.days))
    }
    return SimulationResult(scenario: scenario, population: plan.population, run: run)
  }

  /// Expected number of calls per day, without generating them (for reservations and progress).
  func dayCounts() -> [Int] {
    (0..<scenario.days).map { day in
      plan.population.customers.reduce(0) { $0 + plan.callCount(customer: $1, day: day) }
    }
  }
}

/// What a simulation produced.
public struct SimulationResult: Sendable {
  public var scenario: Scenario
  public var population: Population
  public var run: Run
}

/// Per-day results handed from worker threads to the merging thread. Each slot is written
/// by exactly one worker and read only after `concurrentPerform` returns, which orders the
/// accesses; the lock makes that visible to the memory model.
private final class DayBuffers: @unchecked Sendable {
  private var slots: [Run?]
  private let lock = NSLock()
  init(count: Int) { slots = Array(repeating: nil, count: count) }
  func store(_ n: Int, _ calls: Run) { lock.withLock { slots[n] = calls } }
  func take(_ n: Int) -> Run {
    lock.withLock {
      defer { slots[n] = nil }
      return slots[n]!
    }
  }
}

extension Simulator {
  /// The exact number of calls `run()` will produce, without generating them.
  public func callCount() -> Int { dayCounts().reduce(0, +) }
}
