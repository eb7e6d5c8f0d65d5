import Dispatch
import Foundation

/// Simulates one scenario under each seed of an `Uncertainty` and reduces every run to a small
/// value as soon as it is drawn, so a 100-seed band holds a few runs at a time, never 100.
///
/// Seeds are handed out to `threads` workers one at a time and their results stored by seed,
/// so the output is the same, in seed order, whatever the number of threads. Seed 1 is the
/// scenario itself: a caller that already holds its run passes it as `first`.
public struct SeedRunner: Sendable {
  public var uncertainty: Uncertainty
  /// Seeds simulated at once (each on one thread; a single seed uses all of them).
  public var threads: Int

  public init(_ uncertainty: Uncertainty, threads: Int = ProcessInfo.processInfo.activeProcessorCount) {
    self.uncertainty = uncertainty
    self.threads = max(1, threads)
  }

  /// Threads each seed's simulation uses: seeds already keep every core busy, so one each
  /// (a single seed gets them all).
  private var inner: Int { uncertainty.seeds > 1 ? 1 : threads }

  /// `scenario` under seed `k` (1-based; see `Uncertainty.seed(_:of:)`).
  public static func scenario(_ scenario: Scenario, seed k: Int) -> Scenario {
    var s = scenario
    s.seed = Uncertainty.seed(k, of: scenario.seed)
    return s
  }

  /// `reduce` of each seed's run, in seed order; only the usage cube is built, never the calls
  /// of more than `threads` seeds at once.
  ///
  /// - Throws: the first error of any seed (by seed order), or `CancellationError`.
  public func measure<T: Sendable>(
    _ scenario: Scenario, first: MeasuredRun? = nil, isCancelled: @escaping @Sendable () -> Bool = { false },
    _ reduce: @escaping @Sendable (MeasuredRun) throws -> T
  ) throws -> [T] {
    try map(seeds: 1...uncertainty.seeds, isCancelled: isCancelled) { k in
      if k == 1, let first { return try reduce(first) }
      let s = Self.scenario(scenario, seed: k)
      return try reduce(MeasuredRun(try Simulator(scenario: s).measure(threads: inner, isCancelled: isCancelled)))
    }
  }

  /// `work(k)` for each seed number k in `seeds` on `threads` workers, results in order of k.
  public func map<T: Sendable>(
    seeds: ClosedRange<Int>, isCancelled: @escaping @Sendable () -> Bool, _ work: @escaping @Sendable (Int) throws -> T
  ) throws -> [T] {
    let results = SeedSlots<T>(count: seeds.count)
    DispatchQueue.concurrentPerform(iterations: min(threads, seeds.count)) { _ in
      while let i = results.claim() {
        if isCancelled() {
          results.fail(i, CancellationError())
          continue
        }
        do { results.store(i, try work(seeds.lowerBound + i)) } catch { results.fail(i, error) }
      }
    }
    return try results.collect()
  }
}

/// The results of a `SeedRunner` map: one slot per seed, claimed by one worker, written once.
private final class SeedSlots<T>: @unchecked Sendable {
  private let lock = NSLock()
  private var next = 0
  private var values: [T?]
  private var errors: [(Int, any Error)] = []

  init(count: Int) { values = Array(repeating: nil, count: count) }

  /// The next unclaimed seed index, or `nil` when all are claimed (or one failed).
  func claim() -> Int? {
    lock.withLock {
      guard next < values.count, errors.isEmpty else { return nil }
      defer { next += 1 }
      return next
    }
  }

  func store(_ k: Int, _ value: T) { lock.withLock { values[k] = value } }
  func fail(_ k: Int, _ error: any Error) { lock.withLock { errors.append((k, error)) } }

  /// The values in seed order, or the error of the lowest failed seed.
  func collect() throws -> [T] {
    try lock.withLock {
      if let first = errors.min(by: { $0.0 < $1.0 }) { throw first.1 }
      return values.compactMap { $0 }
    }
  }
}
