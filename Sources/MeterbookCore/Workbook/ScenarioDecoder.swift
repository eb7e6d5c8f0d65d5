import Foundation

/// Turns a merged scenario mapping into a `Scenario`, validating every key and reference.
struct ScenarioDecoder {
  static let keys = [
    "description", "use", "extends", "catalog", "seed", "customers", "organizations", "organization_skew", "archetypes",
    "tiers", "regions", "features", "products", "mix", "traffic", "tokens", "data", "new_customers",
  ]
  static let archetypeKeys = ["share", "calls_per_day"]
  static let tierKeys = ["fee", "share", "included_calls"]
  static let regionKeys = ["utc_offset", "share"]
  static let featureKeys = ["popularity", "tasks"]
  static let mixKeys = ["providers", "models", "task_affinity", "by_task"]
  static let tokenKeys = ["input_median", "input_sigma", "output_median", "output_sigma", "cached_share"]

  let library: ScenarioLibrary
  let catalogs: (String, YAMLValue?, inout Diagnostics) -> ModelCatalog?
  /// Reads `data:`; `nil` where no workbook file gives it a folder (a scenario built in code).
  var data: DataDecoder?

  func decode(
    name: String, _ node: MergedNode, seed: UInt64, start: CalendarDay, days: Int, into d: inout Diagnostics
  ) -> Scenario? {
    guard let f = node.fields(allowed: Self.keys, what: "scenario", into: &d) else { return nil }
    let before = d.items.count
    let catalogValue = f["catalog"]?.scalar(what: "a catalog name", into: &d)
    let catalogName = catalogValue?.string(into: &d) ?? ScenarioLibrary.defaultCatalog
    guard let catalog = catalogs(catalogName, catalogValue, &d) else { return nil }
    if let dataNode = f["data"] {
      return decodeData(dataNode, f, name: name, catalog: catalog, seed: seed, into: &d)
    }
    if let n = f["new_customers"] {
      n.origin.error(
        "scenario '\(name)' has new_customers but no data:; expected it only on a data scenario",
        hint: "set customers: to size a simulated population", into: &d)
    }
    var pop = decodeCustomers(f, node, name: name, days: days, into: &d)
    decodeGroups(f, name: name, into: &pop, &d)
    if let n = f["features"], let features = decodeFeatures(n, name: name, into: &d), !features.isEmpty {
      pop.features = features
    }
    if let n = f["products"], let items = n.items(what: "a list of product names", into: &d) {
      let names = items.compactMap { $0.string(into: &d) }
      if names.count > Limits.products {
        n.origin.error("scenario '\(name)' has \(names.count) products; expected at most \(Limits.products)", into: &d)
      }
      if !names.isEmpty { pop.products = names }
    }
    var mix = ProviderMix.marketWeighted
    if let n = f["mix"] { mix = decodeMix(n, scenarioName: name, catalog: catalog, into: &d) ?? mix }
    var traffic: [TrafficPattern] = []
    if let n = f["traffic"], let items = n.items(what: "a list of traffic patterns", into: &d) {
      let decoder = PatternDecoder(catalog: catalog, features: pop.features.map(\.name), days: days)
      if items.count > Limits.trafficPatterns {
        n.origin.error(
          "scenario '\(name)' has \(items.count) traffic patterns; expected at most \(Limits.trafficPatterns)", into: &d
        )
      } else {
        traffic = items.compactMap { decoder.decode($0, into: &d) }
      }
    }
    let tokens = f["tokens"].map { decodeTokens($0, into: &d) } ?? TokenProfile.defaults
    var scenarioSeed = seed
    if let v = f["seed"]?.scalar(what: "a seed", into: &d)?.int(in: 0...Int.max, into: &d) { scenarioSeed = UInt64(v) }
    guard d.items.count == before else { return nil }
    return Scenario(
      name: name, seed: scenarioSeed, start: start, days: days, catalog: catalog, population: pop, mix: mix,
      traffic: traffic, tokens: tokens)
  }

  /// The population's size: customers (within the customer-days limit for `days`), organizations
  /// and how skewed customers are across them.
  private func decodeCustomers(
    _ f: MergedFields, _ node: MergedNode, name: String, days: Int, into d: inout Diagnostics
  ) -> PopulationSpec {
    var pop = PopulationSpec(customers: 100)
    let customersValue = f["customers"]?.scalar(what: "a number of customers", into: &d)
    if let v = customersValue?.int(in: 1...Limits.customers, into: &d) {
      pop.customers = v
    }
    if pop.customers * days > Limits.customerDays {
      (customersValue ?? node.origin).error(
        "scenario '\(name)' has \(pop.customers) customers × \(days) days = \(pop.customers * days) customer-days; "
          + "expected at most \(Limits.customerDays)",
        hint: "lower scenarios.\(name).customers to \(Limits.customerDays / days) or fewer, or period.days", into: &d)
    }
    if let v = f["organizations"]?.scalar(what: "a number", into: &d)?.int(in: 1...Limits.organizations, into: &d) {
      pop.organizations = v
    }
    if let v = f["organization_skew"]?.scalar(what: "a number", into: &d)?.double(in: 0...5, into: &d) {
      pop.organizationSkew = v
    }
    return pop
  }

  /// The groups whose shares split the customers: archetypes (how much they call), tiers (what
  /// they pay) and regions (when they call).
  private func decodeGroups(_ f: MergedFields, name: String, into pop: inout PopulationSpec, _ d: inout Diagnostics) {
    if let n = f["archetypes"],
      let list = shares(
        n, what: "archetype", group: "scenarios.\(name).archetypes", keys: Self.archetypeKeys, into: &d,
        { (name: String, g: MergedFieldsReader, d: inout Diagnostics) -> ((Double) -> PopulationSpec.Archetype)? in
          guard
            let range = g.required("calls_per_day", what: "[low, high] calls per day", into: &d)?
              .pair(in: 0...Double(Limits.callsPerCustomerDay), into: &d)
          else { return nil }
          return { share in PopulationSpec.Archetype(name: name, share: share, callsPerDay: range) }
        })
    {
      pop.archetypes = list
    }
    if let n = f["tiers"],
      let list = shares(
        n, what: "tier", group: "scenarios.\(name).tiers", keys: Self.tierKeys, into: &d,
        { (name: String, g: MergedFieldsReader, d: inout Diagnostics) -> ((Double) -> PopulationSpec.Tier)? in
          guard let fee = g.required("fee", what: "the monthly fee in dollars", into: &d)?.money(into: &d) else {
            return nil
          }
          let included = g["included_calls"]?.int(in: 0...1_000_000_000, into: &d)
          return { share in PopulationSpec.Tier(name: name, fee: fee, share: share, includedCalls: included) }
        })
    {
      if list.count > Limits.tiers {
        n.origin.error("scenario '\(name)' has \(list.count) tiers; expected at most \(Limits.tiers)", into: &d)
      }
      pop.tiers = list
    }
    if let n = f["regions"],
      let list = shares(
        n, what: "region", group: "scenarios.\(name).regions", keys: Self.regionKeys, into: &d,
        { (name: String, g: MergedFieldsReader, d: inout Diagnostics) -> ((Double) -> PopulationSpec.Region)? in
          guard
            let offset = g.required("utc_offset", what: "the UTC offset in hours", into: &d)?.int(
              in: -12...14, into: &d)
          else { return nil }
          return { share in PopulationSpec.Region(name: name, utcOffset: offset, share: share) }
        })
    {
      if list.count > Limits.regions {
        n.origin.error("scenario '\(name)' has \(list.count) regions; expected at most \(Limits.regions)", into: &d)
      }
      pop.regions = list
    }
  }

  /// The `features:` mapping: each feature's popularity and task weights (which must not all be 0).
  private func decodeFeatures(_ n: MergedNode, name: String, into d: inout Diagnostics) -> [PopulationSpec.Feature]? {
    guard let entries = n.named(what: "mapping of features", into: &d) else { return nil }
    var features: [PopulationSpec.Feature] = []
    for e in entries {
      guard let g = e.value.fields(allowed: Self.featureKeys, what: "feature", into: &d) else { continue }
      let popularity = g["popularity"]?.scalar(what: "a weight", into: &d)?.double(in: 0...1_000, into: &d) ?? 1
      var tasks: [TaskType: Double] = [:]
      if let t = g["tasks"]?.fields(allowed: TaskType.all.map(\.rawValue), what: "task weights", into: &d) {
        for te in t.entries {
          if let w = te.value.scalar(what: "a weight", into: &d)?.double(in: 0...1_000, into: &d),
            let task = TaskType(rawValue: te.key)
          {
            tasks[task] = w
          }
        }
      }
      if tasks.values.reduce(0, +) <= 0 {
        e.keyNode.error("feature '\(e.key)' has no task weights; expected e.g. tasks: {chat: 1}", into: &d)
      }
      features.append(PopulationSpec.Feature(name: e.key, popularity: popularity, tasks: tasks))
    }
    if features.count > Limits.features {
      n.origin.error(
        "scenario '\(name)' has \(features.count) features; expected at most \(Limits.features)", into: &d)
    }
    return features
  }

  /// The default token profiles with the `tokens:` overrides per task type applied.
  private func decodeTokens(_ n: MergedNode, into d: inout Diagnostics) -> [TokenProfile] {
    var tokens = TokenProfile.defaults
    guard let t = n.fields(allowed: TaskType.all.map(\.rawValue), what: "token profiles", into: &d) else {
      return tokens
    }
    for e in t.entries {
      guard let task = TaskType(rawValue: e.key),
        let g = e.value.fields(allowed: Self.tokenKeys, what: "token profile", into: &d)
      else { continue }
      var p = tokens[task.index]
      p.inputMedian =
        g["input_median"]?.scalar(what: "tokens", into: &d)?.double(in: 1...10_000_000, into: &d) ?? p.inputMedian
      p.inputSigma = g["input_sigma"]?.scalar(what: "a σ", into: &d)?.double(in: 0...3, into: &d) ?? p.inputSigma
      p.outputMedian =
        g["output_median"]?.scalar(what: "tokens", into: &d)?.double(in: 1...1_000_000, into: &d) ?? p.outputMedian
      p.outputSigma = g["output_sigma"]?.scalar(what: "a σ", into: &d)?.double(in: 0...3, into: &d) ?? p.outputSigma
      p.cachedShare =
        g["cached_share"]?.scalar(what: "a share", into: &d)?.double(in: 0...0.95, into: &d) ?? p.cachedShare
      tokens[task.index] = p
    }
    return tokens
  }

  /// How to change shares that must sum to 1: several at once, or one with the others scaled.
  static func sharesHint(group: String, names: [String], field: String) -> String {
    let first = names.first.map { "\(group).\($0)\(field)" } ?? group
    return "change shares together (set \(names.prefix(2).map { "\(group).\($0)\(field)=…" }.joined(separator: " "))), "
      + "or let the others keep their proportions (rebalance \(first) VALUE)"
  }

  /// A mapping of named groups with `share`s that must sum to 1.
  private func shares<T>(
    _ node: MergedNode, what: String, group: String, keys: [String], into d: inout Diagnostics,
    _ make: (String, MergedFieldsReader, inout Diagnostics) -> ((Double) -> T)?
  ) -> [T]? {
    guard let entries = node.named(what: "mapping of \(what)s", into: &d) else { return nil }
    var result: [T] = []
    var total = 0.0
    for e in entries {
      guard let g = e.value.fields(allowed: keys, what: what, into: &d) else { continue }
      let reader = MergedFieldsReader(fields: g)
      guard
        let share = reader.required("share", what: "a share between 0 and 1", into: &d)?.double(in: 0...1, into: &d),
        let build = make(e.key, reader, &d)
      else { continue }
      total += share
      result.append(build(share))
    }
    if !entries.isEmpty, abs(total - 1) > 0.001, result.count == entries.count {
      node.origin.error(
        "\(what) shares sum to \(rounded(total)); expected 1",
        hint: Self.sharesHint(group: group, names: entries.map(\.key), field: ".share"), into: &d)
      return nil
    }
    return result.count == entries.count ? result : nil
  }

  private func decodeMix(_ node: MergedNode, scenarioName: String, catalog: ModelCatalog, into d: inout Diagnostics)
    -> ProviderMix?
  {
    guard let f = node.fields(allowed: Self.mixKeys, what: "mix", into: &d) else { return nil }
    var mix = ProviderMix(providerShares: [:])
    if let providersNode = f["providers"], let p = providersNode.named(what: "mapping of provider shares", into: &d) {
      mix.providerShares = decodeProviderShares(
        p, at: providersNode, scenarioName: scenarioName, catalog: catalog, into: &d)
    } else {
      mix.providerShares = ProviderMix.marketWeighted.providerShares
    }
    if let m = f["models"]?.named(what: "mapping of model weights", into: &d) {
      for e in m {
        guard isKnownModel(e, in: catalog, into: &d) else { continue }
        if let w = e.value.scalar(what: "a weight", into: &d)?.double(in: 0...1_000_000, into: &d) {
          mix.modelWeights[e.key] = w
        }
      }
    }
    if let a = f["task_affinity"]?.scalar(what: "a number", into: &d)?.double(in: 0...4, into: &d) {
      mix.taskAffinity = a
    }
    if let tasks = f["by_task"]?.fields(
      allowed: TaskType.all.map(\.rawValue), what: "model weights per task type", into: &d)
    {
      for e in tasks.entries {
        for m in e.value.named(what: "mapping of model weights", into: &d) ?? [] {
          guard isKnownModel(m, in: catalog, into: &d) else { continue }
          if let w = m.value.scalar(what: "a weight", into: &d)?.double(in: 0...1e12, into: &d) {
            mix.byTask[e.key, default: [:]][m.key] = w
          }
        }
      }
    }
    return mix
  }

  /// The `mix.providers` shares, by provider key; the catalog's providers only, summing to 1.
  private func decodeProviderShares(
    _ entries: [MergedNode.MergedEntry], at node: MergedNode, scenarioName: String, catalog: ModelCatalog,
    into d: inout Diagnostics
  ) -> [String: Double] {
    let providers = Array(Set(catalog.models.map(\.providerKey))).sorted()
    var shares: [String: Double] = [:]
    var total = 0.0
    for e in entries {
      guard providers.contains(e.key) else {
        e.keyNode.error(
          "unknown provider '\(e.key)'; expected one of: \(providers.joined(separator: ", "))",
          hint: Suggestion.nearest(to: e.key, in: providers).map { "did you mean '\($0)'?" }, into: &d)
        continue
      }
      if let s = e.value.scalar(what: "a share", into: &d)?.double(in: 0...1, into: &d) {
        shares[e.key] = s
        total += s
      }
    }
    if !entries.isEmpty, abs(total - 1) > 0.001 {
      node.origin.error(
        "provider shares sum to \(rounded(total)); expected 1",
        hint: Self.sharesHint(
          group: "scenarios.\(scenarioName).mix.providers", names: entries.map(\.key), field: ""),
        into: &d)
    }
    return shares
  }

  /// Whether the entry's key is a model of the catalog; reports it (with the nearest id) when not.
  private func isKnownModel(_ e: MergedNode.MergedEntry, in catalog: ModelCatalog, into d: inout Diagnostics) -> Bool {
    guard catalog.model(e.key) == nil else { return true }
    e.keyNode.error(
      "unknown model '\(e.key)' in catalog '\(catalog.name)'; expected provider/model",
      hint: Suggestion.nearest(to: e.key, in: catalog.modelIDs).map { "did you mean '\($0)'?" }, into: &d)
    return false
  }
}

/// Typed access to the leaves of merged fields.
struct MergedFieldsReader {
  let fields: MergedFields
  subscript(key: String) -> YAMLValue? { fields[key]?.value }
  func required(_ key: String, what: String, into d: inout Diagnostics) -> YAMLValue? {
    if let v = fields[key] { return v.value }
    fields.owner.error("missing key '\(key)'; expected \(what)", into: &d)
    return nil
  }
}

func rounded(_ x: Double) -> String {
  let s = String(format: "%.4f", x)
  var t = s
  while t.hasSuffix("0") { t.removeLast() }
  if t.hasSuffix(".") { t.removeLast() }
  return t
}
