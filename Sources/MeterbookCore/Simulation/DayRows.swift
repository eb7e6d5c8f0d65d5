/// One worker thread's day for `Simulator.run()`: the day's calls as rows in draw order, then
/// sorted by time and written into the day's slice of the columns.
///
/// The sort is a stable two-level counting sort that stays in cache: rows are first moved
/// into 24 hour buckets (sequential reads, 24 sequential write streams), then each hour,
/// about 1/24 of the day and small enough for the core's own cache, is ordered by its
/// second and gathered into the columns, each column written front to back. A single
/// counting sort over the day's 86,400 seconds would gather rows at random from megabytes of
/// memory, and did cost as much as generating them. The buffers are reused from day to day
/// (a worker allocates only while its days grow) and rows are aligned to cache lines, so
/// reading one touches one line.
struct DayRows {
  /// The sink the generator writes into: rows in draw order, and how many fall in each hour.
  private struct Calls: CallSink {
    let rows: UnsafeMutablePointer<GeneratedCall>
    /// Calls per hour of the day, shifted by one (entry `h + 1` counts hour `h`).
    let hours: UnsafeMutablePointer<Int>
    var count = 0

    @inline(__always)
    mutating func take(_ call: GeneratedCall) {
      rows[count] = call
      count += 1
      hours[Int(call.second) / 3600 + 1] += 1
    }
  }

  private let buffers = Buffers()
  private var scratch = SimulationPlan.Scratch()
  /// Whether the worker stopped because the run was cancelled.
  private(set) var cancelled = false

  /// Draws the calls of `day` (customer `c` makes `counts[c]`) into the rows; `false` when cancelled.
  ///
  /// Polls `isCancelled` every 64 customers and every 16,384 calls, so a stop request is seen
  /// within milliseconds even when one customer makes millions of calls a day.
  mutating func generate(
    day: Int, counts: [Int], plan: SimulationPlan, isCancelled: @Sendable () -> Bool
  ) -> Bool {
    buffers.reserve(counts.reduce(0, +))
    buffers.hours.update(repeating: 0, count: 25)
    var calls = Calls(rows: buffers.rows, hours: buffers.hours)
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
    buffers.count = calls.count
    return true
  }

  /// Writes the day's calls, sorted by second (stably), into calls `offset...` of `columns`.
  func write(into columns: Run.Columns, dayStart: Int64, at offset: Int) {
    let (rows, byHour, hours, seconds, order) =
      (buffers.rows, buffers.byHour, buffers.hours, buffers.seconds, buffers.order)
    for h in 1...24 { hours[h] += hours[h - 1] }
    var next = (0..<24).map { hours[$0] }
    for k in 0..<buffers.count {
      let h = Int(rows[k].second) / 3600
      byHour[next[h]] = rows[k]
      next[h] += 1
    }
    for h in 0..<24 where hours[h + 1] > hours[h] {
      let (start, n) = (hours[h], hours[h + 1] - hours[h])
      let bucket = byHour + start
      seconds.update(repeating: 0, count: 3601)
      for k in 0..<n { seconds[Int(bucket[k].second) % 3600 + 1] += 1 }
      for s in 1...3600 { seconds[s] += seconds[s - 1] }
      for k in 0..<n {
        let s = Int(bucket[k].second) % 3600
        order[seconds[s]] = Int32(k)
        seconds[s] += 1
      }
      columns.write(
        UnsafeBufferPointer(start: bucket, count: n), order: UnsafeBufferPointer(start: order, count: n),
        dayStart: dayStart, at: offset + start)
    }
  }

  /// The worker's memory: rows in draw order and by hour (cache-line aligned), an hour's order,
  /// and the hour and second counters. Owned by one worker at a time, which is what makes the
  /// unchecked `Sendable` true.
  private final class Buffers: @unchecked Sendable {
    private(set) var rows = Buffers.allocateRows(0)
    private(set) var byHour = Buffers.allocateRows(0)
    private(set) var order = UnsafeMutablePointer<Int32>.allocate(capacity: 0)
    let hours = UnsafeMutablePointer<Int>.allocate(capacity: 25)
    let seconds = UnsafeMutablePointer<Int>.allocate(capacity: 3601)
    private var capacity = 0
    /// The rows of the current day.
    var count = 0

    /// Room for `n` rows (and their order); a day's rows never outgrow what its counts say.
    func reserve(_ n: Int) {
      count = 0
      guard n > capacity else { return }
      UnsafeMutableRawPointer(rows).deallocate()
      UnsafeMutableRawPointer(byHour).deallocate()
      order.deallocate()
      rows = Self.allocateRows(n)
      byHour = Self.allocateRows(n)
      order = .allocate(capacity: n)
      capacity = n
    }

    private static func allocateRows(_ n: Int) -> UnsafeMutablePointer<GeneratedCall> {
      UnsafeMutableRawPointer.allocate(byteCount: n * MemoryLayout<GeneratedCall>.stride, alignment: 64)
        .bindMemory(to: GeneratedCall.self, capacity: n)
    }

    deinit {
      UnsafeMutableRawPointer(rows).deallocate()
      UnsafeMutableRawPointer(byHour).deallocate()
      order.deallocate()
      hours.deallocate()
      seconds.deallocate()
    }
  }
}
