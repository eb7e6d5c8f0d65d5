/// The charge shapes beyond one price per metric: price matrices, tiering by another metric
/// and seats (`specs/pricing.md`, usage charges; `specs/workbook-format.md`, plans).
extension PlanDecoder {
  static let matrixRowKeys = ["model", "provider", "input", "cached_input", "output", "list_plus"]
  static let matrixRateKeys = ["input", "cached_input", "output", "list_plus"]
  /// Metrics a charge may be tiered by: counts of calls or tokens.
  static let tieringMetrics = ["calls", "tokens", "input_tokens", "output_tokens", "cached_input_tokens"]

  /// A price matrix: `matrix: [{model: M | provider: P, input: 3, cached_input: 0.3, output: 15}, …]`.
  ///
  /// An optional `default:` rate prices the models no row matches: prices per 1M tokens, or
  /// `{list_plus: 30}` for the list price plus 30%. A matrix prices metric `tokens`; calls no
  /// row matches and no default prices are free.
  func decodeMatrix(metric: String, _ f: Fields, into d: inout Diagnostics) -> PriceMatrix? {
    guard let list = f["matrix"] else { return nil }
    let before = d.items.count
    if metric != "tokens", let m = f["metric"] {
      m.error("a matrix prices tokens by model and token type; expected metric: tokens", into: &d)
    }
    for key in ["included", "tiers_by", "per", "mode", "package"] {
      f[key]?.error(
        "'\(key)' does not apply to a matrix", hint: "drop \(key), or price the charge without matrix", into: &d)
    }
    guard let items = list.sequence(what: "list of matrix rows", into: &d) else { return nil }
    if items.isEmpty { list.error("the matrix has no rows; expected at least one {model: …, output: …}", into: &d) }
    var rows: [PriceMatrix.Row] = []
    for item in items {
      guard let rf = item.fields(allowed: Self.matrixRowKeys, what: "matrix row", into: &d) else { continue }
      let model = rf["model"]?.string(into: &d)
      let provider = rf["provider"]?.string(into: &d)
      if model == nil && provider == nil {
        item.error(
          "a matrix row names no model or provider; expected model: PROVIDER/MODEL or provider: NAME",
          hint: "rates for every other model go under default:", into: &d)
      }
      if let rate = decodeRate(rf, at: item, into: &d) {
        rows.append(PriceMatrix.Row(model: model, provider: provider, rate: rate))
      }
    }
    var fallback = PriceMatrix.Rate.perMillion(input: .zero, cachedInput: .zero, output: .zero)
    if let dv = f["default"], let df = dv.fields(allowed: Self.matrixRateKeys, what: "default rate", into: &d) {
      fallback = decodeRate(df, at: dv, into: &d) ?? fallback
    }
    return d.items.count == before ? PriceMatrix(rows: rows, fallback: fallback) : nil
  }

  /// A matrix rate: `list_plus` (percent, −100…10,000) or prices per 1M tokens of
  /// `input`, `cached_input` and `output` (a type left out is free), not both.
  private func decodeRate(_ f: Fields, at value: YAMLValue, into d: inout Diagnostics) -> PriceMatrix.Rate? {
    let prices = ["input", "cached_input", "output"].filter { f[$0] != nil }
    if let plus = f["list_plus"] {
      guard prices.isEmpty else {
        value.error(
          "a rate has list_plus and \(prices.joined(separator: ", ")); expected either list_plus or prices per 1M tokens",
          into: &d)
        return nil
      }
      return plus.double(in: -100...10_000, into: &d).map { .listPlus(markup: $0 / 100) }
    }
    guard !prices.isEmpty else {
      value.error(
        "a rate has no price; expected input, cached_input or output (dollars per 1M tokens), or list_plus (percent)",
        hint: "{model: openai/gpt-4o, output: 12} or {list_plus: 30}", into: &d)
      return nil
    }
    func price(_ key: String) -> Money? { f[key].map { $0.money(into: &d) } ?? .zero }
    guard let input = price("input"), let cached = price("cached_input"), let output = price("output") else {
      return nil
    }
    return .perMillion(input: input, cachedInput: cached, output: output)
  }

  /// `tiers_by: calls`: the metric whose period total picks the tier of a tiered charge;
  /// every unit is priced at the tier reached (volume), so `mode: graduated` is refused.
  func decodeTiersBy(metric: String, _ f: Fields, into d: inout Diagnostics) -> String? {
    guard let by = f["tiers_by"] else { return nil }
    guard let name = by.choice(Self.tieringMetrics, what: "tiering metric", into: &d) else { return nil }
    if f["tiers"] == nil {
      by.error(
        "tiers_by picks a tier, but the charge has no tiers; expected tiers: [{up_to: …, price: …}, …]", into: &d)
    } else if metric == Charge.seats {
      by.error("seats are tiered by their organization's active seats; expected no tiers_by", into: &d)
    } else if let mode = f["mode"], mode.string(into: &d) == "graduated" {
      mode.error(
        "a charge tiered by another metric prices every unit at the tier reached; expected mode: volume (or no mode)",
        into: &d)
    }
    return name
  }

  /// A seat charge (`metric: seats`): a price per active seat, or tiers by the organization's
  /// active seats; no allowance, package, markup or per-tier flat fee (a flat fee would be
  /// billed once per seat).
  func checkSeats(_ f: Fields, into d: inout Diagnostics) {
    for key in ["included", "package", "markup", "per"] {
      f[key]?.error("'\(key)' does not apply to seats; expected price or tiers", into: &d)
    }
    if let mode = f["mode"], mode.string(into: &d) == "graduated" {
      mode.error(
        "seats are priced at the tier their organization's active seats reach; expected mode: volume (or no mode)",
        into: &d)
    }
    // Only well-formed tiers: `decodeTiers` reports the rest.
    guard let list = f["tiers"], case .sequence = list.node else { return }
    for tier in list.sequence(what: "list of tiers", into: &d) ?? [] {
      guard case .mapping = tier.node, let flat = tier.mapping(into: &d)?.first(where: { $0.key == "flat" }) else {
        continue
      }
      flat.value.error("a seat tier has no flat fee (it would be billed once per seat); expected price only", into: &d)
    }
  }
}

/// Discount keys beyond percent, amount, periods and tier: coupons per archetype and
/// committed-use discounts.
extension PlanDecoder {
  /// `archetype: NAME`: a coupon for one archetype's customers; the name must be an archetype
  /// of the workbook's scenarios.
  func decodeArchetype(_ f: Fields, into d: inout Diagnostics) -> String? {
    guard let a = f["archetype"], let name = a.string(into: &d) else { return nil }
    if !archetypeNames.isEmpty && !archetypeNames.contains(name) {
      a.error(
        "unknown archetype '\(name)' in discount; expected one of: \(archetypeNames.sorted().joined(separator: ", "))",
        hint: Suggestion.nearest(to: name, in: archetypeNames).map { "did you mean '\($0)'?" }, into: &d)
      return nil
    }
    return name
  }

  /// `commit: 500` with `percent:`: a committed-use discount (percent off usage, usage raised
  /// to the commitment each period).
  func decodeCommit(_ f: Fields, off: Discount.Off, into d: inout Diagnostics) -> Money? {
    guard let c = f["commit"], let commit = c.money(into: &d) else { return nil }
    if case .amount = off {
      c.error(
        "a committed-use discount takes a percent off usage; expected percent with commit",
        hint: "{percent: 15, commit: 500}", into: &d)
      return nil
    }
    return commit
  }
}
