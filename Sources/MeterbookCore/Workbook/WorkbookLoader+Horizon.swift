/// `horizon:`: a projection over months, as `horizon: 12 months` or a mapping of assumptions.
extension WorkbookLoader {
  static let horizonKeys = [
    "months", "new_customers", "churn", "expansion", "migrations", "discount_rate", "cac",
  ]
  static let migrationKeys = ["plan", "on"]

  /// The horizon, or `nil` without the key; archetypes and plans it names must exist.
  func decodeHorizon(_ top: MergedFields, scenarios: [Scenario], plans: [String], into d: inout Diagnostics)
    -> Horizon?
  {
    guard let node = top["horizon"] else { return nil }
    if case .leaf(let v) = node { return Self.months(v, into: &d).map { Horizon(months: $0) } }
    guard let f = node.value.fields(allowed: Self.horizonKeys, what: "horizon", into: &d),
      let months = f.required("months", what: "how many months to project, like 12", into: &d)
        .flatMap({ Self.months($0, into: &d) })
    else { return nil }
    var h = Horizon(months: months)
    let archetypes = scenarios.flatMap { $0.population.archetypes.map(\.name) }
    if let arrivals = f["new_customers"]?.mapping(what: "new customers per month by archetype", into: &d) {
      for (name, value) in arrivals {
        guard archetypes.contains(name) else {
          value.error(
            "unknown archetype '\(name)' in new_customers; expected one of: \(Array(Set(archetypes)).sorted().joined(separator: ", "))",
            hint: Suggestion.nearest(to: name, in: archetypes).map { "did you mean '\($0)'?" }, into: &d)
          continue
        }
        if let n = value.double(in: 0...Double(Limits.customers), into: &d) {
          h.arrivals.append(Horizon.Arrival(archetype: name, perMonth: n))
        }
      }
    }
    h.churn = f["churn"]?.double(in: 0...1, into: &d) ?? 0
    h.expansion = f["expansion"]?.double(in: -0.5...1, into: &d) ?? 0
    h.annualDiscount = f["discount_rate"]?.double(in: 0...1, into: &d) ?? Lifetime.defaultAnnualDiscount
    h.cac = f["cac"]?.money(into: &d)
    for item in f["migrations"]?.sequence(what: "list of {plan, on}", into: &d) ?? [] {
      guard let m = item.fields(allowed: Self.migrationKeys, what: "migration", into: &d),
        let planValue = m.required("plan", what: "the plan grandfathered customers move to", into: &d),
        let plan = planValue.string(into: &d),
        let on = m.required("on", what: "the date they move", into: &d)?.date(into: &d)
      else { continue }
      guard plans.contains(plan) else {
        planValue.error(
          "unknown plan '\(plan)' in migrations; expected one of: \(plans.joined(separator: ", "))",
          hint: Suggestion.nearest(to: plan, in: plans).map { "did you mean '\($0)'?" }, into: &d)
        continue
      }
      h.migrations.append(Horizon.Migration(plan: plan, on: on))
    }
    return h
  }

  /// `12`, `12 months` or `1 month`, within 1...`Horizon.maxMonths`.
  static func months(_ v: YAMLValue, into d: inout Diagnostics) -> Int? {
    guard let text = v.string(into: &d) else { return nil }
    let words = text.split(separator: " ")
    guard (1...2).contains(words.count), words.count == 1 || ["month", "months"].contains(words[1]),
      let n = Int(words[0])
    else {
      v.error("'\(v.path)' is '\(text)'; expected a number of months like 12 months", into: &d)
      return nil
    }
    guard (1...Horizon.maxMonths).contains(n) else {
      v.error("'\(v.path)' is \(n) months; expected 1...\(Horizon.maxMonths)", into: &d)
      return nil
    }
    return n
  }
}
