extension ScenarioDecoder {
  /// Keys whose values a data scenario takes from its data: written in the workbook or a
  /// piece they would be silently ignored, so they are reported.
  static let populationKeys = [
    "customers", "organizations", "organization_skew", "archetypes", "tiers", "regions", "features", "products", "mix",
    "tokens",
  ]

  /// The patterns defined on top of real calls (`specs/standards.md`, *Data scenarios*): they
  /// shape only the calls the scenario adds, never the imported ones.
  static let dataPatterns = ["growth", "model-migration", "cost-optimization", "business-hours", "base"]

  /// A scenario with `data:`: its calls, customers and period come from the import; it may add
  /// `new_customers` and the traffic patterns of `dataPatterns`.
  func decodeData(
    _ dataNode: MergedNode, _ f: MergedFields, name: String, catalog: ModelCatalog, seed: UInt64,
    into d: inout Diagnostics
  ) -> Scenario? {
    // Gathered apart: a scenario extending this one repeats its problems, which `d` keeps once.
    var problems = Diagnostics()
    let scenario = decodeData(dataNode, f, name: name, catalog: catalog, seed: seed, problems: &problems)
    d.append(contentsOf: problems)
    return problems.isEmpty ? scenario : nil
  }

  private func decodeData(
    _ dataNode: MergedNode, _ f: MergedFields, name: String, catalog: ModelCatalog, seed: UInt64,
    problems d: inout Diagnostics
  ) -> Scenario? {
    for key in Self.populationKeys {
      guard let n = f[key], n.origin.source.path != ScenarioDefaults.path else { continue }
      n.origin.error(
        "scenario '\(name)' reads its customers from data:, so '\(key)' would be ignored; expected no \(key)",
        hint: "remove it; new_customers: N adds customers drawn from the population calibrated on the data",
        into: &d)
    }
    let newCustomers =
      f["new_customers"]?.scalar(what: "a number of customers", into: &d)?.int(in: 0...Limits.customers, into: &d) ?? 0
    guard let decoder = data else {
      dataNode.origin.error("data: needs a workbook file to find the usage CSV from", into: &d)
      return nil
    }
    guard let usage = decoder.decode(dataNode, catalog: catalog, newCustomers: newCustomers, into: &d) else {
      return nil
    }
    let period = usage.period
    if newCustomers * period.days > Limits.customerDays {
      f["new_customers"]?.origin.error(
        "scenario '\(name)' adds \(newCustomers) customers × \(period.days) days; expected at most "
          + "\(Limits.customerDays) customer-days", into: &d)
    }
    let population = usage.population(start: period.start)
    let dims = usage.dimensions
    let traffic = decodeDataTraffic(
      f["traffic"], name: name, catalog: catalog, features: dims.features, days: period.days,
      adds: newCustomers > 0, into: &d)
    // Growth keeps each real customer's calls per day and per feature: refused past the
    // customer-days a simulation may have, before any table is built.
    let tables = dims.customers.count * (period.days + dims.features.count)
    if traffic.contains(where: { $0.name == "growth" }), tables > Limits.customerDays {
      f["traffic"]?.origin.error(
        "growth of scenario '\(name)' keeps \(dims.customers.count) customers × (\(period.days) days + "
          + "\(dims.features.count) features) = \(tables) counts; expected at most \(Limits.customerDays)",
        hint: "filter the export to fewer customers or days", into: &d)
    }
    var scenarioSeed = seed
    if let v = f["seed"]?.scalar(what: "a seed", into: &d)?.int(in: 0...Int.max, into: &d) { scenarioSeed = UInt64(v) }
    guard d.isEmpty else { return nil }
    return Scenario(
      name: name, seed: scenarioSeed, start: period.start, days: period.days, catalog: catalog,
      population: population.spec, traffic: traffic, data: usage)
  }

  /// The traffic of a data scenario: the patterns of `dataPatterns`, growth not negative (it
  /// adds calls; real calls are never removed), and model shifts only where calls are added.
  private func decodeDataTraffic(
    _ node: MergedNode?, name: String, catalog: ModelCatalog, features: [String], days: Int, adds: Bool,
    into d: inout Diagnostics
  ) -> [TrafficPattern] {
    guard let node, let items = node.items(what: "a list of traffic patterns", into: &d) else { return [] }
    guard items.count <= Limits.trafficPatterns else {
      node.origin.error(
        "scenario '\(name)' has \(items.count) traffic patterns; expected at most \(Limits.trafficPatterns)", into: &d)
      return []
    }
    let decoder = PatternDecoder(catalog: catalog, features: features, days: days)
    var traffic: [(TrafficPattern, YAMLValue)] = []
    for item in items {
      guard let pattern = decoder.decode(item, into: &d) else { continue }
      guard Self.dataPatterns.contains(pattern.name) else {
        item.error(
          "'\(pattern.name)' is not defined on a data scenario; expected one of: \(Self.dataPatterns.joined(separator: ", "))",
          hint: "the imported calls stay as they are; patterns shape only the calls the scenario adds", into: &d)
        continue
      }
      if case .growth(let monthly) = pattern, monthly < 0 {
        item.error(
          "growth of \(rounded(monthly)) would remove real calls; expected monthly ≥ 0 on a data scenario",
          hint: "a data scenario adds calls to the imported ones, it never removes them", into: &d)
        continue
      }
      traffic.append((pattern, item))
    }
    let growing = adds || traffic.contains { if case .growth(let m) = $0.0 { m > 0 } else { false } }
    for (pattern, item) in traffic where !growing {
      switch pattern {
      case .modelMigration, .costOptimization:
        item.error(
          "'\(pattern.name)' on a data scenario moves only the calls it adds, and scenario '\(name)' adds none",
          hint: "add growth or new_customers, or re-bill the real calls on another model with a reprice cell",
          into: &d)
      default: break
      }
    }
    return traffic.map(\.0)
  }
}
