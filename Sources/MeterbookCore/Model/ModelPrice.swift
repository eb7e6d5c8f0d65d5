/// A model's list prices, all in dollars per one million tokens.
///
/// Real price lists carry more than input and output: cache reads are cheaper than fresh
/// input, batch jobs are discounted, and some models charge more once a prompt passes a
/// context length (for example above 200k input tokens). Bills depend on all three.
public struct ModelPrice: Sendable, Hashable, Codable {
  public var input: Money
  public var output: Money
  /// Price of cached (cache-read) input tokens; `nil` when the model has no prompt cache.
  public var cachedInput: Money?
  /// Multiplier on both rates for batch jobs (e.g.
  ///
  /// 0.5); `nil` when batch is not offered.
  public var batchMultiplier: Double?
  /// Higher rates that apply to the whole call once its input passes `threshold` tokens.
  public var longContext: LongContextPrice?

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
    input: Money, output: Money, cachedInput: Money? = nil, batchMultiplier: Double? = nil,
    longContext: LongContextPrice? = nil
  ) {
    self.input = input
    self.output = output
    self.cachedInput = cachedInput
    self.batchMultiplier = batchMultiplier
    self.longContext = longContext
  }

  /// The exact cost of one call.
  ///
  /// `inputTokens` counts every prompt token, cached ones included; the cached part is
  /// billed at the cache-read rate (or the input rate when the model has none). The sum of
  /// the three token-price products is divided by 10⁶ once and rounded half away from
  /// zero to the nano-dollar: this is the only rounding in a call's cost.
  public func cost(input inputTokens: Int, output outputTokens: Int, cached cachedTokens: Int) -> Money {
    Money(nanos: flat.cost(input: inputTokens, output: outputTokens, cached: cachedTokens))
  }

  /// The rates as plain integers, for hot loops.
  public var flat: Flat {
    Flat(
      input: Flat.rate(input), output: Flat.rate(output), cached: Flat.rate(cachedInput ?? input),
      threshold: longContext?.threshold ?? .max, longInput: Flat.rate(longContext?.input ?? input),
      longOutput: Flat.rate(longContext?.output ?? output),
      longCached: Flat.rate(longContext?.cachedInput ?? longContext?.input ?? cachedInput ?? input))
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
