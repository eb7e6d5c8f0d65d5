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
    isCancelled: @escaping @Sendable () -> Bool = { false }, progress: (Double) -> Void = { _ in }
  ) throws(CancellationError) -> SimulationResult {
    // Pass 1: every customer-day's call count (cheap), so each column is allocated once.
    let counts = SlotBox<[Int]>(count: scenario.days)
    DispatchQueue.concurrentPerform(iterations: scenario.days) { day in
      counts.store(day, plan.population.customers.map { plan.callCount(customer: $0, day: day) })
    }
    let perDay = (0..<scenario.days).map { counts.peek($0).reduce(0, +) }
    var run = Run(dimensions: plan.dimensions, filledLater: perDay.reduce(0, +))
    // Pass 2: worker threads generate days ahead (at most `window` in flight) while this
    // thread copies finished days, in day order, into their slices of the columns.
    let window = 3 * max(1, ProcessInfo.processInfo.activeProcessorCount)
    let done = (0..<scenario.days).map { _ in DispatchSemaphore(value: 0) }
    let results = SlotBox<[GeneratedCall]>(count: scenario.days)
    var submitted = 0
    func submit() {
      let d = submitted
      DispatchQueue.global().async { [plan] in
        results.store(d, plan.generate(day: d, counts: counts.peek(d), isCancelled: isCancelled))
        done[d].signal()
      }
      submitted += 1
    }
    while submitted < min(window, scenario.days) { submit() }
    var offset = 0
    for day in 0..<scenario.days {
      done[day].wait()
      if isCancelled() {
        for d in (day + 1)..<submitted { done[d].wait() }
        throw CancellationError()
      }
      let rows = results.take(day)
      run.fill(from: rows, at: offset)
      offset += rows.count
      if submitted < scenario.days { submit() }
      progress(Double(day + 1) / Double(scenario.days))
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

/// Per-slot results handed from worker threads to the merging thread. Each slot is written
/// by exactly one worker and read only after `concurrentPerform` returns; the lock makes
/// that ordering visible to the memory model.
private final class SlotBox<T>: @unchecked Sendable {
  private var slots: [T?]
  private let lock = NSLock()
  init(count: Int) { slots = Array(repeating: nil, count: count) }
  func store(_ n: Int, _ value: T) { lock.withLock { slots[n] = value } }
  func peek(_ n: Int) -> T { lock.withLock { slots[n]! } }
  func take(_ n: Int) -> T {
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
