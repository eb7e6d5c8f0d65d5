/// A model's rates on one service tier other than standard (batch, flex or priority), in
/// dollars per one million tokens.
///
/// Stored as prices, not as one multiplier: a provider whose batch input is half the list
/// price while batch output is 27% of it (input 2.5 → 1.25, output 10 → 2.7) would otherwise be
/// rounded into a single ratio that prices neither side right.
public struct TierRates: Sendable, Hashable, Codable {
  public var input: Money
  public var output: Money
  /// The tier's cache-read price; `nil` bills cached tokens at the standard cache-read price.
  public var cachedInput: Money?
  /// The tier's rates above the model's long-context threshold; `nil` bills such calls at the
  /// standard long-context rates (price lists rarely give a tier's long-context rates).
  public var longContext: ModelPrice.LongContextPrice?

  public init(
    input: Money, output: Money, cachedInput: Money? = nil, longContext: ModelPrice.LongContextPrice? = nil
  ) {
    self.input = input
    self.output = output
    self.cachedInput = cachedInput
    self.longContext = longContext
  }

  /// Every rate of `price` (cache-read and long-context ones too) times `ratio`, given in
  /// billionths (0.5 is 500,000,000), each rounded once to the nano-dollar per 1M tokens.
  ///
  /// This is what the catalog's shorthand `batch: 0.5` means.
  public init(scaling price: ModelPrice, byBillionths ratio: Int64) {
    func s(_ m: Money) -> Money { m.scaled(by: ratio, per: 1_000_000_000) }
    self.init(
      input: s(price.input), output: s(price.output), cachedInput: price.cachedInput.map(s),
      longContext: price.longContext.map {
        .init(threshold: $0.threshold, input: s($0.input), output: s($0.output), cachedInput: $0.cachedInput.map(s))
      })
  }

  /// The one ratio (in billionths) that turns every rate of `price` into these rates, if there
  /// is one: the catalog writer then writes the short form `batch: 0.5`.
  public func uniformRatio(of price: ModelPrice) -> Int64? {
    guard price.input.nanos > 0 else { return nil }
    let (q, r) = (input.nanos * 1_000_000_000).quotientAndRemainder(dividingBy: price.input.nanos)
    guard r == 0, let ratio = Int64(exactly: q), TierRates(scaling: price, byBillionths: ratio) == self else {
      return nil
    }
    return ratio
  }
}
