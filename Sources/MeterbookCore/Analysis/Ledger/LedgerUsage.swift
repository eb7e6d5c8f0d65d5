/// The calls as the action ledger reads them: token and cost sums per group of calls that
/// re-price alike and land in the same place of the ledger's totals.
///
/// A group is (task type, model, long-context band, customer, day of the period, half of the
/// period): a model switch re-prices a task's groups, commitments sum them by provider and day,
/// repricing by customer and half. Within a band a call's price on any catalog model is linear
/// in its fresh input, cached and output tokens, so a group's sums give its cost on another
/// model exactly (rounded once per group, not per call: within half a nano-dollar a call).
///
/// A run (`LedgerUsage+Run`) and a `UsageDigest` (`LedgerUsage+Digest`) both produce it, so
/// the ledger has one arithmetic whether the calls were held in memory or streamed. The only
/// figures that differ are percentiles: exact from a run, from log histograms (within 1/128)
/// from a digest.
public struct LedgerUsage: Sendable {
  /// Which group a call belongs to.
  public struct Key: Hashable, Sendable {
    public var task: UInt8
    public var model: UInt16
    /// How many of `thresholds` the call's input tokens pass.
    public var band: UInt8
    /// Whether the call falls in the second half of the period (repricing's steadiness test).
    public var late: Bool
    public var customer: UInt32
    /// Days since the period's first day (negative or past its end for calls outside it).
    public var day: Int32

    /// One word hashed: a key is hashed once per call of a run.
    public func hash(into hasher: inout Hasher) {
      let ids = UInt64(customer) << 32 | UInt64(model) << 16 | UInt64(task) << 8 | UInt64(band) << 1
      hasher.combine(ids &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(bitPattern: Int64(day)) << 1 ^ (late ? 1 : 0))
    }
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

  /// The groups' keys and sums, parallel, in first-seen order.
  public var keys: [Key] = []
  public var sums: [Sums] = []
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
  public var hasQuality: Bool
  /// All calls' cost, errors included, in nano-dollars.
  public var totalCost: Int128 { sums.reduce(Int128(0)) { $0 + Int128($1.cost) } }

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

  /// The key of a call of `task`, `model`, `customer` with `input` tokens at `epochSeconds`.
  @inline(__always)
  func key(task: UInt8, model: UInt16, customer: UInt32, input: UInt32, epochSeconds: Int64) -> Key {
    let offset = epochSeconds - period.start.epochSeconds
    return Key(
      task: task, model: model, band: Self.band(input, thresholds: thresholds),
      late: offset >= Int64(period.days) * 43_200, customer: customer,
      day: Int32(clamping: offset >= 0 ? offset / 86_400 : (offset - 86_399) / 86_400))
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
