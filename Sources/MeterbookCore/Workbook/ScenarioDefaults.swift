/// The bottom layer of every scenario: the built-in defaults written out as YAML, so a
/// `--set` can reach any default (`scenarios.s.archetypes.heavy.share=0.2`) and a scenario
/// that names nothing still gets the standard population and mix.
///
/// Generated from the
/// same constants the simulator uses, so there is one source of truth.
enum ScenarioDefaults {
  static let path = "<built-in defaults>"

  static var yaml: String {
    func money(_ m: Money) -> String { m.decimalString(places: 2) }
    var lines = [
      "catalog: \(ScenarioLibrary.defaultCatalog)", "customers: 100", "organization_skew: 1.1", "archetypes:",
    ]
    for a in PopulationSpec.defaultArchetypes {
      lines.append(
        "  \(a.name): {share: \(a.share), calls_per_day: [\(a.callsPerDay.lowerBound), \(a.callsPerDay.upperBound)]}")
    }
    lines.append("tiers:")
    for t in PopulationSpec.defaultTiers {
      lines.append(
        "  \(t.name): {fee: \(money(t.fee)), share: \(t.share)\(t.includedCalls.map { ", included_calls: \($0)" } ?? "")}"
      )
    }
    lines.append("regions:")
    for r in PopulationSpec.defaultRegions {
      lines.append("  \(r.name): {utc_offset: \(r.utcOffset), share: \(r.share)}")
    }
    lines.append("features:")
    for f in PopulationSpec.defaultFeatures {
      let tasks = TaskType.all.filter { f.tasks[$0.index] > 0 }.map { "\($0.rawValue): \(f.tasks[$0.index])" }
      lines.append("  \(f.name): {popularity: \(f.popularity), tasks: {\(tasks.joined(separator: ", "))}}")
    }
    lines.append("products: [\(PopulationSpec.defaultProducts.joined(separator: ", "))]")
    let shares = ProviderMix.marketWeighted.providerShares.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
    lines.append("mix:")
    lines.append("  providers: {\(shares.map { "\($0.key): \($0.value)" }.joined(separator: ", "))}")
    lines.append("  task_affinity: \(ProviderMix.marketWeighted.taskAffinity)")
    return lines.joined(separator: "\n") + "\n"
  }

  /// The defaults as a merge layer.
  static func layer() -> MergedNode? {
    guard let source = try? YAMLSource(text: yaml, path: path), let root = source.root else { return nil }
    return MergedNode(YAMLValue(node: root, source: source, path: ""))
  }
}
