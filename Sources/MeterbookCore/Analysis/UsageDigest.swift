/// What a streamed import keeps of its calls: the hourly usage cube, and beside each cell the
/// summaries that the cube's sums cannot give — a latency histogram and the quality scores of
/// its successful calls.
///
/// Its size grows with the cells (customer × model × task type × feature × hour that occur),
/// never with the calls: a file that repeats a month's traffic a hundred times digests into
/// the same cells with larger sums. Every part is mergeable, so the parts of a file parsed on
/// several cores join exactly. The reports it supports are `AnalyzerName.readsDigest`.
///
/// When the hourly cells of a file of many customers outgrow their allowance, the digest keeps
/// days instead of hours, then one bucket for the whole file, then customer × model alone
/// (`grain`): memory stays bounded by customers × models, while every sum stays exact.
public struct UsageDigest: Sendable {
  /// The cube, cells in key order (hour, customer, model, task, feature); a cell's `hour` is
  /// the first of its day at day grain, the file's first hour at the coarser grains, and at
  /// `.customerModel` every cell's task and feature are 0 (they are not kept).
  public var cube: UsageCube
  /// How finely the cells keep the calls apart: `.hour` unless the hourly cells outgrew their
  /// allowance.
  public var grain: Grain
  /// The hours of the first and the last call, whatever the grain.
  public var hours: ClosedRange<Int64>
  /// The latencies of each cell's calls, parallel to `cube.cells`.
  public var latency: [LatencyHistogram]
  /// The sum of each cell's successful calls' quality scores, in 1/10,000ths.
  public var quality: [Int64]
  /// The largest call and the sum of squared call costs of each cell, parallel to `cube.cells`:
  /// what sizes the real-time report's anomaly thresholds.
  public var callCosts: [CallCostMoments]
  /// What re-pricing each cell's calls on another model needs beyond its sums, parallel to
  /// `cube.cells` (`LedgerUsage+Digest`).
  public var tokens: [CellTokens] = []
  /// `[task]`: the billable calls' output tokens (a timeout's as 0), for the ledger's latency
  /// estimates.
  public var outputTokens: [LatencyHistogram] = []
  /// `[customer]`: the organization, product, tier and region of each customer's first call in
  /// the file, as an in-memory import's population reads them.
  public var customers: [CustomerAttributes] = []
  /// `[region][UTC hour of day]`: calls, for calibration's business-hours test.
  public var regionHours: [[Int64]] = []
  /// `[task]`: the successful calls' token logs, for calibration's token fits.
  public var tokenLogs: [TokenLogSums] = []
  /// The catalog the calls were priced and banded with (`LedgerUsage.thresholds`).
  public var catalog = ModelCatalog(name: "", priceDate: "", providers: [], models: [])

  /// Approximate bytes one cell takes while it is built: the sums, a one-bucket histogram, the
  /// call-cost moments, its re-pricing tokens and its hash-table slot.
  public static let bytesPerCell = 280

  /// All calls of the digest.
  public var calls: Int { Int(cube.cells.reduce(Int64(0)) { $0 + $1.calls }) }

  /// The calendar span of the calls, from the first call's day to the last one's.
  public var period: Period {
    let first = Int(clamping: hours.lowerBound.floorDivided(by: 24))
    let last = Int(clamping: hours.upperBound.floorDivided(by: 24))
    return Period(start: CalendarDay(daysSinceEpoch: first), days: max(1, last - first + 1))
  }

  /// Why the cells are coarser than hours; `nil` at hour grain.
  public var grainNote: String? {
    grain == .hour
      ? nil
      : "kept \(Format.integer(cube.cells.count)) cells \(grain.cellName): the finer cells passed their memory "
        + "allowance of \(MemoryBudget.format(Self.cellAllowance(budget: MemoryBudget.current.bytes))) (raise "
        + "METERBOOK_MEMORY_BUDGET to keep hours); every sum is exact"
  }

  /// The bytes of cells a digest may hold before it coarsens its grain: a thirty-second of the
  /// memory budget, at least 160 MB (the default 4 GiB budget gives 160 MB), and never more
  /// than half of it.
  ///
  /// While the cells coarsen, the old and the new ones live side by side, each part of a file
  /// parsed on two cores has its own, and freed memory stays in the heap: a 256 MB allowance
  /// peaked at 0.96 GiB resident. At the default budget a streamed import of a file of any size
  /// stays well under 1 GB; a larger budget keeps hours for more cells.
  public static func cellAllowance(budget: Int) -> Int { min(budget / 2, max(budget / 32, 160 << 20)) }
}

extension Int64 {
  /// The quotient rounded toward negative infinity (hours before 1970 fall in their own day).
  func floorDivided(by d: Int64) -> Int64 {
    let q = self / d
    return (self % d != 0 && (self < 0) != (d < 0)) ? q - 1 : q
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
    private(set) var grain = Grain.hour
    private var firstHour = Int64.max
    private var lastHour = Int64.min
    private var callCosts: [CallCostMoments] = []
    private var tokens: [CellTokens] = []
    private var outputs: [LatencyHistogram.Dense] = []
    private var customers: [CustomerAttributes?] = []
    private var regionHours: [[Int64]] = []
    private var tokenLogs: [TokenLogSums] = []
    private let budget: Int
    /// Bytes of cells past which the grain coarsens; `nil` keeps hours (an exported cube).
    private let allowance: Int?
    private let path: String
    private let catalog: ModelCatalog
    private let thresholds: [Int]

    /// A builder that refuses to grow past `budget` bytes of cells (reading `path`), banding
    /// calls at `catalog`'s long-context thresholds; when `coarsens`, it first moves to coarser
    /// grains (`Grain`), one at a time, while the cells pass `UsageDigest.cellAllowance(budget:)`.
    init(
      budget: Int, path: String, coarsens: Bool = true,
      catalog: ModelCatalog = ModelCatalog(name: "", priceDate: "", providers: [], models: [])
    ) {
      self.budget = budget
      self.allowance = coarsens ? UsageDigest.cellAllowance(budget: budget) : nil
      self.path = path
      self.catalog = catalog
      self.thresholds = LedgerUsage.thresholds(catalog)
    }

    /// Adds a chunk of calls whose ids index this builder's dimension tables; an error when
    /// the cells outgrow the budget.
    func add(_ chunk: Run) -> UsageImporter.ImportError? {
      for i in 0..<chunk.count {
        let hour = chunk.timestamp[i].floorDivided(by: 3600)
        firstHour = min(firstHour, hour)
        lastHour = max(lastHour, hour)
        let key = UsageCube.Key(
          customer: chunk.customer[i], model: chunk.model[i], task: chunk.task[i], feature: chunk.feature[i],
          hour: hour)
        let c = slot(grain == .hour ? key : coarse(key))
        cells[c].add(
          input: chunk.inputTokens[i], output: chunk.outputTokens[i], cached: chunk.cachedTokens[i],
          cost: chunk.cost[i], status: chunk.status[i])
        latency[c].record(chunk.latencyMs[i])
        if chunk.status[i] == 0 { quality[c] += Int64(chunk.quality[i]) }
        callCosts[c].record(chunk.cost[i])
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

    /// Moves the cells of `other`, whose ids `remap` translates into this builder's tables,
    /// into this builder at the coarser of both grains; an error when the merged cells outgrow
    /// the budget.
    func merge(_ other: Builder, remap: Run.DimensionRemap) -> UsageImporter.ImportError? {
      while grain < other.grain { coarsen() }
      firstHour = min(firstHour, other.firstHour)
      lastHour = max(lastHour, other.lastHour)
      fold(other.cells, other.latency, other.quality, other.callCosts, other.tokens) { key in
        var key = key
        key.customer = UInt32(truncatingIfNeeded: remap.customers[Int(key.customer)])
        key.model = UInt16(truncatingIfNeeded: remap.models[Int(key.model)])
        key.task = UInt8(truncatingIfNeeded: remap.tasks[Int(key.task)])
        key.feature = UInt16(truncatingIfNeeded: remap.features[Int(key.feature)])
        return coarse(key)
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
      // `other` parsed a later part of the file: its customers' first calls count only for
      // customers this builder has not seen.
      for (c, first) in other.customers.enumerated() {
        guard let first else { continue }
        note(first.remapped(remap), customer: remap.customers[c])
      }
      // `other` is spent: its cells live on in this builder.
      (other.cells, other.latency, other.quality, other.callCosts, other.tokens, other.index) = (
        [], [], [], [], [], [:]
      )
      return checkBudget()
    }

    /// Sums cells (with their histograms, quality, cost moments and re-pricing tokens) into
    /// this builder under the keys `rekey` gives them.
    private func fold(
      _ cells: [UsageCube.Cell], _ latency: [LatencyHistogram], _ quality: [Int64], _ callCosts: [CallCostMoments],
      _ tokens: [CellTokens], rekey: (UsageCube.Key) -> UsageCube.Key
    ) {
      for (k, cell) in cells.enumerated() {
        let c = slot(rekey(cell.key))
        self.cells[c].merge(cell)
        self.latency[c].merge(latency[k])
        self.quality[c] += quality[k]
        self.callCosts[c].merge(callCosts[k])
        self.tokens[c].merge(tokens[k])
      }
    }

    /// `key` at the current grain: its hour, its day's first hour, or 0 for the whole file (set
    /// to the first hour when the digest is made); at `.customerModel` also task and feature 0.
    @inline(__always)
    private func coarse(_ key: UsageCube.Key) -> UsageCube.Key {
      var key = key
      switch grain {
      case .hour: break
      case .day: key.hour = key.hour.floorDivided(by: 24) * 24
      case .period: key.hour = 0
      case .customerModel: (key.hour, key.task, key.feature) = (0, 0, 0)
      }
      return key
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
      callCosts.append(CallCostMoments())
      tokens.append(CellTokens())
      return cells.count - 1
    }

    /// Moves the cells to the next coarser grain, summing the cells that fall together.
    private func coarsen() {
      guard let next = Grain(rawValue: grain.rawValue + 1) else { return }
      grain = next
      let (old, oldLatency, oldQuality, oldCosts, oldTokens) = (cells, latency, quality, callCosts, tokens)
      (cells, latency, quality, callCosts, tokens, index) = ([], [], [], [], [], [:])
      fold(old, oldLatency, oldQuality, oldCosts, oldTokens, rekey: coarse)
    }

    /// Coarsens the grain while the cells pass their allowance; the refusal once they pass the
    /// budget at the coarsest grain this builder may use.
    private func checkBudget() -> UsageImporter.ImportError? {
      if let allowance {
        while grain != .customerModel && cells.count * UsageDigest.bytesPerCell > allowance { coarsen() }
      }
      let estimate = MemoryEstimate(
        work: "digesting \(path) into the usage cube",
        size: "\(Format.integer(cells.count)) cells \(grain.cellName) so far",
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
    ///
    /// The builder is spent: its cells move into the digest, so the sort holds one copy.
    func digest(dimensions: Run.Dimensions) -> UsageDigest {
      index = [:]
      let hours = firstHour <= lastHour ? firstHour...lastHour : 0...0
      if grain >= .period {
        for c in cells.indices { cells[c].key.hour = hours.lowerBound }
      }
      var order = (0..<Int32(truncatingIfNeeded: cells.count)).map { $0 }
      order.sort { a, b in
        let (x, y) = (cells[Int(a)].key, cells[Int(b)].key)
        return (x.hour, x.customer, x.model, x.task, x.feature) < (y.hour, y.customer, y.model, y.task, y.feature)
      }
      let sorted = order.map { cells[Int($0)] }
      cells = []
      let sortedLatency = order.map { latency[Int($0)] }
      latency = []
      let sortedCosts = order.map { callCosts[Int($0)] }
      callCosts = []
      return UsageDigest(
        cube: UsageCube(cells: sorted, dimensions: dimensions), grain: grain, hours: hours,
        latency: sortedLatency, quality: order.map { quality[Int($0)] }, callCosts: sortedCosts,
        tokens: order.map { tokens[Int($0)] },
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

extension UsageDigest {
  /// How finely a digest keeps its calls apart, finest first: each grain sums the cells of the
  /// one before.
  public enum Grain: Int, Sendable, Comparable {
    /// Hour × customer × model × task type × feature: the exported cube's grain.
    case hour
    /// The same per UTC day.
    case day
    /// The same over the whole file.
    case period
    /// Customer × model over the whole file (task type and feature not kept).
    case customerModel

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    /// How cells of this grain are named in messages: "by hour", "by customer and model".
    public var cellName: String {
      switch self {
      case .hour: "by hour"
      case .day: "by day"
      case .period: "for the whole file"
      case .customerModel: "by customer and model for the whole file"
      }
    }
  }
}
