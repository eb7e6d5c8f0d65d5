/// The measure path's sink: one customer's calls, over all days (or one day, for a day cube),
/// summed into their cube cells (model × task type × feature) and into day totals, without
/// keeping a call.
///
/// A call finds its cell through a direct index over model × task × feature (a hash when that
/// product is too large for a table); when the customer is done, `flush` hands its cells on
/// in the cube's key order.
struct CustomerCells: CallSink {
  private let models: Int
  private let features: Int
  /// Cell index by `(model·tasks + task)·features + feature`, −1 when unused; empty when the
  /// product is past `denseCells` and `sparse` is used instead.
  private var dense: [Int32]
  private var sparse: [Int: Int32] = [:]
  /// The current customer's cells in first-seen order, and (sparse only) their keys.
  private var cells: [UsageCube.Cell] = []
  private var keys: [Int] = []
  /// With `dense`: a bit per index the customer used, and the words holding them in
  /// first-used order, so `flush` visits the used indexes in order without scanning the table.
  private var used: [UInt64]
  private var usedWords: [Int] = []

  /// The customer and the first second of the day the next calls belong to.
  var customer = 0
  var dayStart: Int64 = 0
  /// Calls and cost per day, which the caller adds after each customer-day (from its count
  /// and the change in `spent`), so no call pays for them.
  var dailyCalls: [Int]
  var dailyCost: [Int128]
  /// The earliest call's timestamp (the cube's hour), `Int64.max` before any call.
  private(set) var earliest = Int64.max
  /// What the calls taken so far cost; once past `Limits.runCost` calls are no longer summed
  /// (the measure is refused), so no cell sum can overflow.
  private(set) var spent: Int128 = 0
  /// Whether the worker stopped because the measure was cancelled.
  var cancelled = false

  /// The row the generator writes each call into before `commit()` sums it.
  private let slot = CallSlot()
  /// `Limits.runCost` and the number of task types, read once: as globals, every call paid a
  /// lazy-initialization check to read them.
  private let runCost = Limits.runCost.nanos
  private let tasks = TaskType.all.count

  /// The largest direct index (4 MB of `Int32`).
  static let denseCells = 1 << 20

  init(models: Int, features: Int, days: Int) {
    self.models = models
    self.features = features
    let size = models.multipliedReportingOverflow(by: TaskType.all.count * max(1, features))
    dense = !size.overflow && size.partialValue <= Self.denseCells ? Array(repeating: -1, count: size.partialValue) : []
    used = Array(repeating: 0, count: (dense.count + 63) / 64)
    dailyCalls = Array(repeating: 0, count: days)
    dailyCost = Array(repeating: 0, count: days)
  }

  @inline(__always)
  func row(hour: Int) -> UnsafeMutablePointer<GeneratedCall> { slot.row }

  @inline(__always)
  mutating func commit() { take(slot.row.pointee) }

  @inline(__always)
  private mutating func take(_ call: GeneratedCall) {
    spent += Int128(call.cost)
    guard spent <= runCost else { return }
    earliest = min(earliest, dayStart + Int64(call.second))
    let key = (Int(call.model) * tasks + Int(call.task)) * features + Int(call.feature)
    var slot = dense.isEmpty ? sparse[key] ?? -1 : dense[key]
    if slot < 0 {
      slot = Int32(cells.count)
      if dense.isEmpty {
        sparse[key] = slot
        keys.append(key)
      } else {
        dense[key] = slot
        if used[key >> 6] == 0 { usedWords.append(key >> 6) }
        used[key >> 6] |= 1 << UInt64(key & 63)
      }
      cells.append(
        UsageCube.Cell(
          key: UsageCube.Key(
            customer: UInt32(customer), model: call.model, task: call.task, feature: call.feature,
            hour: dayStart / 3600)))
    }
    cells[Int(slot)].add(
      input: call.inputTokens, output: call.outputTokens, cached: call.cachedTokens, cost: call.cost,
      status: call.status)
  }

  /// Appends the current customer's cells to `out` in key order (model, task, feature) and
  /// starts the next customer.
  ///
  /// With the dense table, the used-index bits give the order: the few words holding them
  /// are sorted (plain integers), then each word's bits read low to high. Sorting the cells
  /// with a comparison closure took a twentieth of a 100-seed compare; scanning the whole
  /// table would cost as much for a large catalog.
  mutating func flush(into out: inout [UsageCube.Cell]) {
    if dense.isEmpty {
      // Keys are unique (one per cell), so the sorted keys find their cells through the map.
      for key in keys.sorted() { if let slot = sparse[key] { out.append(cells[Int(slot)]) } }
      sparse.removeAll(keepingCapacity: true)
      keys.removeAll(keepingCapacity: true)
    } else {
      usedWords.sort()
      for word in usedWords {
        var bits = used[word]
        used[word] = 0
        while bits != 0 {
          let key = word << 6 | bits.trailingZeroBitCount
          bits &= bits &- 1
          out.append(cells[Int(dense[key])])
          dense[key] = -1
        }
      }
      usedWords.removeAll(keepingCapacity: true)
    }
    cells.removeAll(keepingCapacity: true)
  }
}

/// One call's row, owned by one worker's `CustomerCells` (which is what makes the unchecked
/// `Sendable` true).
private final class CallSlot: @unchecked Sendable {
  let row = UnsafeMutablePointer<GeneratedCall>.allocate(capacity: 1)
  deinit { row.deallocate() }
}
