/// One worker thread's day for `Simulator.run()`: the day's calls as rows in draw order, then
/// their time order, then written into the day's slice of the columns.
///
/// The rows and counters are reused from day to day, so a worker allocates only while its
/// days grow.
struct DayRows {
  static let secondsPerDay = 86_400

  /// The calls in draw order, and how many fall in each second of the day.
  private struct Calls: CallSink {
    var rows: [GeneratedCall] = []
    /// Calls per second of the day, shifted by one (entry `s + 1` counts second `s`), then
    /// turned into each second's first position.
    var slots = [Int32](repeating: 0, count: DayRows.secondsPerDay + 1)

    mutating func take(_ call: GeneratedCall) {
      rows.append(call)
      slots[Int(call.second) + 1] += 1
    }
  }

  private var calls = Calls()
  /// Row indexes in time order.
  private var order: [Int32] = []
  private var scratch = SimulationPlan.Scratch()
  /// Whether the worker stopped because the run was cancelled.
  private(set) var cancelled = false

  /// Draws the calls of `day` (customer `c` makes `counts[c]`); `false` when cancelled.
  ///
  /// Polls `isCancelled` every 64 customers and every 16,384 calls, so a stop request is seen
  /// within milliseconds even when one customer makes millions of calls a day.
  mutating func generate(
    day: Int, counts: [Int], plan: SimulationPlan, isCancelled: @Sendable () -> Bool
  ) -> Bool {
    calls.rows.removeAll(keepingCapacity: true)
    calls.rows.reserveCapacity(counts.reduce(0, +))
    calls.slots.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
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
    return true
  }

  /// Writes the day's calls, ordered by second (stably: a counting sort over the 86,400
  /// seconds), into calls `offset...` of `columns`.
  mutating func write(into columns: Run.Columns, dayStart: Int64, at offset: Int) {
    let n = calls.rows.count
    order.removeAll(keepingCapacity: true)
    order.append(contentsOf: repeatElement(0, count: n))
    calls.rows.withUnsafeBufferPointer { rows in
      calls.slots.withUnsafeMutableBufferPointer { slots in
        for s in 1..<slots.count { slots[s] += slots[s - 1] }
        order.withUnsafeMutableBufferPointer { order in
          for k in 0..<n {
            let s = Int(rows[k].second)
            order[Int(slots[s])] = Int32(k)
            slots[s] += 1
          }
          columns.write(rows, order: UnsafeBufferPointer(order), dayStart: dayStart, at: offset)
        }
      }
    }
  }
}
