/// One worker's share of a run's period usage cube, summed while `Simulator.run(summing:)`
/// writes its days.
///
/// Billing reads the period cube, and building it afterwards from a run's columns was an
/// eighth of the what-if loop on one core. Summed here, each call is added while its row is
/// still in cache, on the worker that drew it. A call finds its cell through a direct index
/// over customer × model × task type × feature, in the cube's key order, so scanning the index
/// front to back lists the cells sorted.
struct PeriodCells: Sendable {
  /// The largest index a worker allocates (8 MB of `Int32`); a run with more combinations
  /// builds its cube from the columns afterwards.
  static let maximumIndex = 1 << 21

  private let models: Int
  private let tasks: Int
  private let features: Int
  /// Cell by combination, −1 when the combination has no call yet.
  private var index: [Int32]
  private var cells: [UsageCube.Cell] = []
  private var keys: [Int] = []

  /// An empty share, or `nil` when the index would be larger than `limit` entries.
  init?(customers: Int, models: Int, tasks: Int, features: Int, limit: Int = PeriodCells.maximumIndex) {
    guard
      let size = Self.indexSize(customers: customers, models: models, tasks: tasks, features: features, limit: limit)
    else { return nil }
    (self.models, self.tasks, self.features) = (max(1, models), max(1, tasks), max(1, features))
    index = Array(repeating: -1, count: size)
  }

  /// Entries of the index over these dimensions, or `nil` when past `limit`.
  static func indexSize(customers: Int, models: Int, tasks: Int, features: Int, limit: Int) -> Int? {
    var size = 1
    for n in [customers, models, tasks, features] {
      let (product, overflow) = size.multipliedReportingOverflow(by: max(1, n))
      guard !overflow, product <= limit else { return nil }
      size = product
    }
    return size
  }

  /// The bytes `threads` shares of a run may hold: their indexes, and at most one cell per call
  /// or per combination each.
  static func estimate(customers: Int, models: Int, features: Int, calls: Double, threads: Int) -> Double {
    let combinations = Double(customers) * Double(models) * Double(TaskType.all.count) * Double(max(1, features))
    let cells = min(calls, combinations) * Double(MemoryLayout<UsageCube.Cell>.stride + MemoryLayout<Int>.stride)
    return Double(threads) * (combinations * 4 + cells)
  }

  @inline(__always)
  mutating func add(_ call: GeneratedCall) {
    let key = ((Int(call.customer) * models + Int(call.model)) * tasks + Int(call.task)) * features + Int(call.feature)
    var slot = index[key]
    if slot < 0 {
      slot = Int32(cells.count)
      index[key] = slot
      keys.append(key)
      cells.append(
        UsageCube.Cell(
          key: UsageCube.Key(
            customer: call.customer, model: call.model, task: call.task, feature: call.feature, hour: 0)
        ))
    }
    cells[Int(slot)].add(
      input: call.inputTokens, output: call.outputTokens, cached: call.cachedTokens, cost: call.cost,
      status: call.status)
  }

  /// The period cube's cells from every worker's share: summed (integer sums, so the result does
  /// not depend on which worker drew which day) and in key order, with `hour` as their hour.
  static func merge(_ shares: [PeriodCells], hour: Int64) -> [UsageCube.Cell] {
    guard var all = shares.first else { return [] }
    for share in shares.dropFirst() {
      for (key, cell) in zip(share.keys, share.cells) {
        let slot = all.index[key]
        if slot < 0 {
          all.index[key] = Int32(all.cells.count)
          all.keys.append(key)
          all.cells.append(cell)
        } else {
          all.cells[Int(slot)].add(cell)
        }
      }
    }
    var out: [UsageCube.Cell] = []
    out.reserveCapacity(all.cells.count)
    for slot in all.index where slot >= 0 {
      var cell = all.cells[Int(slot)]
      cell.key.hour = hour
      out.append(cell)
    }
    return out
  }
}
