/// The calls as the action ledger reads them: token and cost sums per group of calls that
/// re-price alike, grouped twice — by day for the switches and commitments, by customer for
/// repricing.
///
/// A day group is (task type, model, long-context band, day of the period): a model switch
/// re-prices a task's day groups, commitments sum them by provider and day. A customer group is
/// (task type, band, customer, half of the period): repricing sums them by customer and half,
/// as a switch leaves them. Within a band a call's price on any catalog model is linear in its
/// fresh input, cached and output tokens, so a group's sums give its cost on another model
/// exactly (rounded once per group, not per call: within half a nano-dollar a call).
///
/// A run (`LedgerUsage+Run`) and a `UsageDigest` (`LedgerUsage+Digest`) both produce it, so
/// the ledger has one arithmetic whether the calls were held in memory or streamed. The only
/// figures that differ are percentiles: exact from a run, from log histograms (within 1/128)
/// from a digest.
public struct LedgerUsage: Sendable {
  /// A day group's key.
  public struct DayKey: Hashable, Sendable {
    public var task: UInt8
    public var model: UInt16
    /// How many of `thresholds` the calls' input tokens pass.
    public var band: UInt8
    /// Days since the period's first day; -1 for calls outside the period.
    public var day: Int32
  }

  /// A customer group's key.
  public struct CustomerKey: Hashable, Sendable {
    public var task: UInt8
    public var band: UInt8
    public var customer: UInt32
    /// Whether the calls fall in the second half of the period (repricing's steadiness test).
    public var late: Bool
  }

  /// What the data shows of one model on one task type: quality and latency.
  public struct Observed: Sendable, Hashable {
    /// Quality scores of successful calls, in 1/10,000ths, and how many there were.
    public var qualitySum: Int64 = 0
    public var successes: Int64 = 0
    /// All calls (latency is recorded for every call) and their nearest-rank p95 latency.
    public var calls: Int64 = 0
    public var p95Ms: Double = 0
  }

  public var days: LedgerGroups<DayKey>
  public var customers: LedgerGroups<CustomerKey>
  /// `[task][model]`: observed quality and latency.
  public var observed: [[Observed]]
  /// `[task]`: the 95th percentile (linear interpolation) of the billable calls' output tokens,
  /// a timeout's counted as 0; latency estimates for models the data has not seen grow with it.
  public var outputP95: [Double]
  /// The long-context thresholds (input tokens, ascending) that bands are counted against.
  public var thresholds: [Int]
  /// The dimension tables the keys index.
  public var dimensions: Run.Dimensions
  public var period: Period
  /// Whether any successful call carries a quality score (imports often have none).
  public var hasQuality: Bool = false
  /// All calls' cost, errors included, in nano-dollars.
  public var totalCost: Int128 { days.sums.reduce(Int128(0)) { $0 + Int128($1.cost) } }

  /// Empty groups for calls of `dimensions` over `period`, banded at `thresholds`.
  init(dimensions d: Run.Dimensions, period: Period, thresholds: [Int], outputP95: [Double]) {
    let (tasks, models, bands) = (d.taskTypes.count, d.models.count, thresholds.count + 1)
    dimensions = d
    self.period = period
    self.thresholds = thresholds
    self.outputP95 = outputP95
    observed = Array(repeating: Array(repeating: Observed(), count: models), count: tasks)
    days = LedgerGroups(capacity: [period.days + 1, tasks, models, bands])
    customers = LedgerGroups(capacity: [d.customers.count, 2, tasks, bands])
  }

  /// The catalog's distinct standard long-context thresholds, ascending: where a call's price
  /// per token changes with its own size.
  public static func thresholds(_ catalog: ModelCatalog) -> [Int] {
    Array(Set(catalog.models.map(\.price.flat.threshold).filter { $0 < .max })).sorted()
  }

  /// How many of `thresholds` (ascending) `input` passes.
  @inline(__always)
  public static func band(_ input: UInt32, thresholds: [Int]) -> UInt8 {
    var b = 0
    while b < thresholds.count && Int(input) > thresholds[b] { b += 1 }
    return UInt8(truncatingIfNeeded: b)
  }

  /// Adds `s`, the sums of calls of `task`, `model`, `customer` in `band` at `epochSeconds`, to
  /// their day group and their customer group.
  @inline(__always)
  mutating func add(
    _ s: Sums, task: UInt8, model: UInt16, band: UInt8, customer: UInt32, epochSeconds: Int64
  ) {
    let (g, c) = groups(task: task, model: model, band: band, customer: customer, epochSeconds: epochSeconds)
    days.sums[g] += s
    customers.sums[c] += s
  }

  /// The indices of the day group and the customer group of calls of `task`, `model`,
  /// `customer` in `band` at `epochSeconds`, created empty on first sight.
  @inline(__always)
  mutating func groups(task: UInt8, model: UInt16, band: UInt8, customer: UInt32, epochSeconds: Int64) -> (Int, Int) {
    let offset = epochSeconds - period.start.epochSeconds
    let inside = offset >= 0 && offset < Int64(period.days) * 86_400
    let day = inside ? Int(offset / 86_400) : period.days
    let late = offset >= Int64(period.days) * 43_200
    let (tasks, models, bands) = (dimensions.taskTypes.count, dimensions.models.count, thresholds.count + 1)
    let g = days.index(
      ((day * tasks + Int(task)) * models + Int(model)) * bands + Int(band),
      DayKey(task: task, model: model, band: band, day: inside ? Int32(day) : -1))
    let c = customers.index(
      ((Int(customer) * 2 + (late ? 1 : 0)) * tasks + Int(task)) * bands + Int(band),
      CustomerKey(task: task, band: band, customer: customer, late: late))
    return (g, c)
  }
}

/// Groups of calls as their keys first appear, each with its sums, found by a slot number:
/// through a direct index while the slots fit one, else through a hash.
public struct LedgerGroups<Key: Hashable & Sendable>: Sendable {
  public var keys: [Key] = []
  public var sums: [LedgerUsage.Sums] = []
  /// Slot → group + 1 (0: none yet), when the slots fit 4M entries.
  private var dense: [Int32]
  private var sparse: [Int: Int32] = [:]

  /// Groups whose slots are mixed-radix numbers of `capacity`'s digits.
  init(capacity radices: [Int]) {
    var (slots, overflow) = (1, false)
    for r in radices where !overflow { (slots, overflow) = slots.multipliedReportingOverflow(by: max(1, r)) }
    dense = !overflow && slots <= 1 << 22 ? Array(repeating: 0, count: slots) : []
  }

  /// The group of `slot` (whose key is `key`), created empty on first sight.
  @inline(__always)
  mutating func index(_ slot: Int, _ key: @autoclosure () -> Key) -> Int {
    if !dense.isEmpty {
      let found = dense[slot]
      if found > 0 { return Int(found) - 1 }
      dense[slot] = Int32(truncatingIfNeeded: keys.count + 1)
    } else {
      if let found = sparse[slot] { return Int(found) }
      sparse[slot] = Int32(truncatingIfNeeded: keys.count)
    }
    keys.append(key())
    sums.append(LedgerUsage.Sums())
    return keys.count - 1
  }
}

extension LedgerUsage {
  /// A group's billable tokens and its cost.
  ///
  /// Billable calls are the successful ones and timeouts (errors are not billed); a timeout's
  /// output tokens are not re-priced (it returned none), so `output` counts successful calls'.
  public struct Sums: Sendable, Hashable {
    public var calls: Int64 = 0
    public var input: Int64 = 0
    /// Input not read from the cache: `max(0, input − cached)` call by call.
    public var fresh: Int64 = 0
    public var cached: Int64 = 0
    public var output: Int64 = 0
    public var billableCost: Int64 = 0
    /// Cost of all calls, errors included, as the data gives it.
    public var cost: Int64 = 0

    public init() {}

    /// Adds one call (status as in `Run.status`: 0 ok, 1 error, 2 timeout).
    @inline(__always)
    public mutating func add(input: UInt32, output: UInt32, cached: UInt32, cost: Int64, status: UInt8) {
      self.cost += cost
      guard status != 1 else { return }
      calls += 1
      self.input += Int64(input)
      fresh += Int64(input > cached ? input - cached : 0)
      self.cached += Int64(cached)
      if status == 0 { self.output += Int64(output) }
      billableCost += cost
    }

    public static func += (a: inout Sums, b: Sums) {
      a.calls += b.calls
      a.input += b.input
      a.fresh += b.fresh
      a.cached += b.cached
      a.output += b.output
      a.billableCost += b.billableCost
      a.cost += b.cost
    }

    public static func -= (a: inout Sums, b: Sums) {
      a.calls -= b.calls
      a.input -= b.input
      a.fresh -= b.fresh
      a.cached -= b.cached
      a.output -= b.output
      a.billableCost -= b.billableCost
      a.cost -= b.cost
    }

    /// The billable calls' cost at `model`'s standard list prices, in nano-dollars, rounded
    /// once, half up.
    ///
    /// `long` says whether the calls are past the model's long-context threshold (all of a
    /// band's are, or none). A model without a cache-read price bills cached tokens as input,
    /// as `ModelPrice.cost` does call by call.
    public func cost(at model: ModelSpec, long: Bool) -> Int128 {
      let r = model.price.flat
      let (rIn, rOut, rCached) = long ? (r.longInput, r.longOutput, r.longCached) : (r.input, r.output, r.cached)
      let micro =
        model.price.cachedInput == nil
        ? Int128(input) * Int128(rIn) + Int128(output) * Int128(rOut)
        : Int128(fresh) * Int128(rIn) + Int128(output) * Int128(rOut) + Int128(cached) * Int128(rCached)
      let (q, rest) = micro.quotientAndRemainder(dividingBy: 1_000_000)
      return q + (rest * 2 >= 1_000_000 ? 1 : 0)
    }
  }

  /// Whether calls of `band` are past `model`'s long-context threshold: every call of the band
  /// passes the band's lower threshold.
  func isLong(band: UInt8, at model: ModelSpec) -> Bool {
    let threshold = model.price.flat.threshold
    return band > 0 && thresholds[Int(band) - 1] >= threshold
  }
}
