/// The usage cube: a run aggregated to one cell per customer × model × task type × feature ×
/// hour, holding sums (calls, errors, input, output and cached tokens, cost).
///
/// Billing reads a period-grain cube (no hour: a month of 145k calls becomes about 40k cells),
/// so a what-if that changes only prices re-bills cells, not calls; the exported cube keeps the
/// hour. The cube is a plain
/// table with a documented schema (`specs/standards.md`), the same GROUP BY that DuckDB, Spark
/// or Trino can compute over billions of stored calls. Latency percentiles are not summable;
/// analyzers that need them read the calls.
public struct UsageCube: Sendable {
  public struct Key: Hashable, Sendable {
    public var customer: UInt32
    public var model: UInt16
    public var task: UInt8
    public var feature: UInt16
    /// Hours since the Unix epoch.
    public var hour: Int64
  }

  public struct Cell: Sendable, Hashable {
    public var key: Key
    public var calls: Int64 = 0
    /// Calls with status error (not billed by providers, not billed by plans).
    public var errors: Int64 = 0
    /// Calls that timed out (billed for their input tokens, counted as usage).
    public var timeouts: Int64 = 0
    public var inputTokens: Int64 = 0
    public var outputTokens: Int64 = 0
    public var cachedTokens: Int64 = 0
    public var cost: Int64 = 0
    /// Billable (non-error) calls and their tokens, which usage charges count.
    public var billableCalls: Int64 = 0
    public var billableInput: Int64 = 0
    public var billableOutput: Int64 = 0
    public var billableCached: Int64 = 0
    /// AI cost of the billable calls, which a cost-based charge (cost-plus) marks up.
    ///
    /// An imported failed call may carry a cost in the export, but a plan does not bill it.
    public var billableCost: Int64 = 0

    /// Adds one call (status as in `Run.status`: 0 ok, 1 error, 2 timeout) to the sums; the
    /// one place both a run's cube and a measured simulation count a call.
    @inline(__always)
    mutating func add(input: UInt32, output: UInt32, cached: UInt32, cost: Int64, status: UInt8) {
      let (input, output, cached) = (Int64(input), Int64(output), Int64(cached))
      calls += 1
      inputTokens += input
      outputTokens += output
      cachedTokens += cached
      self.cost += cost
      switch status {
      case 1:
        errors += 1
      default:
        if status == 2 { timeouts += 1 }
        billableCalls += 1
        billableInput += input
        billableOutput += output
        billableCached += cached
        billableCost += cost
      }
    }
  }

  /// Cells in key order: (hour, customer, model, task, feature); by day, (customer, day,
  /// model, task, feature) when the combinations fit a direct index.
  public var cells: [Cell]
  public var dimensions: Run.Dimensions

  /// How finely time is kept: per hour, per UTC day, or one bucket for the whole run.
  ///
  /// The exported cube keeps the hour; billing needs the day when the run spans several
  /// billing periods, else one bucket (far fewer cells). A day cell's `hour` is its day's first.
  public enum Grain: Sendable, Hashable { case hour, day, period }

  public init(_ run: Run, grain: Grain = .hour, threads: Int = Simulator.defaultThreads) {
    dimensions = run.dimensions
    let firstHour = (run.timestamp.min() ?? 0) / 3600
    let lastHour = (run.timestamp.max() ?? 0) / 3600
    let hourly = grain == .hour
    // With few enough combinations (the period cube of a month: customers × models × task
    // types × features, times days for a day cube), a call finds its cell by direct indexing,
    // with no hashing at all.
    let d = run.dimensions
    let firstDay = firstHour / 24
    let days = grain == .day ? Int(clamping: lastHour / 24 - firstDay + 1) : 1
    let shape = (
      days: days, models: max(1, d.models.count), tasks: max(1, d.taskTypes.count), features: max(1, d.features.count)
    )
    var (combinations, overflow) = (1, false)
    for n in [d.customers.count, shape.days, shape.models, shape.tasks, shape.features] where !overflow {
      (combinations, overflow) = combinations.multipliedReportingOverflow(by: max(1, n))
    }
    if !overflow && combinations <= Self.denseCells && !hourly {
      cells = Self.periodCells(run, shape: shape, hour: grain == .day ? firstDay * 24 : firstHour, threads: threads)
      return
    }
    // Pack the key into 64 bits when it fits (hour 14, customer 24, model 12, task 6, feature 8
    // bits, most significant first), so grouping hashes one integer and the packed keys sort
    // in the cube's order; otherwise hash and sort the full key.
    // Hours are packed from the first day's first hour for a day cube.
    let base = grain == .day ? firstDay * 24 : firstHour
    let fits =
      run.dimensions.customers.count < 1 << 24 && run.dimensions.models.count < 1 << 12
      && run.dimensions.taskTypes.count < 1 << 6 && run.dimensions.features.count < 1 << 8
      && lastHour - base < 1 << 14
    func hour(_ i: Int) -> Int64 {
      switch grain {
      case .hour: run.timestamp[i] / 3600
      case .day: run.timestamp[i] / 86_400 * 24
      case .period: firstHour
      }
    }
    func key(_ i: Int) -> Key {
      Key(customer: run.customer[i], model: run.model[i], task: run.task[i], feature: run.feature[i], hour: hour(i))
    }
    // Pass 1 gives each call its cell; pass 2 sums the calls into the cells, in place.
    var slot = [Int32](repeating: 0, count: run.count)
    var firstCall: [Int] = []
    let order: [Int]
    /// Pass 1 through a hash of each call's key: cells are numbered as their key first
    /// appears; returns the keys in that order.
    func group<K: Hashable>(_ keyOf: (Int) -> K) -> [K] {
      var index: [K: Int32] = [:]
      index.reserveCapacity(run.count / 8)
      var keys: [K] = []
      for i in 0..<run.count {
        let k = keyOf(i)
        if let found = index[k] {
          slot[i] = found
        } else {
          slot[i] = Int32(keys.count)
          index[k] = slot[i]
          keys.append(k)
          firstCall.append(i)
        }
      }
      return keys
    }
    if fits {
      let packed = group { i in
        UInt64(hour(i) - base) << 50 | UInt64(run.customer[i]) << 26 | UInt64(run.model[i]) << 14
          | UInt64(run.task[i]) << 8 | UInt64(run.feature[i])
      }
      order = packed.indices.sorted { packed[$0] < packed[$1] }
    } else {
      let keys = group(key)
      order = keys.indices.sorted { a, b in
        let (x, y) = (keys[a], keys[b])
        return (x.hour, x.customer, x.model, x.task, x.feature) < (y.hour, y.customer, y.model, y.task, y.feature)
      }
    }
    var position = [Int32](repeating: 0, count: order.count)
    for (p, k) in order.enumerated() { position[k] = Int32(p) }
    var cells = order.map { Cell(key: key(firstCall[$0])) }
    cells.withUnsafeMutableBufferPointer { c in
      for i in 0..<run.count { Self.add(call: i, of: run, to: &c[Int(position[Int(slot[i])])]) }
    }
    self.cells = cells
  }

  /// The period cube by direct indexing, split by customer: each of `threads` workers reads
  /// every call's customer and sums the calls of its own block of customers, whose cells come
  /// after the previous block's in key order, so the blocks are joined without merging.
  ///
  /// Billing reads this cube after every simulation; on one core it was an eighth of the
  /// what-if loop.
  private static func periodCells(
    _ run: Run, shape: (days: Int, models: Int, tasks: Int, features: Int), hour: Int64, threads: Int
  ) -> [Cell] {
    let customers = max(1, run.dimensions.customers.count)
    let parts = max(1, min(threads, customers))
    let perPart = (customers + parts - 1) / parts
    let blocks = SlotBox<[Cell]>(count: parts, empty: [])
    _ = WorkerPool.run(
      items: parts, threads: parts, state: { true },
      work: { _, part in
        let first = part * perPart
        let range = first..<min(customers, first + perPart)
        blocks.store(part, periodCells(run, customers: range, shape: shape, hour: hour))
        return true
      })
    return (0..<parts).flatMap { blocks.take($0) }
  }

  /// The period (or day) cells of the customers in `range`, in key order; with more than one
  /// day the cells of a customer go day by day, each keyed by its day's first hour.
  private static func periodCells(
    _ run: Run, customers range: Range<Int>, shape: (days: Int, models: Int, tasks: Int, features: Int),
    hour: Int64
  ) -> [Cell] {
    let (days, m, t, f) = shape
    let firstDay = hour / 24
    var table = [Int32](repeating: -1, count: range.count * days * m * t * f)
    var cells: [Cell] = []
    let (low, high) = (UInt32(truncatingIfNeeded: range.lowerBound), UInt32(truncatingIfNeeded: range.upperBound))
    run.customer.withUnsafeBufferPointer { customer in
      table.withUnsafeMutableBufferPointer { table in
        for i in 0..<run.count where customer[i] >= low && customer[i] < high {
          let day = days == 1 ? 0 : Int(run.timestamp[i] / 86_400 - firstDay)
          let dense =
            (((Int(customer[i] - low) * days + day) * m + Int(run.model[i])) * t + Int(run.task[i])) * f
            + Int(run.feature[i])
          var slot = table[dense]
          if slot < 0 {
            slot = Int32(truncatingIfNeeded: cells.count)
            table[dense] = slot
            cells.append(
              Cell(
                key: Key(
                  customer: customer[i], model: run.model[i], task: run.task[i], feature: run.feature[i],
                  hour: days == 1 ? hour : (firstDay + Int64(day)) * 24)))
          }
          add(call: i, of: run, to: &cells[Int(slot)])
        }
      }
    }
    // Dense indexes grow with (customer, model, task, feature), the cube's order: reading the
    // table front to back orders the cells without sorting them.
    var ordered: [Cell] = []
    ordered.reserveCapacity(cells.count)
    for slot in table where slot >= 0 { ordered.append(cells[Int(slot)]) }
    return ordered
  }

  /// The most cells a direct-index table may have (64 MB of `Int32`).
  static let denseCells = 1 << 24

  /// Adds call `i` of `run` to a cell's sums.
  @inline(__always)
  private static func add(call i: Int, of run: Run, to cell: inout Cell) {
    cell.add(
      input: run.inputTokens[i], output: run.outputTokens[i], cached: run.cachedTokens[i], cost: run.cost[i],
      status: run.status[i])
  }

  /// A cube of given cells (in key order), as `Simulator.measure()` sums them without a run.
  init(cells: [Cell], dimensions: Run.Dimensions) {
    self.cells = cells
    self.dimensions = dimensions
  }

  public var totalCost: Money { Money(nanos: cells.reduce(Int128(0)) { $0 + Int128($1.cost) }) }

  /// AI cost per customer index (customers without calls cost nothing).
  public func costByCustomer(count: Int) -> [Money] {
    var nanos = [Int128](repeating: 0, count: count)
    for c in cells where Int(c.key.customer) < count { nanos[Int(c.key.customer)] += Int128(c.cost) }
    return nanos.map { Money(nanos: $0) }
  }

  /// The cube as CSV: `hour, customer_id, provider, model, task_type, feature_id, calls, errors,
  /// input_tokens, output_tokens, cached_input_tokens, cost_usd`.
  public func csv(to sink: ByteSink) throws(IOError) {
    var out = ByteBuffer(capacity: 1 << 20)
    out.append(
      "hour,customer_id,provider,model,task_type,feature_id,calls,errors,input_tokens,output_tokens,cached_input_tokens,cost_usd\r\n"
    )
    let d = dimensions
    let customers = d.customers.map(CSVWriter.field)
    let features = d.features.map(CSVWriter.field)
    let tasks = d.taskTypes.map(CSVWriter.field)
    let models = d.models.map { (CSVWriter.field($0.providerName), CSVWriter.field($0.name)) }
    for c in cells {
      out.append(AlertEngine.iso(c.key.hour * 3600))
      out.append(byte: 0x2C)
      out.append(customers[Int(c.key.customer)])
      out.append(byte: 0x2C)
      out.append(models[Int(c.key.model)].0)
      out.append(byte: 0x2C)
      out.append(models[Int(c.key.model)].1)
      out.append(byte: 0x2C)
      out.append(tasks[Int(c.key.task)])
      out.append(byte: 0x2C)
      out.append(features[Int(c.key.feature)])
      out.append(byte: 0x2C)
      for v in [c.calls, c.errors, c.inputTokens, c.outputTokens, c.cachedTokens] {
        out.appendInt(v)
        out.append(byte: 0x2C)
      }
      out.appendMoney(c.cost)
      out.append(byte: 0x0D)
      out.append(byte: 0x0A)
      if out.count > (1 << 20) - 4096 { try out.flush(to: sink) }
    }
    try out.flush(to: sink)
  }
}
