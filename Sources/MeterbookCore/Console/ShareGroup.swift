import Foundation

/// A group of shares that sums to 1 (archetypes, tiers, regions, provider mix) and how
/// setting one of them scales the others.
struct ShareGroup {
  /// The path of the group, for example, `scenarios.baseline.archetypes`.
  var group: [String]
  /// The suffix after each member's name (`share`, or nothing for provider shares).
  var field: [String]
  var members: [(name: String, share: Double)]
  var target: String

  init(path: String, in workbook: Workbook) throws {
    let p = Override.components(of: path)
    let usage =
      "expected scenarios.S.archetypes.NAME.share, scenarios.S.tiers.NAME.share, scenarios.S.regions.NAME.share or scenarios.S.mix.providers.NAME"
    guard p.count >= 4, p[0] == "scenarios" else { throw ConsoleError("'\(path)' is not a share; \(usage)") }
    guard let scenario = workbook.scenario(p[1]) else {
      let names = workbook.scenarios.map(\.name)
      throw ConsoleError("unknown scenario '\(p[1])'; expected one of: \(names.joined(separator: ", "))")
    }
    let pop = scenario.population
    switch (p.count, p[2], p.last) {
    case (5, "archetypes", "share"): members = pop.archetypes.map { ($0.name, $0.share) }
    case (5, "tiers", "share"): members = pop.tiers.map { ($0.name, $0.share) }
    case (5, "regions", "share"): members = pop.regions.map { ($0.name, $0.share) }
    case (5, "mix", _) where p[3] == "providers":
      members = scenario.mix.providerShares.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    default: throw ConsoleError("'\(path)' is not a share; \(usage)")
    }
    let isMix = p[2] == "mix"
    group = isMix ? Array(p[0...3]) : Array(p[0...2])
    field = isMix ? [] : ["share"]
    target = isMix ? p[4] : p[3]
    guard members.contains(where: { $0.name == target }) else {
      let names = members.map(\.name)
      throw ConsoleError(
        "'\(group.joined(separator: "."))' has no '\(target)'; expected one of: \(names.joined(separator: ", "))"
          + (Suggestion.nearest(to: target, in: names).map { "; did you mean '\($0)'?" } ?? ""))
    }
  }

  /// Overrides that set `target` to `value` and scale the other members so the group sums to 1.
  func rebalanced(to value: Double) throws -> [Override] {
    guard (0...1).contains(value) else { throw ConsoleError("a share is between 0 and 1; got \(value)") }
    let others = members.filter { $0.name != target }
    let rest = others.reduce(0) { $0 + $1.share }
    guard rest > 0 || value == 1 || others.isEmpty else {
      throw ConsoleError(
        "the other shares of \(group.joined(separator: ".")) are all 0, so there is nothing to scale; set them together instead"
      )
    }
    let scale = rest > 0 ? (1 - value) / rest : 0
    return [override(target, value)] + others.map { override($0.name, $0.share * scale) }
  }

  private func override(_ name: String, _ share: Double) -> Override {
    // Twelve significant digits: exact enough that the group sums to 1 within the loader's check.
    let text = String(format: "%.12g", share)
    return Override(path: group + [name] + field, value: text)
  }
}
