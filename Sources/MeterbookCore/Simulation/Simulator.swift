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
  /// Why `run()` will refuse this scenario before building anything: a size past `Limits`
  /// (possible for scenarios built in code, which skip the workbook loader's checks).
  let refusal: SimulationLimitError?

  /// Prepares the tables of `scenario`.
  ///
  /// A scenario past `Limits` (customers, days,
  /// customer-days, tiers, regions, features, products, models) is not prepared: its
  /// population is empty and `run()` throws `SimulationLimitError`.
  public init(scenario: Scenario) {
    self.scenario = scenario
    let refusal = SimulationLimitError.check(scenario)
    self.refusal = refusal
    if refusal == nil {
      self.plan = SimulationPlan(scenario)
    } else {
      var empty = scenario
      empty.population.customers = 0
      empty.days = 0
      empty.traffic = []
      empty.catalog = ModelCatalog(
        name: scenario.catalog.name, priceDate: scenario.catalog.priceDate, providers: [], models: [])
      self.plan = SimulationPlan(empty)
    }
  }

  /// What `run()` will hold in memory, estimated without drawing a call: the expected calls
  /// times `Run.bytesPerCall`, the first pass's customers × days counts, and the days the
  /// generator holds in flight (each day's calls three times over while it is sorted).
  ///
  /// O(customers + days).
  public func memoryEstimate() -> MemoryEstimate {
    let perDay = plan.expectedCallsPerDay()
    let calls = perDay.reduce(0, +)
    let busiest = perDay.max() ?? 0
    let window = Double(3 * max(1, ProcessInfo.processInfo.activeProcessorCount))
    let customerDays = Double(scenario.population.customers) * Double(scenario.days)
    let bytes =
      calls * Double(Run.bytesPerCall)
      + customerDays * Double(MemoryLayout<Int>.stride)
      + min(window, Double(scenario.days)) * busiest * Double(3 * MemoryLayout<GeneratedCall>.stride + 8)
    let name = scenario.name
    return MemoryEstimate(
      work: "simulating '\(name)'",
      size: "about \(Self.count(calls)) calls from \(Self.count(Double(scenario.population.customers))) customers over "
        + "\(scenario.days) days",
      bytes: bytes.isFinite && bytes < 0x1p62 ? Int(bytes) : Int(1) << 62,
      hint:
        "lower scenarios.\(name).customers (now \(scenario.population.customers)), period.days (now \(scenario.days)) "
        + "or the archetypes' calls_per_day of scenarios.\(name)")
  }

  private static func count(_ x: Double) -> String {
    guard x.isFinite, x < 1e18 else { return "more than 10^18" }
    return Int(x.rounded()).formatted()
  }

  /// The customers this scenario simulates.
  public var population: Population { plan.population }

  /// Generates all calls.
  ///
  /// - Parameters:
  ///   - isCancelled: polled between batches of days; when it returns `true` the run stops
  ///     and `CancellationError` is thrown.
  ///   - progress: called with the share of days done (0...1) after each batch.
  ///   - budget: the memory the run may ask for; `memoryEstimate()` is checked against it first.
  /// - Throws: `SimulationLimitError` for a scenario past `Limits`, `BudgetError` when the
  ///   estimate exceeds `budget` (both before any call is drawn), `CancellationError`.
  /// - Complexity: O(calls + customers × days).
  public func run(
    isCancelled: @escaping @Sendable () -> Bool = { false }, budget: MemoryBudget = .current,
    progress: (Double) -> Void = { _ in }
  ) throws -> SimulationResult {
    if let refusal { throw refusal }
    try budget.check(memoryEstimate())
    // Pass 1: every customer-day's call count (cheap), so each column is allocated once.
    let counts = SlotBox<[Int]>(count: scenario.days, empty: [])
    DispatchQueue.concurrentPerform(iterations: scenario.days) { day in
      var row: [Int] = []
      row.reserveCapacity(plan.population.customers.count)
      for c in plan.population.customers {
        if c.index & 4095 == 0 && isCancelled() { break }
        row.append(plan.callCount(customer: c, day: day))
      }
      counts.store(day, row)
    }
    if isCancelled() { throw CancellationError() }
    let perDay = (0..<scenario.days).map { counts.peek($0).reduce(0, +) }
    var run = Run(dimensions: plan.dimensions, filledLater: perDay.reduce(0, +))
    // Pass 2: worker threads generate days ahead (at most `window` in flight) while this
    // thread copies finished days, in day order, into their slices of the columns.
    let window = 3 * max(1, ProcessInfo.processInfo.activeProcessorCount)
    let done = (0..<scenario.days).map { _ in DispatchSemaphore(value: 0) }
    let results = SlotBox<[GeneratedCall]>(count: scenario.days, empty: [])
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
    // Every analyzer's arithmetic is proven safe for runs up to Limits.runCost (see Money).
    let total = run.cost.reduce(Int128(0)) { $0 + Int128($1) }
    if total > Limits.runCost.nanos {
      throw SimulationLimitError(
        message:
          "its calls cost \(Format.money(Money(nanos: total))); one run holds at most \(Format.money(Limits.runCost)) — lower the customers, the days or the prices"
      )
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

/// A scenario the simulator refuses before building anything, because a size is past
/// `Limits` (workbooks are checked at load time with located errors; this guards scenarios
/// built in code or by recipes).
public struct SimulationLimitError: Error, Hashable, CustomStringConvertible {
  public var message: String
  public var description: String { "scenario is too large: \(message)" }

  static func check(_ s: Scenario) -> SimulationLimitError? {
    let p = s.population
    let checks: [(Bool, String)] = [
      (
        p.customers < 0 || p.customers > Limits.customers, "\(p.customers) customers; expected 0 to \(Limits.customers)"
      ),
      (s.days < 0 || s.days > Limits.days, "\(s.days) days; expected 0 to \(Limits.days)"),
      (
        p.customers > 0 && s.days > Limits.customerDays / max(1, p.customers),
        "\(p.customers) customers × \(s.days) days; expected at most \(Limits.customerDays) customer-days"
      ),
      (p.tiers.count > Limits.tiers, "\(p.tiers.count) tiers; expected at most \(Limits.tiers)"),
      (p.regions.count > Limits.regions, "\(p.regions.count) regions; expected at most \(Limits.regions)"),
      (p.features.count > Limits.features, "\(p.features.count) features; expected at most \(Limits.features)"),
      (p.products.count > Limits.products, "\(p.products.count) products; expected at most \(Limits.products)"),
      (s.catalog.models.count > Limits.models, "\(s.catalog.models.count) models; expected at most \(Limits.models)"),
      (
        s.traffic.count > Limits.trafficPatterns,
        "\(s.traffic.count) traffic patterns; expected at most \(Limits.trafficPatterns)"
      ),
      (
        !p.archetypes.allSatisfy {
          $0.callsPerDay.lowerBound >= 0 && $0.callsPerDay.upperBound <= Double(Limits.callsPerCustomerDay)
        },
        "calls per day outside 0…\(Limits.callsPerCustomerDay)"
      ),
    ]
    return checks.first { $0.0 }.map { SimulationLimitError(message: $0.1) }
  }
}

/// What a simulation produced.
public struct SimulationResult: Sendable {
  public var scenario: Scenario
  public var population: Population
  public var run: Run
}

/// Per-slot results handed from worker threads to the merging thread.
///
/// Each slot is written by exactly one worker and read only after that worker signals; the lock
/// makes that ordering visible to the memory model. A slot starts as (and is left, once taken,
/// as) `empty`, so reading needs no optional and taking frees the value.
private final class SlotBox<T>: @unchecked Sendable {
  private var slots: [T]
  private let empty: T
  private let lock = NSLock()
  init(count: Int, empty: T) {
    slots = Array(repeating: empty, count: count)
    self.empty = empty
  }
  func store(_ n: Int, _ value: T) { lock.withLock { slots[n] = value } }
  func peek(_ n: Int) -> T { lock.withLock { slots[n] } }
  func take(_ n: Int) -> T {
    lock.withLock {
      defer { slots[n] = empty }
      return slots[n]
    }
  }
}

extension Simulator {
  /// The exact number of calls `run()` will produce, without generating them.
  public func callCount() -> Int { dayCounts().reduce(0, +) }
}
