/// What a streamed import keeps of its calls: the hourly usage cube, and beside each cell the
/// summaries that the cube's sums cannot give — a latency histogram and the quality scores of
/// its successful calls.
///
/// Its size grows with the cells (customer × model × task type × feature × hour that occur),
/// never with the calls: a file that repeats a month's traffic a hundred times digests into
/// the same cells with larger sums. Every part is mergeable, so the parts of a file parsed on
/// several cores join exactly. The reports it supports are `AnalyzerName.readsDigest`.
public struct UsageDigest: Sendable {
  /// The hourly cube, cells in key order (hour, customer, model, task, feature).
  public var cube: UsageCube
  /// The latencies of each cell's calls, parallel to `cube.cells`.
  public var latency: [LatencyHistogram]
  /// The sum of each cell's successful calls' quality scores, in 1/10,000ths.
  public var quality: [Int64]
  /// What re-pricing each cell's calls on another model needs beyond its sums, parallel to
  /// `cube.cells` (`LedgerUsage+Digest`).
  public var tokens: [CellTokens] = []
  /// `[task]`: the billable calls' output tokens (a timeout's as 0), for the ledger's latency
  /// estimates.
  public var outputTokens: [LatencyHistogram] = []
  /// `[customer]`: the attributes of each customer's first call in the file.
  public var customers: [CustomerAttributes] = []
  /// `[region][UTC hour of day]`: calls, for calibration's business-hours test.
  public var regionHours: [[Int64]] = []
  /// `[task]`: the successful calls' token logs, for calibration's token fits.
  public var tokenLogs: [TokenLogSums] = []
  /// The catalog the calls were priced and banded with (`LedgerUsage.thresholds`).
  public var catalog = ModelCatalog(name: "", priceDate: "", providers: [], models: [])

  /// Approximate bytes one cell takes while it is built: the sums, a one-bucket histogram,
  /// its re-pricing tokens and its hash-table slot.
  public static let bytesPerCell = 248

  /// All calls of the digest.
  public var calls: Int { Int(cube.cells.reduce(Int64(0)) { $0 + $1.calls }) }

  /// The calendar span of the calls, from the first call's day to the last one's.
  public var period: Period {
    let hours = cube.cells.map(\.key.hour)
    let first = Int((hours.min() ?? 0) / 24)
    let last = Int((hours.max() ?? 0) / 24)
    return Period(start: CalendarDay(daysSinceEpoch: first), days: max(1, last - first + 1))
  }
}

extension UsageDigest {
  /// Folds chunks of calls into cells as an import parses them; the builders of a file's
  /// parts merge into one.
  final class Builder {
    /// The cell key packed into two integers: customer, model and feature; hour and task.
    private struct Packed: Hashable {
      var ids: UInt64
      var time: Int64
      init(_ k: UsageCube.Key) {
        ids = UInt64(k.customer) << 32 | UInt64(k.model) << 16 | UInt64(k.feature)
        time = k.hour << 8 | Int64(k.task)
      }
      /// One word hashed instead of two: the hash sits on every call's path.
      func hash(into hasher: inout Hasher) { hasher.combine(ids &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(bitPattern: time)) }
    }
    private var index: [Packed: Int32] = [:]
    private var cells: [UsageCube.Cell] = []
    private var latency: [LatencyHistogram] = []
    private var quality: [Int64] = []
    private var tokens: [CellTokens] = []
    private var outputs: [LatencyHistogram.Dense] = []
    private var customers: [CustomerAttributes?] = []
    private var regionHours: [[Int64]] = []
    private var tokenLogs: [TokenLogSums] = []
    private let budget: Int
    private let path: String
    private let catalog: ModelCatalog
    private let thresholds: [Int]

    /// A builder that refuses to grow past `budget` bytes of cells (reading `path`), banding
    /// calls at `catalog`'s long-context thresholds.
    init(
      budget: Int, path: String,
      catalog: ModelCatalog = ModelCatalog(name: "", priceDate: "", providers: [], models: [])
    ) {
      self.budget = budget
      self.path = path
      self.catalog = catalog
      self.thresholds = LedgerUsage.thresholds(catalog)
    }

    /// Adds a chunk of calls whose ids index this builder's dimension tables; an error when
    /// the cells outgrow the budget.
    func add(_ chunk: Run) -> UsageImporter.ImportError? {
      for i in 0..<chunk.count {
        let key = UsageCube.Key(
          customer: chunk.customer[i], model: chunk.model[i], task: chunk.task[i], feature: chunk.feature[i],
          hour: chunk.timestamp[i] / 3600)
        let c = slot(key)
        cells[c].add(
          input: chunk.inputTokens[i], output: chunk.outputTokens[i], cached: chunk.cachedTokens[i],
          cost: chunk.cost[i], status: chunk.status[i])
        latency[c].record(chunk.latencyMs[i])
        if chunk.status[i] == 0 { quality[c] += Int64(chunk.quality[i]) }
        tokens[c].add(
          input: chunk.inputTokens[i], output: chunk.outputTokens[i], cached: chunk.cachedTokens[i],
          cost: chunk.cost[i], status: chunk.status[i], thresholds: thresholds)
        if chunk.status[i] != 1 {
          recordOutput(chunk.status[i] == 2 ? 0 : chunk.outputTokens[i], task: Int(chunk.task[i]))
        }
        noteCustomer(chunk, call: i)
        noteCalibration(chunk, call: i)
      }
      return checkBudget()
    }

    /// Adds the cells of `other`, whose ids `remap` translates into this builder's tables.
    func merge(_ other: Builder, remap: Run.DimensionRemap) {
      for (k, cell) in other.cells.enumerated() {
        var key = cell.key
        key.customer = UInt32(truncatingIfNeeded: remap.customers[Int(key.customer)])
        key.model = UInt16(truncatingIfNeeded: remap.models[Int(key.model)])
        key.task = UInt8(truncatingIfNeeded: remap.tasks[Int(key.task)])
        key.feature = UInt16(truncatingIfNeeded: remap.features[Int(key.feature)])
        let c = slot(key)
        cells[c].merge(cell)
        latency[c].merge(other.latency[k])
        quality[c] += other.quality[k]
        tokens[c].merge(other.tokens[k])
      }
      for (t, dense) in other.outputs.enumerated() {
        let mine = remap.tasks[t]
        grow(&outputs, to: mine, with: .init())
        outputs[mine].merge(dense)
      }
      for (r, hours) in other.regionHours.enumerated() {
        let mine = remap.regions[r]
        grow(&regionHours, to: mine, with: Array(repeating: 0, count: 24))
        for h in hours.indices { regionHours[mine][h] += hours[h] }
      }
      for (t, sums) in other.tokenLogs.enumerated() {
        let mine = remap.tasks[t]
        grow(&tokenLogs, to: mine, with: TokenLogSums())
        tokenLogs[mine] += sums
      }
      for (c, first) in other.customers.enumerated() {
        guard let first else { continue }
        note(first.remapped(remap), customer: remap.customers[c])
      }
    }

    /// Counts a call by region and UTC hour, and a successful call's token logs by task type.
    @inline(__always)
    private func noteCalibration(_ chunk: Run, call i: Int) {
      let r = Int(chunk.region[i])
      grow(&regionHours, to: r, with: Array(repeating: 0, count: 24))
      regionHours[r][Int(chunk.timestamp[i] % 86_400 / 3600)] += 1
      guard chunk.status[i] == 0 else { return }
      let t = Int(chunk.task[i])
      grow(&tokenLogs, to: t, with: TokenLogSums())
      tokenLogs[t].add(input: chunk.inputTokens[i], output: chunk.outputTokens[i], cached: chunk.cachedTokens[i])
    }

    /// Extends `array` with `empty` values until it has index `i`.
    @inline(__always)
    private func grow<T>(_ array: inout [T], to i: Int, with empty: T) {
      if i >= array.count { array += Array(repeating: empty, count: i + 1 - array.count) }
    }

    /// Counts a billable call's output tokens for its task type.
    @inline(__always)
    private func recordOutput(_ tokens: UInt32, task t: Int) {
      grow(&outputs, to: t, with: .init())
      outputs[t].record(tokens)
    }

    /// Keeps the attributes of the first call of each customer of `chunk` seen so far.
    @inline(__always)
    private func noteCustomer(_ chunk: Run, call i: Int) {
      let c = Int(chunk.customer[i])
      if c < customers.count, customers[c] != nil { return }
      note(
        CustomerAttributes(
          organization: chunk.organization[i], product: chunk.product[i], tier: chunk.tier[i], region: chunk.region[i]),
        customer: c)
    }

    /// Records `first` as customer `c`'s attributes unless an earlier call gave them.
    private func note(_ first: CustomerAttributes, customer c: Int) {
      grow(&customers, to: c, with: nil)
      if customers[c] == nil { customers[c] = first }
    }

    /// The cell of `key`, created empty on first sight.
    @inline(__always)
    private func slot(_ key: UsageCube.Key) -> Int {
      let packed = Packed(key)
      if let found = index[packed] { return Int(found) }
      index[packed] = Int32(truncatingIfNeeded: cells.count)
      cells.append(UsageCube.Cell(key: key))
      latency.append(LatencyHistogram())
      quality.append(0)
      tokens.append(CellTokens())
      return cells.count - 1
    }

    /// The refusal once the cells pass the budget.
    private func checkBudget() -> UsageImporter.ImportError? {
      let estimate = MemoryEstimate(
        work: "digesting \(path) into the usage cube", size: "\(Format.integer(cells.count)) cells so far",
        bytes: cells.count * UsageDigest.bytesPerCell,
        hint: "analyze the export in parts (e.g. one file per month), or aggregate it first")
      do throws(BudgetError) {
        try MemoryBudget(bytes: budget).check(estimate)
      } catch {
        return .budget(error)
      }
      return nil
    }

    /// The digest, its cells sorted into the cube's key order.
    func digest(dimensions: Run.Dimensions) -> UsageDigest {
      let order = cells.indices.sorted { a, b in
        let (x, y) = (cells[a].key, cells[b].key)
        return (x.hour, x.customer, x.model, x.task, x.feature) < (y.hour, y.customer, y.model, y.task, y.feature)
      }
      return UsageDigest(
        cube: UsageCube(cells: order.map { cells[$0] }, dimensions: dimensions), latency: order.map { latency[$0] },
        quality: order.map { quality[$0] }, tokens: order.map { tokens[$0] },
        outputTokens: dimensions.taskTypes.indices.map { t in t < outputs.count ? outputs[t].histogram : .init() },
        customers: dimensions.customers.indices.map { c in (c < customers.count ? customers[c] : nil) ?? .init() },
        regionHours: dimensions.regions.indices.map { r in
          r < regionHours.count ? regionHours[r] : Array(repeating: 0, count: 24)
        },
        tokenLogs: dimensions.taskTypes.indices.map { t in t < tokenLogs.count ? tokenLogs[t] : TokenLogSums() },
        catalog: catalog)
    }
  }
}

extension UsageCube.Cell {
  /// Adds another cell's sums (the same key, from another part of the calls).
  mutating func merge(_ other: UsageCube.Cell) {
    calls += other.calls
    errors += other.errors
    timeouts += other.timeouts
    inputTokens += other.inputTokens
    outputTokens += other.outputTokens
    cachedTokens += other.cachedTokens
    cost += other.cost
    billableCalls += other.billableCalls
    billableInput += other.billableInput
    billableOutput += other.billableOutput
    billableCached += other.billableCached
    billableCost += other.billableCost
  }
}
