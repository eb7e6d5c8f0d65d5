/// Reads one `traffic:` list item: `{pattern-name: {parameters}}`, or just `pattern-name`
/// for its defaults.
///
/// Parameters and defaults are listed in `specs/simulator.md`.
struct PatternDecoder {
  let catalog: ModelCatalog
  let features: [String]
  let days: Int

  /// Allowed parameters per pattern (also used by the JSON Schema).
  static let parameters: [String: [String]] = [
    "base": ["jitter"],
    "business-hours": ["open", "close", "shoulder", "night"],
    "weekend": ["factor", "holidays", "holiday_factor"],
    "seasonal": ["cycle", "amplitude", "peak_day"],
    "burst": ["probability", "multiplier"],
    "multi-tenant": ["spread"],
    "model-migration": ["from", "to", "start_day", "over_days", "share"],
    "feature-launch": ["feature", "day", "adoption", "ramp_days", "lift"],
    "cost-optimization": ["start_day", "shift", "prompt_reduction"],
    "decline": ["monthly_churn"],
    "growth": ["monthly"],
  ]

  func decode(_ item: YAMLValue, into d: inout Diagnostics) -> TrafficPattern? {
    guard let (name, fields) = nameAndParameters(item, into: &d) else { return nil }
    let p = Parameters(fields: fields, catalog: catalog)
    switch name {
    case "base", "business-hours", "weekend", "seasonal", "burst", "multi-tenant": return shape(name, p, into: &d)
    default: return trend(name, p, into: &d)
    }
  }

  /// The pattern an item names, and its parameters when it gives any; `nil` (with the problem in
  /// `d`) for an unknown name, several names in one item, or parameters that are not a mapping.
  private func nameAndParameters(_ item: YAMLValue, into d: inout Diagnostics) -> (String, Fields?)? {
    if case .scalar = item.node {
      guard let n = item.choice(TrafficPattern.names, what: "traffic pattern", into: &d) else { return nil }
      return (n, nil)
    }
    guard let entries = item.mapping(what: "traffic pattern like {burst: {probability: 0.01}}", into: &d) else {
      return nil
    }
    guard entries.count == 1, let (key, value) = entries.first else {
      item.error(
        "a traffic item has \(entries.count) keys; expected one pattern name per item",
        hint: "write each pattern as its own list item", into: &d)
      return nil
    }
    guard TrafficPattern.names.contains(key) else {
      item.error(
        "unknown traffic pattern '\(key)'; expected one of: \(TrafficPattern.names.joined(separator: ", "))",
        hint: Suggestion.nearest(to: key, in: TrafficPattern.names).map { "did you mean '\($0)'?" }, into: &d)
      return nil
    }
    guard !value.isNull else { return (key, nil) }
    guard let params = value.fields(allowed: Self.parameters[key] ?? [], what: "\(key) parameters", into: &d) else {
      return nil
    }
    return (key, params)
  }

  /// A pattern's parameters, each read with its default when the workbook leaves it out.
  private struct Parameters {
    let fields: Fields?
    let catalog: ModelCatalog

    func num(_ k: String, _ def: Double, _ r: ClosedRange<Double>, _ d: inout Diagnostics) -> Double? {
      guard let v = fields?[k] else { return def }
      return v.double(in: r, into: &d)
    }
    func int(_ k: String, _ def: Int, _ r: ClosedRange<Int>, _ d: inout Diagnostics) -> Int? {
      guard let v = fields?[k] else { return def }
      return v.int(in: r, into: &d)
    }
    /// A required `provider/model` id of the catalog.
    func model(_ k: String, _ d: inout Diagnostics) -> String? {
      guard let v = fields?.required(k, what: "a provider/model id", into: &d), let id = v.string(into: &d) else {
        return nil
      }
      guard catalog.model(id) != nil else {
        v.error(
          "unknown model '\(id)' in catalog '\(catalog.name)'; expected provider/model",
          hint: Suggestion.nearest(to: id, in: catalog.modelIDs).map { "did you mean '\($0)'?" }, into: &d)
        return nil
      }
      return id
    }
  }

  /// The patterns that shape traffic the same way all period: noise, daily and weekly rhythm,
  /// seasons, bursts and tenant spread.
  private func shape(_ name: String, _ p: Parameters, into d: inout Diagnostics) -> TrafficPattern? {
    switch name {
    case "base":
      guard let j = p.num("jitter", 0.15, 0...2, &d) else { return nil }
      return .base(jitter: j)
    case "business-hours":
      guard let o = p.int("open", 9, 0...23, &d), let c = p.int("close", 17, 0...23, &d),
        let s = p.num("shoulder", 0.4, 0...1, &d), let n = p.num("night", 0.08, 0...1, &d)
      else { return nil }
      return .businessHours(BusinessHours(open: o, close: c, shoulder: s, night: n))
    case "weekend":
      guard let f = p.num("factor", 0.35, 0...2, &d), let hf = p.num("holiday_factor", 0.2, 0...2, &d) else {
        return nil
      }
      var holidays: [CalendarDay] = []
      if let h = p.fields?["holidays"], let items = h.sequence(what: "list of dates", into: &d) {
        holidays = items.compactMap { $0.date(into: &d) }
      }
      return .weekend(factor: f, holidays: holidays, holidayFactor: hf)
    case "seasonal":
      var cycle = SeasonalCycle.weekly
      if let c = p.fields?["cycle"] {
        guard let s = c.choice(SeasonalCycle.allCases.map(\.rawValue), what: "cycle", into: &d),
          let chosen = SeasonalCycle(rawValue: s)
        else { return nil }
        cycle = chosen
      }
      guard let a = p.num("amplitude", 0.2, 0...1, &d), let peak = p.int("peak_day", 0, 0...366, &d) else {
        return nil
      }
      return .seasonal(cycle: cycle, amplitude: a, peakDay: peak)
    case "burst":
      guard let prob = p.num("probability", 0.01, 0...1, &d) else { return nil }
      var range = 5.0...20.0
      if let m = p.fields?["multiplier"] {
        guard let r = m.pair(in: 1...1_000, into: &d) else { return nil }
        range = r
      }
      return .burst(probability: prob, multiplier: range)
    default:
      guard let s = p.num("spread", 6, 1...1_000, &d) else { return nil }
      return .multiTenant(spread: s)
    }
  }

  /// The patterns that change traffic from a day on: a model migration, a feature launch, a cost
  /// optimization, decline and growth.
  private func trend(_ name: String, _ p: Parameters, into d: inout Diagnostics) -> TrafficPattern? {
    let dayRange = 0...max(0, days - 1)
    switch name {
    case "model-migration":
      let from = p.model("from", &d)
      let to = p.model("to", &d)
      guard let from, let to, let start = p.int("start_day", 0, dayRange, &d),
        let over = p.int("over_days", 20, 1...3660, &d), let share = p.num("share", 1, 0...1, &d)
      else { return nil }
      return .modelMigration(from: from, to: to, startDay: start, overDays: over, share: share)
    case "feature-launch":
      guard let fv = p.fields?.required("feature", what: "the launched feature's name", into: &d),
        let feature = fv.choice(features, what: "feature", into: &d),
        let day = p.int("day", 0, dayRange, &d), let adoption = p.num("adoption", 0.5, 0...1, &d),
        let ramp = p.int("ramp_days", 7, 0...3660, &d), let lift = p.num("lift", 0.5, 0...100, &d)
      else { return nil }
      return .featureLaunch(feature: feature, day: day, adoption: adoption, rampDays: ramp, lift: lift)
    case "cost-optimization":
      guard let start = p.int("start_day", days / 2, dayRange, &d), let shift = p.num("shift", 0.5, 0...1, &d),
        let reduction = p.num("prompt_reduction", 0.3, 0...0.95, &d)
      else { return nil }
      return .costOptimization(startDay: start, shift: shift, promptReduction: reduction)
    case "decline":
      guard let c = p.num("monthly_churn", 0.05, 0...0.99, &d) else { return nil }
      return .decline(monthlyChurn: c)
    default:
      guard let g = p.num("monthly", 0.1, -0.9...10, &d) else { return nil }
      return .growth(monthly: g)
    }
  }
}
