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
    let name: String
    var params: Fields?
    if case .scalar = item.node {
      guard let n = item.choice(TrafficPattern.names, what: "traffic pattern", into: &d) else { return nil }
      name = n
    } else {
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
      name = key
      if !value.isNull {
        params = value.fields(allowed: Self.parameters[key]!, what: "\(key) parameters", into: &d)
        if params == nil { return nil }
      }
    }
    let p = params
    func num(_ k: String, _ def: Double, _ r: ClosedRange<Double>) -> Double? {
      guard let v = p?[k] else { return def }
      return v.double(in: r, into: &d)
    }
    func int(_ k: String, _ def: Int, _ r: ClosedRange<Int>) -> Int? {
      guard let v = p?[k] else { return def }
      return v.int(in: r, into: &d)
    }
    func model(_ k: String) -> String? {
      guard let v = p?.required(k, what: "a provider/model id", into: &d), let id = v.string(into: &d) else {
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
    let dayRange = 0...max(0, days - 1)
    switch name {
    case "base":
      guard let j = num("jitter", 0.15, 0...2) else { return nil }
      return .base(jitter: j)
    case "business-hours":
      guard let o = int("open", 9, 0...23), let c = int("close", 17, 0...23), let s = num("shoulder", 0.4, 0...1),
        let n = num("night", 0.08, 0...1)
      else { return nil }
      return .businessHours(BusinessHours(open: o, close: c, shoulder: s, night: n))
    case "weekend":
      guard let f = num("factor", 0.35, 0...2), let hf = num("holiday_factor", 0.2, 0...2) else { return nil }
      var holidays: [CalendarDay] = []
      if let h = p?["holidays"], let items = h.sequence(what: "list of dates", into: &d) {
        holidays = items.compactMap { $0.date(into: &d) }
      }
      return .weekend(factor: f, holidays: holidays, holidayFactor: hf)
    case "seasonal":
      var cycle = SeasonalCycle.weekly
      if let c = p?["cycle"] {
        guard let s = c.choice(SeasonalCycle.allCases.map(\.rawValue), what: "cycle", into: &d) else { return nil }
        cycle = SeasonalCycle(rawValue: s)!
      }
      guard let a = num("amplitude", 0.2, 0...1), let peak = int("peak_day", 0, 0...366) else { return nil }
      return .seasonal(cycle: cycle, amplitude: a, peakDay: peak)
    case "burst":
      guard let prob = num("probability", 0.01, 0...1) else { return nil }
      var range = 5.0...20.0
      if let m = p?["multiplier"] {
        guard let r = m.pair(in: 1...1_000, into: &d) else { return nil }
        range = r
      }
      return .burst(probability: prob, multiplier: range)
    case "multi-tenant":
      guard let s = num("spread", 6, 1...1_000) else { return nil }
      return .multiTenant(spread: s)
    case "model-migration":
      let from = model("from")
      let to = model("to")
      guard let from, let to, let start = int("start_day", 0, dayRange), let over = int("over_days", 20, 1...3660),
        let share = num("share", 1, 0...1)
      else { return nil }
      return .modelMigration(from: from, to: to, startDay: start, overDays: over, share: share)
    case "feature-launch":
      guard let fv = p?.required("feature", what: "the launched feature's name", into: &d),
        let feature = fv.choice(features, what: "feature", into: &d),
        let day = int("day", 0, dayRange), let adoption = num("adoption", 0.5, 0...1),
        let ramp = int("ramp_days", 7, 0...3660), let lift = num("lift", 0.5, 0...100)
      else { return nil }
      return .featureLaunch(feature: feature, day: day, adoption: adoption, rampDays: ramp, lift: lift)
    case "cost-optimization":
      guard let start = int("start_day", days / 2, dayRange), let shift = num("shift", 0.5, 0...1),
        let reduction = num("prompt_reduction", 0.3, 0...0.95)
      else { return nil }
      return .costOptimization(startDay: start, shift: shift, promptReduction: reduction)
    case "decline":
      guard let c = num("monthly_churn", 0.05, 0...0.99) else { return nil }
      return .decline(monthlyChurn: c)
    default:
      guard let g = num("monthly", 0.1, -0.9...10) else { return nil }
      return .growth(monthly: g)
    }
  }
}
