/// One worker thread's day for `Simulator.run()`: the day's calls as rows, then sorted by time
/// and written into the day's slice of the columns.
///
/// The sort is a stable two-level counting sort that stays in cache. As they are drawn, rows
/// go into blocks of 256 per hour of the day (24 sequential write streams), so they arrive
/// already bucketed by hour; then each hour, about 1/24 of the day and small enough for the
/// core's own cache, is ordered by its second and gathered into the columns, each column
/// written front to back. (One counting sort over the day's 86,400 seconds gathered rows at
/// random from megabytes of memory and cost as much as generating them. Counting each row's
/// second as it is drawn instead cost more than the counting pass it saved: the day's counters
/// are out of the core's first-level cache, and the pass brings the hour's rows into it for the
/// gather that follows.) The buffers are reused from day to day (a worker allocates only while
/// its days grow) and rows are aligned to cache lines, so reading one touches one line.
struct DayRows {
  /// Rows per block.
  static let block = 256

  /// The sink the generator writes into: each row appended to its hour's current block.
  private struct Calls: CallSink {
    let pool: UnsafeMutablePointer<GeneratedCall>
    /// Per hour, the next free row of its current block, or a multiple of `block` when the
    /// hour has no room (its block is full, or it has none: blocks start at multiples).
    let next: UnsafeMutablePointer<Int>
    /// The hour each block belongs to, in the order blocks were taken.
    let owner: UnsafeMutablePointer<Int>
    var blocks = 0

    @inline(__always)
    mutating func row(hour h: Int) -> UnsafeMutablePointer<GeneratedCall> {
      // The generator draws hours below 24 and fills blocks within the pool `reserve` sized
      // from the day's counts, so the indexes and counters below are in range.
      if next[h] & (DayRows.block - 1) == 0 {
        owner[blocks] = h
        next[h] = blocks &* DayRows.block
        blocks &+= 1
      }
      let row = pool + next[h]
      next[h] &+= 1
      return row
    }

    /// The row is in place already.
    @inline(__always)
    func commit() {}
  }

  private let buffers = Buffers()
  private var scratch = SimulationPlan.Scratch()
  /// Whether the worker stopped because the run was cancelled.
  private(set) var cancelled = false
  /// The total cost of the calls this worker wrote, in nano-dollars (for `Simulator.checkCost`).
  private(set) var cost = Int128(0)

  /// Draws the calls of `day` (customer `c` makes `counts[c]`) into the rows; `false` when cancelled.
  ///
  /// Polls `isCancelled` every 64 customers and every 16,384 calls, so a stop request is seen
  /// within milliseconds even when one customer makes millions of calls a day.
  mutating func generate(
    day: Int, counts: [Int], plan: SimulationPlan, isCancelled: @Sendable () -> Bool
  ) -> Bool {
    buffers.reserve(counts.reduce(0, +))
    buffers.next.update(repeating: 0, count: 24)
    var calls = Calls(pool: buffers.pool, next: buffers.next, owner: buffers.owner)
    var sinceCheck = 0
    for (c, n) in counts.enumerated() where n > 0 {
      sinceCheck += n
      if c & 63 == 0 || sinceCheck >= 16_384 {
        sinceCheck = 0
        if isCancelled() {
          cancelled = true
          return false
        }
      }
      plan.generateCalls(customer: c, day: day, count: n, scratch: &scratch, into: &calls)
    }
    buffers.blocks = calls.blocks
    return true
  }

  /// Writes the day's calls, sorted by second (stably: within a second, in draw order), into
  /// calls `offset...` of `columns`, and adds their cost to `cost`.
  mutating func write(into columns: Run.Columns, dayStart: Int64, at offset: Int) {
    let (pool, next, owner, seconds, order) =
      (buffers.pool, buffers.next, buffers.owner, buffers.seconds, buffers.order)
    let rows = UnsafeBufferPointer(start: pool, count: buffers.capacity)
    var start = offset
    for h in 0..<24 {
      /// The rows of hour `h`, block by block in the order they were filled.
      func forEachRow(_ body: (Int) -> Void) {
        for b in 0..<buffers.blocks where owner[b] == h {
          // Every block of the hour is full but its current one, which ends at `next[h]`.
          let first = b * Self.block
          let last = next[h] > first && next[h] <= first + Self.block ? next[h] : first + Self.block
          for i in first..<last { body(i) }
        }
      }
      // A row's second of the hour, and counts of rows, which `reserve` keeps within 32 bits:
      // neither needs an overflow check.
      let hourStart = h * 3600
      var n: Int32 = 0
      forEachRow { i in
        seconds[Int(pool[i].second) &- hourStart] &+= 1
        n &+= 1
      }
      guard n > 0 else { continue }
      // The counts become, in place, where each second's rows start in `order`.
      var before: Int32 = 0
      for s in 0..<3600 {
        let count = seconds[s]
        seconds[s] = before
        before &+= count
      }
      forEachRow { i in
        let s = Int(pool[i].second) &- hourStart
        order[Int(seconds[s])] = Int32(truncatingIfNeeded: i)
        seconds[s] &+= 1
      }
      seconds.update(repeating: 0, count: 3600)
      let count = Int(n)
      cost += columns.write(rows, order: UnsafeBufferPointer(start: order, count: count), dayStart: dayStart, at: start)
      start += count
    }
  }

  /// The worker's memory: the row blocks (cache-line aligned), an hour's order, counters.
  ///
  /// Owned by one worker at a time, which is what makes the unchecked `Sendable` true.
  private final class Buffers: @unchecked Sendable {
    private(set) var pool = Buffers.allocateRows(0)
    private(set) var owner = UnsafeMutablePointer<Int>.allocate(capacity: 0)
    private(set) var order = UnsafeMutablePointer<Int32>.allocate(capacity: 0)
    let next = UnsafeMutablePointer<Int>.allocate(capacity: 24)
    /// Rows per second of the hour being sorted; zero between hours.
    let seconds = UnsafeMutablePointer<Int32>.allocate(capacity: 3600)
    /// Rows the pool holds: a day's calls plus one partly filled block per hour.
    private(set) var capacity = 0
    /// Blocks used by the current day.
    var blocks = 0

    init() { seconds.initialize(repeating: 0, count: 3600) }

    /// Room for a day of `n` calls; a day's rows never outgrow what its counts say.
    ///
    /// A day's rows are indexed in 32 bits (`order`, the sort's counts): 2^31 rows would be
    /// 137 GB of rows alone, which no memory budget that fits a machine lets through.
    func reserve(_ n: Int) {
      blocks = 0
      let needed = (n / DayRows.block + 25) * DayRows.block
      precondition(needed <= Int(Int32.max), "a day of \(n) calls is past 32-bit row indexes")
      guard needed > capacity else { return }
      UnsafeMutableRawPointer(pool).deallocate()
      owner.deallocate()
      order.deallocate()
      pool = Self.allocateRows(needed)
      owner = .allocate(capacity: needed / DayRows.block)
      order = .allocate(capacity: needed)
      capacity = needed
    }

    private static func allocateRows(_ n: Int) -> UnsafeMutablePointer<GeneratedCall> {
      UnsafeMutableRawPointer.allocate(byteCount: n * MemoryLayout<GeneratedCall>.stride, alignment: 64)
        .bindMemory(to: GeneratedCall.self, capacity: n)
    }

    deinit {
      UnsafeMutableRawPointer(pool).deallocate()
      owner.deallocate()
      order.deallocate()
      next.deallocate()
      seconds.deallocate()
    }
  }
}
