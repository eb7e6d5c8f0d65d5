/// Reads the `plans:` section into `Plan`s.
///
/// The format is in `specs/workbook-format.md`.
struct PlanDecoder {
  static let keys = [
    "description", "fee", "charges", "minimum", "cap", "credits", "tiers", "currency", "billing", "discounts",
  ]
  static let discountKeys = ["percent", "amount", "periods", "tier", "archetype", "commit"]
  static let billingKeys = ["period", "anchor"]
  static let chargeKeys = [
    "id", "metric", "price", "per", "package", "tiers", "mode", "markup", "included", "where", "matrix", "default",
    "tiers_by",
  ]
  static let tierKeys = ["up_to", "price", "flat"]
  static let filterDimensions = ["model", "provider", "task_type", "feature"]

  let tierNames: Set<String>
  /// The scenarios' archetype names, which coupons may name (`archetype:`); empty skips the check.
  var archetypeNames: Set<String> = []

  func decode(name: String, _ value: YAMLValue, into d: inout Diagnostics) -> Plan? {
    guard let f = value.fields(allowed: Self.keys, what: "plan", into: &d) else { return nil }
    let before = d.items.count
    var plan = Plan(name: name)
    if let fee = f["fee"] {
      if case .mapping = fee.node, let entries = fee.mapping(what: "fee per tier", into: &d) {
        for (tier, v) in entries {
          if tier != "*" && !tierNames.isEmpty && !tierNames.contains(tier) {
            v.error(
              "unknown tier '\(tier)' in fee; expected one of: \(tierNames.sorted().joined(separator: ", ")) or *",
              hint: Suggestion.nearest(to: tier, in: tierNames).map { "did you mean '\($0)'?" }, into: &d)
          } else if let m = v.money(into: &d) {
            plan.fees[tier] = m
          }
        }
      } else if let m = fee.money(into: &d) {
        plan.fees["*"] = m
      }
    }
    if let charges = f["charges"]?.sequence(what: "list of usage charges", into: &d) {
      plan.charges = charges.compactMap { decodeCharge($0, into: &d) }
    }
    plan.minimum = f["minimum"]?.money(into: &d)
    plan.cap = f["cap"]?.money(into: &d)
    plan.credits = f["credits"]?.money(into: &d)
    if let c = f["currency"]?.choice(Currency.allCases.map(\.rawValue), what: "currency", into: &d) {
      plan.currency = Currency(rawValue: c) ?? .usd
    }
    if let list = f["discounts"]?.sequence(what: "list of discounts", into: &d) {
      plan.discounts = list.compactMap { decodeDiscount($0, into: &d) }
    }
    if let b = f["billing"] { plan.billing = decodeBilling(b, into: &d) ?? .monthly }
    if let t = f["tiers"]?.mapping(what: "plan per tier", into: &d) {
      for (tier, v) in t { if let s = v.string(into: &d) { plan.perTier[tier] = s } }
    }
    return d.items.count == before ? plan : nil
  }

  /// `billing: {period: month, anchor: 15}`: the period (week, month, quarter, year; month by
  /// default) and the day it starts (day of the month, or ISO weekday 1–7 for weeks).
  private func decodeBilling(_ value: YAMLValue, into d: inout Diagnostics) -> BillingCycle? {
    guard let f = value.fields(allowed: Self.billingKeys, what: "billing cycle", into: &d) else { return nil }
    var unit = BillingCycle.Unit.month
    if let p = f["period"] {
      let names = BillingCycle.Unit.allCases.map(\.rawValue)
      guard let name = p.choice(names, what: "billing period", into: &d), let u = BillingCycle.Unit(rawValue: name)
      else { return nil }
      unit = u
    }
    var anchor = 1
    if let a = f["anchor"] {
      guard let n = a.int(in: 1...BillingCycle.maxAnchor(unit), into: &d) else { return nil }
      anchor = n
    }
    return BillingCycle(unit: unit, anchor: anchor)
  }

  /// A discount: exactly one of `percent` (0–100) or `amount`, optional `periods` (≥ 1) and `tier`.
  private func decodeDiscount(_ value: YAMLValue, into d: inout Diagnostics) -> Discount? {
    guard let f = value.fields(allowed: Self.discountKeys, what: "discount", into: &d) else { return nil }
    let off: Discount.Off
    switch (f["percent"], f["amount"]) {
    case (let p?, nil):
      guard let x = p.double(in: 0...100, into: &d) else { return nil }
      off = .percent(x / 100)
    case (nil, let a?):
      guard let m = a.money(into: &d) else { return nil }
      off = .amount(m)
    default:
      value.error("a discount needs exactly one of percent or amount", hint: "{percent: 20, periods: 3}", into: &d)
      return nil
    }
    var periods: Int?
    if let p = f["periods"] {
      guard let n = p.int(in: 1...Limits.days, into: &d) else { return nil }
      periods = n
    }
    var tier: String?
    if let t = f["tier"], let name = t.string(into: &d) {
      if !tierNames.isEmpty && !tierNames.contains(name) {
        t.error(
          "unknown tier '\(name)' in discount; expected one of: \(tierNames.sorted().joined(separator: ", "))",
          hint: Suggestion.nearest(to: name, in: tierNames).map { "did you mean '\($0)'?" }, into: &d)
        return nil
      }
      tier = name
    }
    var discount = Discount(off: off, periods: periods, tier: tier)
    discount.archetype = decodeArchetype(f, into: &d)
    discount.commit = decodeCommit(f, off: off, into: &d)
    return discount
  }

  func decodeCharge(_ value: YAMLValue, into d: inout Diagnostics) -> Charge? {
    guard let f = value.fields(allowed: Self.chargeKeys, what: "charge", into: &d) else { return nil }
    guard
      let metric = f.required("metric", what: "what is counted (\(Charge.metrics.joined(separator: ", ")))", into: &d)?
        .choice(Charge.metrics, what: "metric", into: &d)
    else { return nil }
    let included = Int64(f["included"]?.int(in: 0...Int.max, into: &d) ?? 0)
    var filter: [String: String] = [:]
    if let w = f["where"]?.mapping(allowed: Self.filterDimensions, what: "charge filter", into: &d) {
      for (k, v) in w { if let s = v.string(into: &d) { filter[k] = s } }
    }
    let shapes = ["price", "tiers", "markup", "matrix"].filter { f[$0] != nil }
    if f["default"] != nil && f["matrix"] == nil {
      f["default"]?.error("default is the rate of a matrix; expected matrix: [...] alongside it", into: &d)
    }
    if metric == Charge.seats { checkSeats(f, into: &d) }
    guard shapes.count == 1 else {
      value.error(
        shapes.isEmpty
          ? "charge has no price; expected one of price (per unit or package), tiers, markup, or matrix"
          : "charge has \(shapes.joined(separator: " and ")); expected only one of them", into: &d)
      return nil
    }
    let before = d.items.count
    let tiersBy = decodeTiersBy(metric: metric, f, into: &d)
    let model: Charge.Model
    if let matrix = decodeMatrix(metric: metric, f, into: &d) {
      model = .matrix(matrix)
    } else if f["matrix"] != nil {
      return nil
    } else if let m = f["markup"] {
      guard metric == "cost" else {
        m.error("markup applies to metric 'cost'; expected metric: cost", into: &d)
        return nil
      }
      guard let x = m.double(in: -1...100, into: &d) else { return nil }
      model = .markup(x)
    } else if let t = f["tiers"] {
      guard let tiers = decodeTiers(t, into: &d) else { return nil }
      // Tiers picked by another count price every unit at the tier reached: volume by default.
      let volume = tiersBy != nil || metric == Charge.seats
      let mode =
        f["mode"]?.choice(["graduated", "volume"], what: "tier mode", into: &d) ?? (volume ? "volume" : "graduated")
      model = mode == "volume" ? .volume(tiers) : .graduated(tiers)
    } else {
      guard let price = f["price"]?.money(into: &d) else { return nil }
      if let size = f["package"]?.int(in: 1...Int.max, into: &d) {
        model = .package(price: price, size: Int64(size))
      } else {
        model = .perUnit(price: price, per: Int64(f["per"]?.int(in: 1...1_000_000_000, into: &d) ?? 1))
      }
    }
    guard d.items.count == before else { return nil }
    var charge = Charge(metric: metric, model: model, included: included, filter: filter)
    charge.tiersBy = tiersBy
    return charge
  }

  /// A charge's `tiers:` list: increasing `up_to` bounds, the last tier open-ended; `nil` for an
  /// empty list or an unbounded top.
  private func decodeTiers(_ t: YAMLValue, into d: inout Diagnostics) -> [Charge.Tier]? {
    guard let items = t.sequence(what: "list of tiers", into: &d), !items.isEmpty else { return nil }
    var tiers: [Charge.Tier] = []
    for (i, item) in items.enumerated() {
      guard let tf = item.fields(allowed: Self.tierKeys, what: "tier", into: &d),
        let price = tf.required("price", what: "the unit price", into: &d)?.money(into: &d)
      else { continue }
      let upTo = tf["up_to"]?.int(in: 1...Int.max, into: &d).map(Int64.init)
      if upTo == nil && i != items.count - 1 {
        item.error("only the last tier may omit up_to; expected up_to on this tier", into: &d)
      }
      if let upTo, let last = tiers.last?.upTo, upTo <= last {
        item.error("up_to \(upTo) is not above the previous tier's \(last); expected increasing tiers", into: &d)
      }
      tiers.append(Charge.Tier(upTo: upTo, unitPrice: price, flat: tf["flat"]?.money(into: &d) ?? .zero))
    }
    if let last = tiers.last?.upTo, tiers.count == items.count, let lastItem = items.last {
      let at = lastItem.fields(allowed: Self.tierKeys, what: "tier", into: &d)?["up_to"] ?? lastItem
      at.error(
        "the last tier ends at up_to \(last); expected the last tier to be open-ended (no up_to)",
        hint: "drop up_to from the last tier, or add a last tier {price: …} for units above \(last)", into: &d)
      return nil
    }
    return tiers
  }
}
