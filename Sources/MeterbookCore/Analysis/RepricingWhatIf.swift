/// "What would this traffic have cost on model X?": on the very same calls, move a share of
/// one model's calls to another model (same tokens), or bill them at a changed price, and
/// show the change in AI cost, revenue under the current plan, margin and expected quality.
public struct RepricingWhatIf: Sendable, Hashable {
  /// The model whose calls are repriced (`provider/model`).
  public var model: String
  /// The model that would serve them instead; `nil` keeps the model and uses `price`.
  public var target: String?
  /// Share of the model's calls that move (chosen by call id, so it is stable).
  public var share: Double
  /// A changed list price for `model` (when `target` is nil).
  public var price: ModelPrice?

  public init(model: String, target: String? = nil, share: Double = 1, price: ModelPrice? = nil) {
    self.model = model
    self.target = target
    self.share = share
    self.price = price
  }

  /// A what-if checked against `catalog`: both models known, `share` in 0…1, every price
  /// of `price` between zero and `Limits.pricePerMillionTokens`.
  ///
  /// Command parsers (the REPL's
  /// `reprice`) should build what-ifs with this initializer.
  public init(
    validating model: String, target: String? = nil, share: Double = 1, price: ModelPrice? = nil, catalog: ModelCatalog
  ) throws(RepricingError) {
    self.init(model: model, target: target, share: share, price: price)
    try validate(in: catalog)
  }

  /// Throws the first problem of this what-if against `catalog` (see `init(validating:…)`).
  public func validate(in catalog: ModelCatalog) throws(RepricingError) {
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
        providerKey: source.providerKey, providerName: source.providerName, name: source.name, prices: PriceSchedule(price),
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
    for i in 0..<run.count where run.model[i] == UInt16(from) && moves(run.callID[i]) {
      moved += 1
      out.model[i] = UInt16(to)
      let cached = destination.price.cachedInput == nil ? 0 : Int(run.cachedTokens[i])
      out.cachedTokens[i] = UInt32(cached)
      let output = run.status[i] == 2 ? 0 : Int(run.outputTokens[i])
      if run.status[i] == 1 {
        out.cost[i] = 0
      } else {
        let cost = destination.price.cost(input: Int(run.inputTokens[i]), output: output, cached: cached)
        guard cost <= Limits.callCost, let nanos = cost.int64Nanos else { throw .callCostTooLarge(destination.id) }
        out.cost[i] = nanos
      }
      let task = TaskType.all.indices.contains(Int(run.task[i])) ? Int(run.task[i]) : 0
      quality += destination.quality[task] - source.quality[task]
    }
    return (out, moved, moved == 0 ? 0 : quality / Double(moved))
  }

  public func report(_ c: AnalysisContext) throws(RepricingError) -> Report {
    let (after, moved, quality) = try apply(to: c.run, catalog: c.scenario.catalog)
    var changed = c
    changed.run = after
    let costBefore = c.run.totalCost
    let costAfter = after.totalCost
    let revenueBefore = Money.sum(c.revenueByCustomer)
    let revenueAfter = Money.sum(changed.revenueByCustomer)
    let what =
      target.map { "\(Format.percent(share, places: 0)) of \(model)'s calls on \($0)" } ?? "\(model) at the new price"
    let saving = costBefore - costAfter
    func row(_ label: String, _ a: Money, _ b: Money) -> [String] {
      [label, Format.money(a), Format.money(b), (b >= a ? "+" : "") + Format.money(b - a)]
    }
    return Report(
      title: "Repricing: \(what)",
      domain: "FinOps: rate optimization (model switching)",
      problem: "\(Format.integer(moved)) calls of \(model) re-billed on the same tokens.",
      impact: saving >= .zero
        ? "Saves \(Format.money(c.monthly(saving)))/month of AI cost."
        : "Costs \(Format.money(c.monthly(-saving)))/month more.",
      recommendation: saving > .zero && quality > -0.03
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
