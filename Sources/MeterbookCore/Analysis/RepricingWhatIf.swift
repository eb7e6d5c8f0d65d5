/// "What would this traffic have cost on model X?": on the very same calls, move a share of
/// one model's calls to another model (same tokens), or bill them at a changed price, or
/// re-rate every call at the prices in force on another day, and show the change in AI cost,
/// revenue under the current plan, margin and expected quality.
public struct RepricingWhatIf: Sendable, Hashable {
  /// The model whose calls are repriced (`provider/model`); `nil` re-rates every call of a
  /// catalog model at the prices in force on `asOf`.
  public var model: String?
  /// The model that would serve them instead; `nil` keeps the model and uses `price`.
  public var target: String?
  /// Share of the model's calls that move (chosen by call id, so it is stable).
  public var share: Double
  /// A changed list price for `model` (when `target` is nil).
  public var price: ModelPrice?
  /// The day whose prices bill the repriced calls; `nil` bills them at the newest prices.
  public var asOf: CalendarDay?

  public init(
    model: String?, target: String? = nil, share: Double = 1, price: ModelPrice? = nil, asOf: CalendarDay? = nil
  ) {
    self.model = model
    self.target = target
    self.share = share
    self.price = price
    self.asOf = asOf
  }

  /// Which prices bill the repriced calls, as the report says it: the day's, or the catalog's
  /// newest (today's) prices, or a price given by hand.
  public func pricesUsed(in catalog: ModelCatalog) -> String {
    if let asOf { return "at prices in force on \(asOf)" }
    if target == nil { return "at the new price" }
    return "at today's prices (the catalog's newest, price date \(catalog.priceDate))"
  }

  /// A what-if checked against `catalog`: both models known, `share` in 0…1, every price
  /// of `price` between zero and `Limits.pricePerMillionTokens`.
  ///
  /// Command parsers (the REPL's
  /// `reprice`) should build what-ifs with this initializer.
  public init(
    validating model: String?, target: String? = nil, share: Double = 1, price: ModelPrice? = nil,
    asOf: CalendarDay? = nil, catalog: ModelCatalog
  ) throws(RepricingError) {
    self.init(model: model, target: target, share: share, price: price, asOf: asOf)
    try validate(in: catalog)
  }

  /// Throws the first problem of this what-if against `catalog` (see `init(validating:…)`).
  public func validate(in catalog: ModelCatalog) throws(RepricingError) {
    guard let model else {
      if asOf == nil || target != nil || price != nil { throw .nothingToChange }
      return
    }
    guard catalog.model(model) != nil else {
      throw .unknownModel(model, nearest: Suggestion.nearest(to: model, in: catalog.modelIDs))
    }
    if let target, catalog.model(target) == nil {
      throw .unknownModel(target, nearest: Suggestion.nearest(to: target, in: catalog.modelIDs))
    }
    guard share.isFinite, (0...1).contains(share) else { throw .invalidShare(share) }
    guard let price else {
      if target == nil { throw .nothingToChange }
      return
    }
    for case (let what, let m?) in price.namedRates where m < .zero || Limits.pricePerMillionTokens < m {
      throw .invalidPrice(what.replacingOccurrences(of: "_", with: " "), m)
    }
  }

  /// Whether call id `id` is among the moved share (a hash below `share`).
  func moves(_ id: UInt64) -> Bool {
    Double(SplitMix64.mix(id ^ 0xA5A5_5A5A_C3C3_3C3C) >> 11) * 0x1.0p-53 < share
  }

  /// The run with the chosen calls re-billed; errors stay unbilled, timeouts bill input only.
  public func apply(to run: Run, catalog: ModelCatalog) throws(RepricingError) -> (
    run: Run, moved: Int, qualityChange: Double
  ) {
    try validate(in: catalog)
    guard let model else {
      guard let asOf else { throw .nothingToChange }
      let (out, rerated) = try rerated(run, catalog: catalog, on: asOf)
      return (out, rerated, 0)
    }
    guard let source = catalog.model(model) else {
      throw .unknownModel(model, nearest: Suggestion.nearest(to: model, in: catalog.modelIDs))
    }
    let destination: ModelSpec
    if let target {
      guard let t = catalog.model(target) else {
        throw .unknownModel(target, nearest: Suggestion.nearest(to: target, in: catalog.modelIDs))
      }
      destination = t
    } else {
      guard let price else { throw .nothingToChange }
      destination = ModelSpec(
        providerKey: source.providerKey, providerName: source.providerName, name: source.name,
        prices: PriceSchedule(price),
        contextWindow: source.contextWindow, latency: source.latency, errorRate: source.errorRate,
        timeoutRate: source.timeoutRate, quality: source.quality)
    }
    var out = run
    var refs = run.dimensions.models
    guard let from = refs.firstIndex(where: { $0.id == source.id }) else { return (run, 0, 0) }
    let to: Int
    if let existing = refs.firstIndex(where: { $0.id == destination.id }) {
      to = existing
    } else {
      refs.append(
        .init(providerKey: destination.providerKey, providerName: destination.providerName, name: destination.name))
      to = refs.count - 1
    }
    out.dimensions.models = refs
    var moved = 0
    var quality = 0.0
    let price = asOf.map { destination.prices.price(on: $0) } ?? destination.price
    let rates = price.flat
    for i in 0..<run.count where run.model[i] == UInt16(from) && moves(run.callID[i]) {
      moved += 1
      out.model[i] = UInt16(to)
      let cached = price.cachedInput == nil ? 0 : Int(run.cachedTokens[i])
      out.cachedTokens[i] = UInt32(cached)
      out.cost[i] = try Self.billed(run, i, cached: cached, at: rates, model: destination.id)
      let task = TaskType.all.indices.contains(Int(run.task[i])) ? Int(run.task[i]) : 0
      quality += destination.quality[task] - source.quality[task]
    }
    return (out, moved, moved == 0 ? 0 : quality / Double(moved))
  }

  /// Every call of a catalog model re-billed on its own tokens at the prices in force on
  /// `day`, and how many calls that is (models the catalog lacks keep their cost).
  private func rerated(_ run: Run, catalog: ModelCatalog, on day: CalendarDay) throws(RepricingError) -> (Run, Int) {
    let refs = run.dimensions.models
    let rates = refs.map { catalog.model($0.id)?.prices.price(on: day).flat }
    var out = run
    var count = 0
    for i in 0..<run.count {
      let m = Int(run.model[i])
      guard let r = rates[m] else { continue }
      count += 1
      out.cost[i] = try Self.billed(run, i, cached: Int(run.cachedTokens[i]), at: r, model: refs[m].id)
    }
    return (out, count)
  }

  /// Call `i`'s cost at `rates`: an error is not billed, a timeout bills its input only.
  private static func billed(_ run: Run, _ i: Int, cached: Int, at rates: ModelPrice.Flat, model: String)
    throws(RepricingError) -> Int64
  {
    guard run.status[i] != 1 else { return 0 }
    let output = run.status[i] == 2 ? 0 : Int(run.outputTokens[i])
    let cost = rates.cost(input: Int(run.inputTokens[i]), output: output, cached: cached)
    guard cost <= Limits.callCost.int64Nanos ?? .max else { throw .callCostTooLarge(model) }
    return cost
  }

  public func report(_ c: AnalysisContext) throws(RepricingError) -> Report {
    let (after, moved, quality) = try apply(to: c.run, catalog: c.scenario.catalog)
    var changed = c
    changed.run = after
    let costBefore = c.run.totalCost
    let costAfter = after.totalCost
    let revenueBefore = Money.sum(c.revenueByCustomer)
    let revenueAfter = Money.sum(changed.revenueByCustomer)
    let prices = pricesUsed(in: c.scenario.catalog)
    let subject = model.map { "\(Format.integer(moved)) calls of \($0)" } ?? "All \(Format.integer(moved)) calls"
    let what =
      model.map { m in target.map { "\(Format.percent(share, places: 0)) of \(m)'s calls on \($0)" } ?? m }
      ?? "every call"
    let saving = costBefore - costAfter
    func row(_ label: String, _ a: Money, _ b: Money) -> [String] {
      [label, Format.money(a), Format.money(b), (b >= a ? "+" : "") + Format.money(b - a)]
    }
    return Report(
      title: "Repricing: \(what) \(prices)",
      domain: "FinOps: rate optimization (model switching)",
      problem: "\(subject) re-billed on the same tokens \(prices).",
      impact: saving >= .zero
        ? "Saves \(Format.money(c.monthly(saving)))/month of AI cost."
        : "Costs \(Format.money(c.monthly(-saving)))/month more.",
      recommendation: model == nil
        ? "A price comparison: the same calls, no model switched."
        : saving > .zero && quality > -0.03
          ? "Switch: the saving comes with an expected quality change of \(Format.fixed(quality, places: 3))."
          : saving > .zero
            ? "Weigh it: the saving costs \(Format.fixed(-quality, places: 3)) of expected quality per call."
            : "Do not switch: it costs more.",
      outcome:
        "AI cost \(Format.money(costAfter)) instead of \(Format.money(costBefore)); margin \(Format.money(revenueAfter - costAfter)) instead of \(Format.money(revenueBefore - costBefore)).",
      blocks: [
        .table(
          Table(
            title: "Same calls, before and after", columns: ["figure", "before", "after", "change"],
            numeric: [false, true, true, true],
            rows: [
              row("AI cost", costBefore, costAfter),
              row("revenue (\(c.currentPlan.name))", revenueBefore, revenueAfter),
              row("gross margin", revenueBefore - costBefore, revenueAfter - costAfter),
              ["expected quality per moved call", "", "", Format.fixed(quality, places: 3)],
            ]))
      ])
  }
}

/// Problems with a repricing what-if.
public enum RepricingError: Error, Equatable, CustomStringConvertible {
  case unknownModel(String, nearest: String?)
  case nothingToChange
  /// A price below zero or above `Limits.pricePerMillionTokens` (what, the price).
  case invalidPrice(String, Money)
  /// A share outside 0…1.
  case invalidShare(Double)
  /// A repriced call would cost more than `Limits.callCost`.
  case callCostTooLarge(String)
  public var description: String {
    switch self {
    case .invalidPrice(let what, let m):
      "the \(what) price is \(Format.money(m)); expected a price per 1M tokens from $0 to \(Format.money(Limits.pricePerMillionTokens))"
    case .invalidShare(let s): "the share is \(s); expected a share from 0 to 1"
    case .callCostTooLarge(let m):
      "a call repriced on \(m) would cost more than \(Format.money(Limits.callCost)); expected a lower price"
    case .unknownModel(let m, let near):
      "unknown model '\(m)'" + (near.map { "; did you mean '\($0)'?" } ?? "; models are provider/model")
    case .nothingToChange: "give a target model or a new price"
    }
  }
}
