import Foundation

/// Per-item results handed from worker threads to the thread that joins them (a day's counts,
/// a block of customers' cells).
///
/// Each slot is written by exactly one worker and read once the workers are done; the lock
/// makes that ordering visible to the memory model. A slot starts as (and is left, once taken,
/// as) `empty`, so reading needs no optional and taking frees the value.
final class SlotBox<T>: @unchecked Sendable {
  private var slots: [T]
  private let empty: T
  private let lock = NSLock()
  init(count: Int, empty: T) {
    slots = Array(repeating: empty, count: count)
    self.empty = empty
  }
  func store(_ n: Int, _ value: T) { lock.withLock { slots[n] = value } }
  func take(_ n: Int) -> T {
    lock.withLock {
      defer { slots[n] = empty }
      return slots[n]
    }
  }
}
