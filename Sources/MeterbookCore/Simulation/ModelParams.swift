/// A model's numbers flattened into plain values for the generator's inner loop, so
/// generating a call touches no strings, arrays or reference counts (which two threads
/// would otherwise contend on).
struct ModelParams: Sendable {
  var price: ModelPrice.Flat
  var contextWindow: Int
  var hasCache: Bool
  var ttft: Double
  var msPerToken: Double
  var spread: Double
  var errorRate: Double
  var timeoutRate: Double
  /// Values the generator derives from the model's for every call, computed once here (the
  /// same operations on the same values, so the same bits): the context window as a `Double`
  /// and one token less, `spread²/2` (a log-normal's mean correction) and the rate of errors
  /// and timeouts together.
  var windowTokens: Double
  var windowBelow: Double
  var spreadDrift: Double
  var failureRate: Double

  /// Model `m` at `price`, one of its dated prices (the generator keeps one set per price epoch).
  init(_ m: ModelSpec, price: ModelPrice) {
    self.price = price.flat
    contextWindow = m.contextWindow
    hasCache = price.cachedInput != nil
    ttft = m.latency.timeToFirstTokenMs
    msPerToken = m.latency.msPerOutputToken
    spread = m.latency.spread
    errorRate = m.errorRate
    timeoutRate = m.timeoutRate
    windowTokens = Double(m.contextWindow)
    windowBelow = windowTokens - 1
    spreadDrift = spread * spread / 2
    failureRate = errorRate + timeoutRate
  }

  /// Whether a call filling the context window at the dearest rate could overflow the
  /// 64-bit product of tokens and price (then `cost` computes in 128 bits).
  var needsWideCost: Bool {
    let rates = [price.input, price.output, price.cached, price.longInput, price.longOutput, price.longCached]
    let dearest = rates.map { Double($0) }.max() ?? 0
    return dearest * 2 * Double(contextWindow) >= 0x1p62
  }

  /// The cost of one call in nano-dollars (see `ModelPrice.cost`), never trapping: in 64
  /// bits when `wide` is false, else in 128 bits, saturated at `Limits.callCost`.
  ///
  /// When `wide` is false (`needsWideCost`), no call the generator draws can overflow: its
  /// tokens are at most the context window (input and output each), so the products stay
  /// below 2^62 and the 64-bit path needs no overflow checks. Same nanos as `ModelPrice.cost`.
  @inline(__always)
  func cost(input: Int, output: Int, cached: Int, wide: Bool) -> Int64 {
    guard !wide else { return wideCost(input: input, output: output, cached: cached) }
    let long = input > price.threshold
    let micro =
      Int64(truncatingIfNeeded: max(0, input &- cached)) &* (long ? price.longInput : price.input)
      &+ Int64(truncatingIfNeeded: output) &* (long ? price.longOutput : price.output)
      &+ Int64(truncatingIfNeeded: cached) &* (long ? price.longCached : price.cached)
    let (q, r) = micro.quotientAndRemainder(dividingBy: 1_000_000)
    return q &+ (r &* 2 >= 1_000_000 ? 1 : 0)
  }

  /// `cost` in 128 bits, for the models whose dearest call could overflow 64.
  @inline(never)
  private func wideCost(input: Int, output: Int, cached: Int) -> Int64 {
    let long = input > price.threshold
    let fresh = Int128(max(0, input - cached))
    let micro =
      fresh * Int128(long ? price.longInput : price.input)
      + Int128(output) * Int128(long ? price.longOutput : price.output)
      + Int128(cached) * Int128(long ? price.longCached : price.cached)
    let (q, r) = micro.quotientAndRemainder(dividingBy: 1_000_000)
    return Int64(clamping: min(q + (r * 2 >= 1_000_000 ? 1 : 0), Int128(Limits.callCost.nanos)))
  }
}
