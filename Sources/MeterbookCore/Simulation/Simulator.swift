import Foundation
import Synchronization

/// Generates the calls of a scenario: seeded, reproducible, and fast.
///
/// Every customer-day draws from two sub-streams of the workbook seed: one for how many calls
/// it makes and one for the calls themselves. `run()` splits the work by day and writes each
/// day, sorted by time, into its own slice of the columns; `measure()` splits it by customer
/// and only sums. Either way the output is byte-identical whatever the number of threads.
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
  /// How a data scenario's calls are made (imported, plus what its patterns add); `nil` for a
  /// simulated scenario.
  let data: DataScenarioRun?

  /// Prepares the tables of `scenario`.
  ///
  /// A scenario past `Limits` (customers, days,
  /// customer-days, tiers, regions, features, products, models) is not prepared: its
  /// population is empty and `run()` throws `SimulationLimitError`.
  public init(scenario: Scenario) {
    self.scenario = scenario
    self.data = scenario.data.map { DataScenarioRun(scenario, $0) }
    let refusal = scenario.data == nil ? SimulationLimitError.check(scenario) : nil
    self.refusal = refusal
    if refusal == nil && data == nil {
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

  /// A simulator of a prepared plan (a data scenario's added calls), refused past `Limits` as
  /// any scenario is.
  init(plan: SimulationPlan) {
    scenario = plan.scenario
    self.plan = plan
    refusal = SimulationLimitError.check(plan.scenario)
    data = nil
  }

  /// What `run()` will hold in memory, estimated without drawing a call: the expected calls
  /// times `Run.bytesPerCall`, the first pass's customers × days counts, and each worker
  /// thread's rows of the day it is sorting (the busiest day, as 64-byte rows plus a 4-byte
  /// order, and a partly filled block per hour).
  ///
  /// O(customers + days).
  public func memoryEstimate(shard: Shard = .whole) -> MemoryEstimate {
    if let data { return data.memoryEstimate() }
    let perDay = plan.expectedCallsPerDay().map { $0 / Double(shard.count) }
    let calls = perDay.reduce(0, +)
    let busiest = perDay.max() ?? 0
    let workers = min(Double(Simulator.defaultThreads), Double(scenario.days))
    let customerDays = Double(scenario.population.customers) * Double(scenario.days)
    let bytes =
      calls * Double(Run.bytesPerCall)
      + customerDays * Double(MemoryLayout<Int>.stride)
      + workers * (busiest + 25 * Double(DayRows.block)) * Double(MemoryLayout<GeneratedCall>.stride + 4)
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

  /// The calls `run()` is expected to produce, without drawing any: a data scenario's
  /// imported calls plus what its patterns are expected to add.
  public func expectedCalls() -> Double {
    guard let data else { return plan.expectedCallsPerDay().reduce(0, +) }
    return Double(data.data.callCount)
      + [data.growth, data.newcomers].reduce(0) { $0 + ($1?.expectedCalls() ?? 0) }
  }

  /// The number of worker threads `run()` and `measure()` use by default: every active core.
  public static var defaultThreads: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

  /// The customers this scenario simulates (none for a data scenario, whose customers come
  /// with its run).
  public var population: Population { plan.population }

  /// Generates all calls, sorted by time, into a columnar `Run`.
  ///
  /// A first pass draws every customer-day's call count, which gives each day its slice of
  /// the columns; then `threads` workers take days in turn, generate a day's calls into
  /// their own rows, order them by second (a two-level counting sort, see `DayRows`) and write
  /// them straight into the day's slice. A day's calls depend only on the seed and the day, so the output is
  /// byte-identical on any number of threads.
  ///
  /// - Parameters:
  ///   - threads: worker threads (default: every active core; at least 1).
  ///   - isCancelled: polled every 4,096 customers while counting and every 64 customers or
  ///     16,384 calls while generating; when it returns `true` the run stops and
  ///     `CancellationError` is thrown.
  ///   - budget: the memory the run may ask for; `memoryEstimate()` is checked against it first.
  ///   - shard: the part of the customers to simulate (default: all); see `Shard`.
  ///   - progress: called on the calling thread with the share of days done (0...1).
  /// - Throws: `SimulationLimitError` for a scenario past `Limits` (before any call is drawn)
  ///   or whose calls cost more than `Limits.runCost`, `BudgetError` when the estimate exceeds
  ///   `budget` (before any call is drawn), `CancellationError`.
  /// - Complexity: O(calls + customers × days + days × 86,400) time; memory as `memoryEstimate()`.
  public func run(
    threads: Int = Simulator.defaultThreads, isCancelled: @escaping @Sendable () -> Bool = { false },
    budget: MemoryBudget = .current, shard: Shard = .whole, progress: (Double) -> Void = { _ in }
  ) throws -> SimulationResult {
    if let refusal { throw refusal }
    if let data { return try data.run(threads: threads, isCancelled: isCancelled, budget: budget) }
    try budget.check(memoryEstimate(shard: shard))
    let counts = try dayCounts(threads: threads, shard: shard, isCancelled: isCancelled)
    let totals = counts.map { $0.reduce(0, +) }
    let offsets = totals.reduce(into: [0]) { $0.append($0[$0.count - 1] + $1) }
    var run = Run(dimensions: plan.dimensions, filledLater: offsets[offsets.count - 1])
    let days = scenario.days
    // Busiest days first, so the days handed out last are the smallest and no worker idles
    // long at the end (each day has its own slice, so the order changes no byte).
    let schedule = (0..<days).sorted { (totals[$0], $1) > (totals[$1], $0) }
    let done = Atomic<Int>(0)
    let workers = run.withColumns { columns in
      WorkerPool.run(
        items: days, threads: threads, state: { DayRows() },
        work: { [plan] rows, item in
          let day = schedule[item]
          guard rows.generate(day: day, counts: counts[day], plan: plan, isCancelled: isCancelled) else { return false }
          rows.write(into: columns, dayStart: plan.dayStart.buffer[day], at: offsets[day])
          done.add(1, ordering: .relaxed)
          return true
        },
        afterCallerItem: { progress(Double(done.load(ordering: .relaxed)) / Double(days)) })
    }
    if workers.contains(where: \.cancelled) || isCancelled() { throw CancellationError() }
    try Self.checkCost(workers.reduce(Int128(0)) { $0 + $1.cost })
    return SimulationResult(scenario: scenario, population: plan.population, run: run)
  }

  /// Every customer-day's call count, per day (pass 1), on `threads` workers; customers outside
  /// `shard` make no calls (their counts are not drawn).
  func dayCounts(
    threads: Int = Simulator.defaultThreads, shard: Shard = .whole,
    isCancelled: @escaping @Sendable () -> Bool = { false }
  )
    throws
    -> [[Int]]
  {
    let counts = SlotBox<[Int]>(count: scenario.days, empty: [])
    let workers = WorkerPool.run(
      items: scenario.days, threads: threads, state: { true },
      work: { [plan] finished, day in
        let customers = plan.members.buffer.count
        var row: [Int] = []
        row.reserveCapacity(customers)
        for c in 0..<customers {
          if c & 4095 == 0 && isCancelled() {
            finished = false
            return false
          }
          row.append(shard.contains(customer: c) ? plan.callCount(customer: c, day: day) : 0)
        }
        counts.store(day, row)
        return true
      })
    if workers.contains(false) || isCancelled() { throw CancellationError() }
    return (0..<scenario.days).map { counts.take($0) }
  }

  /// Every analyzer's arithmetic is proven safe for runs up to `Limits.runCost` (see `Money`):
  /// a run whose calls cost more is refused.
  static func checkCost(_ total: Int128) throws(SimulationLimitError) {
    guard total > Limits.runCost.nanos else { return }
    throw SimulationLimitError(
      message:
        "its calls cost \(Format.money(Money(nanos: total))); one run holds at most \(Format.money(Limits.runCost)) — lower the customers, the days or the prices"
    )
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
      // A call needs a feature and a model to be drawn from.
      (p.customers > 0 && p.features.isEmpty, "no features; expected at least 1"),
      (p.customers > 0 && s.catalog.models.isEmpty, "no models; expected at least 1"),
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

extension Simulator {
  /// The exact number of calls `run()` will produce, without generating them.
  public func callCount() -> Int { ((try? dayCounts()) ?? []).joined().reduce(0, +) }
}
