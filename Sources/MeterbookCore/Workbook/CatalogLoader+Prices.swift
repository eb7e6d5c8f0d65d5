/// Reading a model's dated prices: `price:` (one price, in force since the beginning unless it
/// has a `from:`) or `prices:` (a list, oldest first), each entry with its service tiers.
extension CatalogLoader {
  /// The model's price schedule; `nil` (with diagnostics) when a price is missing or the dates
  /// are not strictly increasing.
  ///
  /// `long` is the model-level `long_context:`, which applies to every entry without its own.
  static func readPrices(_ f: Fields, long: ModelPrice.LongContextPrice?, into d: inout Diagnostics)
    -> PriceSchedule?
  {
    let items: [YAMLValue]
    switch (f["price"], f["prices"]) {
    case (.some, .some(let many)):
      many.error(
        "a model has 'price' or 'prices', not both", hint: "move the single price into the 'prices' list", into: &d)
      return nil
    case (.some(let one), nil): items = [one]
    case (nil, .some(let many)):
      guard let list = many.sequence(what: "list of dated prices, oldest first", into: &d) else { return nil }
      guard !list.isEmpty else {
        many.error("'\(many.path)' is empty; expected at least one price", into: &d)
        return nil
      }
      items = list
    case (nil, nil):
      f.owner.error(
        "missing key 'price'; expected input and output prices per 1M tokens",
        hint: "or 'prices': a list of dated prices such as [{from: 2026-01-01, input: 3, output: 15}]", into: &d)
      return nil
    }
    let read = items.map { readEntry($0, long: long, into: &d) }
    var entries: [PriceSchedule.Entry] = []
    for (item, found) in zip(items, read) {
      guard let (entry, fromNode) = found else { return nil }
      if entries.count >= 1, entry.from == nil {
        item.error(
          "price \(entries.count + 1) of '\(f.owner.path).prices' has no 'from' date; expected the day it took effect",
          hint: "only the first price may omit 'from:' (it is then in force since the beginning)", into: &d)
        return nil
      }
      if let previous = entries.last?.from, let day = entry.from, day <= previous {
        (fromNode ?? item).error(
          day == previous
            ? "duplicate date \(day) in '\(f.owner.path).prices'; each date may start one price only"
            : "date \(day) is before the previous price's \(previous); expected dates in increasing order",
          hint: day == previous ? "merge the two entries or correct one date" : "list the prices oldest first",
          into: &d)
        return nil
      }
      entries.append(entry)
    }
    return try? PriceSchedule(checking: entries)
  }

  /// One dated price and its `from:` node (where date errors point); `nil` when a required
  /// rate is missing or a value is out of range.
  private static func readEntry(_ v: YAMLValue, long: ModelPrice.LongContextPrice?, into d: inout Diagnostics)
    -> (PriceSchedule.Entry, YAMLValue?)?
  {
    guard let pf = v.fields(allowed: priceKeys, what: "price", into: &d) else { return nil }
    let maxPrice = Limits.pricePerMillionTokens
    let from = pf["from"].map { $0.date(into: &d) }
    let source = pf["source"].map { $0.string(into: &d) }
    let input = pf.required("input", what: "the input price per 1M tokens", into: &d)?.money(max: maxPrice, into: &d)
    let output = pf.required("output", what: "the output price per 1M tokens", into: &d)?.money(max: maxPrice, into: &d)
    let cached = pf["cached_input"].map { $0.money(max: maxPrice, into: &d) }
    let ownLong = pf["long_context"].map { readLongContext($0, into: &d) }
    guard let input, let output, from != .some(nil), source != .some(nil), cached != .some(nil), ownLong != .some(nil)
    else { return nil }
    var price = ModelPrice(input: input, output: output, cachedInput: cached ?? nil, longContext: ownLong ?? long)
    for tier in ServiceTier.allCases.dropFirst() {
      guard let tv = pf[tier.rawValue] else { continue }
      guard let rates = readTier(tv, tier: tier, of: price, into: &d) else { return nil }
      price.setRates(rates, for: tier)
    }
    return (PriceSchedule.Entry(from: from ?? nil, price: price, source: source ?? nil), pf["from"])
  }

  /// A tier's rates: a ratio of every standard rate (`batch: 0.5`), or its own prices
  /// (`batch: {input: 1.25, output: 2.7}`).
  private static func readTier(_ v: YAMLValue, tier: ServiceTier, of price: ModelPrice, into d: inout Diagnostics)
    -> TierRates?
  {
    if case .scalar(let s) = v.node {
      guard let ratio = try? Money(parsing: s.string), ratio > .zero, ratio <= Money(dollars: 10),
        let billionths = Int64(exactly: ratio.nanos)
      else {
        v.error(
          "'\(v.path)' is '\(s.string)'; expected a ratio of the standard rates above 0 and at most 10",
          hint:
            "write \(tier.rawValue): 0.5 for half price, or \(tier.rawValue): {input: …, output: …} for its own prices",
          into: &d)
        return nil
      }
      return TierRates(scaling: price, byBillionths: billionths)
    }
    let maxPrice = Limits.pricePerMillionTokens
    guard let tf = v.fields(allowed: tierKeys, what: "\(tier.rawValue) rates", into: &d) else { return nil }
    let input = tf.required("input", what: "the \(tier.rawValue) input price per 1M tokens", into: &d)?.money(
      max: maxPrice, into: &d)
    let output = tf.required("output", what: "the \(tier.rawValue) output price per 1M tokens", into: &d)?.money(
      max: maxPrice, into: &d)
    let cached = tf["cached_input"].map { $0.money(max: maxPrice, into: &d) }
    let long = tf["long_context"].map { readLongContext($0, into: &d) }
    guard let input, let output, cached != .some(nil), long != .some(nil) else { return nil }
    return TierRates(input: input, output: output, cachedInput: cached ?? nil, longContext: long ?? nil)
  }
}
