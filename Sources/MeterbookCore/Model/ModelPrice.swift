/// A model's list prices, all in dollars per one million tokens.
///
/// Real price lists carry more than input and output: cache reads are cheaper than fresh
/// input, batch jobs are discounted, and some models charge more once a prompt passes a
/// context length (for example above 200k input tokens), and the batch, flex and priority
/// service tiers have rates of their own. Bills depend on all of them.
public struct ModelPrice: Sendable, Hashable, Codable {
  public var input: Money
  public var output: Money
  /// Price of cached (cache-read) input tokens; `nil` when the model has no prompt cache.
  public var cachedInput: Money?
  /// Higher rates that apply to the whole call once its input passes `threshold` tokens.
  public var longContext: LongContextPrice?
  /// Batch API rates; `nil` when batch is not offered (batch calls then bill at standard rates).
  public var batch: TierRates?
  /// Flex tier rates (slower, cheaper); `nil` when not offered.
  public var flex: TierRates?
  /// Priority tier rates (faster, dearer); `nil` when not offered.
  public var priority: TierRates?

  public struct LongContextPrice: Sendable, Hashable, Codable {
    public var threshold: Int
    public var input: Money
    public var output: Money
    public var cachedInput: Money?
    public init(threshold: Int, input: Money, output: Money, cachedInput: Money? = nil) {
      self.threshold = threshold
      self.input = input
      self.output = output
      self.cachedInput = cachedInput
    }
  }

  public init(
    input: Money, output: Money, cachedInput: Money? = nil, longContext: LongContextPrice? = nil,
    batch: TierRates? = nil, flex: TierRates? = nil, priority: TierRates? = nil
  ) {
    self.input = input
    self.output = output
    self.cachedInput = cachedInput
    self.longContext = longContext
    self.batch = batch
    self.flex = flex
    self.priority = priority
  }

  /// The rates of `tier`; `nil` for standard and for a tier the model does not offer.
  public func rates(for tier: ServiceTier) -> TierRates? {
    switch tier {
    case .standard: nil
    case .batch: batch
    case .flex: flex
    case .priority: priority
    }
  }

  /// Sets (or with `nil` removes) the rates of `tier`; standard rates are the price's own
  /// fields, so setting `.standard` changes nothing.
  public mutating func setRates(_ rates: TierRates?, for tier: ServiceTier) {
    switch tier {
    case .standard: break
    case .batch: batch = rates
    case .flex: flex = rates
    case .priority: priority = rates
    }
  }

  /// Every price of this entry with its name, for checks and diffs: the standard rates, the
  /// long-context rates, then each tier's (`batch.input`, `priority.cached_input`, ...).
  public var namedRates: [(name: String, rate: Money?)] {
    func long(_ prefix: String, _ l: LongContextPrice?) -> [(name: String, rate: Money?)] {
      [
        (prefix + "long_context.input", l?.input), (prefix + "long_context.output", l?.output),
        (prefix + "long_context.cached_input", l?.cachedInput),
      ]
    }
    var out: [(name: String, rate: Money?)] = [("input", input), ("output", output), ("cached_input", cachedInput)]
    out += long("", longContext)
    for tier in ServiceTier.allCases.dropFirst() {
      let r = rates(for: tier)
      out += [
        ("\(tier).input", r?.input), ("\(tier).output", r?.output), ("\(tier).cached_input", r?.cachedInput),
      ]
      out += long("\(tier).", r?.longContext)
    }
    return out
  }

  /// The exact cost of one call on `tier`.
  ///
  /// `inputTokens` counts every prompt token, cached ones included; the cached part is
  /// billed at the cache-read rate (or the input rate when the model has none). The sum of
  /// the three token-price products is divided by 10⁶ once and rounded half away from
  /// zero to the nano-dollar: this is the only rounding in a call's cost.
  public func cost(
    input inputTokens: Int, output outputTokens: Int, cached cachedTokens: Int, tier: ServiceTier = .standard
  ) -> Money {
    Money(nanos: flat(for: tier).cost(input: inputTokens, output: outputTokens, cached: cachedTokens))
  }

  /// The standard rates as plain integers, for hot loops.
  public var flat: Flat { flat(for: .standard) }

  /// The rates of `tier` as plain integers; a tier the model does not offer bills at standard
  /// rates.
  ///
  /// A tier without its own cache-read price bills cached tokens at the standard
  /// cache-read price, and one without long-context rates bills long calls at the standard ones.
  public func flat(for tier: ServiceTier) -> Flat {
    let r = rates(for: tier)
    let (i, o) = (r?.input ?? input, r?.output ?? output)
    let c = r?.cachedInput ?? cachedInput ?? i
    let long = r?.longContext ?? longContext
    return Flat(
      input: Flat.rate(i), output: Flat.rate(o), cached: Flat.rate(c), threshold: long?.threshold ?? .max,
      longInput: Flat.rate(long?.input ?? i), longOutput: Flat.rate(long?.output ?? o),
      longCached: Flat.rate(long?.cachedInput ?? long?.input ?? c))
  }

  /// A price's rates in nano-dollars per 1M tokens, with no optionals.
  public struct Flat: Sendable, Hashable {
    public var input, output, cached: Int64
    public var threshold: Int
    public var longInput, longOutput, longCached: Int64

    /// A rate as a 64-bit count.
    ///
    /// Catalog prices are at most `Limits.pricePerMillionTokens`
    /// ($10¹⁴ nano-dollars), checked where the catalog is read; clamping only guards prices
    /// built in code.
    static func rate(_ m: Money) -> Int64 { Int64(clamping: m.nanos) }

    /// Cost in nano-dollars; see `ModelPrice.cost(input:output:cached:)`.
    ///
    /// The products run in `Int128`: 4.3 × 10⁹ tokens at $100,000 per 1M tokens is
    /// 4.3 × 10²³ micro-units, past `Int64`; the result (at most 1.3 × 10¹⁸) fits again.
    /// Everyday calls stay in `Int64` (an `Int128` division is a library call, ten times
    /// slower); only products that would overflow take the wide path. Both give the same nanos.
    @inline(__always)
    public func cost(input inputTokens: Int, output outputTokens: Int, cached cachedTokens: Int) -> Int64 {
      let long = inputTokens > threshold
      let fresh = Int64(max(0, inputTokens - cachedTokens))
      let (rIn, rOut, rCached) = long ? (longInput, longOutput, longCached) : (input, output, cached)
      let (a, o1) = fresh.multipliedReportingOverflow(by: rIn)
      let (b, o2) = Int64(outputTokens).multipliedReportingOverflow(by: rOut)
      let (c, o3) = Int64(cachedTokens).multipliedReportingOverflow(by: rCached)
      let (ab, o4) = a.addingReportingOverflow(b)
      let (micro, o5) = ab.addingReportingOverflow(c)
      if !(o1 || o2 || o3 || o4 || o5) && micro >= 0 {
        let (q, r) = micro.quotientAndRemainder(dividingBy: 1_000_000)
        return q + (r * 2 >= 1_000_000 ? 1 : 0)
      }
      let wide =
        Int128(fresh) * Int128(rIn) + Int128(outputTokens) * Int128(rOut) + Int128(cachedTokens) * Int128(rCached)
      let (q, r) = wide.quotientAndRemainder(dividingBy: 1_000_000)
      return Int64(clamping: q + (r * 2 >= 1_000_000 ? 1 : 0))
    }
  }
}
