import Foundation
import Yams

extension WorkbookLoader {
  /// The scenario name of a workbook made by `load(usage:map:plans:)`.
  public static let usageScenario = "usage"

  /// A workbook that compares plans on a usage CSV without one being written
  /// (`meterbook compare usage.csv --map litellm --plans plans.yaml`): one data scenario,
  /// `usage`, over the file, the plans of `plans`, and one cell comparing them all.
  ///
  /// `plans` holds `plans:` in workbook syntax and may map customers to tiers with a
  /// top-level `customer_tiers:`; a whole workbook works too (only its plans are taken).
  /// Problems in it are located in it; a CSV that cannot be read is reported at `file`, an
  /// unknown preset at `--map`.
  public func load(usage file: String, map: String?, plans source: YAMLSource) throws(DiagnosticsError) -> Workbook {
    var d = Diagnostics()
    guard let node = source.root else {
      throw DiagnosticsError(source.diagnostic(at: nil, "the plans file is empty; expected plans: {NAME: {fee: …}}"))
    }
    let root = YAMLValue(node: node, source: source, path: "")
    guard let top = MergedNode(root).fields(allowed: Self.topKeys + ["customer_tiers"], what: "plans file", into: &d)
    else { throw DiagnosticsError(d) }
    guard top["plans"] != nil else {
      root.error(
        "'\(source.path)' has no plans:; expected plans: {NAME: {fee: …, charges: […]}}",
        hint: "a plans file holds plans: as a workbook does; a workbook file works too", into: &d)
      throw DiagnosticsError(d)
    }
    var data: [MergedNode.MergedEntry] = []
    func leaf(_ key: String, _ text: String, shownAs path: String) {
      // An empty document named after where the text came from: problems point there.
      let value = YAMLValue(node: Node(text), source: (try? YAMLSource(text: "", path: path)) ?? source, path: key)
      data.append(.init(key: key, keyNode: value, value: .leaf(value)))
    }
    leaf("file", file, shownAs: file)
    if let map { leaf("map", map, shownAs: "--map") }
    if let tiers = top.entries.last(where: { $0.key == "customer_tiers" }) { data.append(tiers) }
    var decoder = DataDecoder(
      library: library, directory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
      planTiers: Self.planTiers(top), cache: imports, budget: budget)
    decoder.directoryName = "the current folder"
    let catalog = try library.catalog()
    let scenarioDecoder = ScenarioDecoder(library: library, catalogs: { _, _, _ in catalog }, data: decoder)
    let scenarioNode = MergedNode.mapping(
      entries: [.init(key: "data", keyNode: root, value: .mapping(entries: data, at: root))], at: root)
    let scenario = scenarioDecoder.decode(
      name: Self.usageScenario, scenarioNode, seed: 42, start: CalendarDay(year: 2026, month: 1, day: 1), days: 30,
      into: &d)
    var tiers = Set(scenario?.population.tiers.map(\.name) ?? [])
    let planTiers = Self.planTiers(top)
    if tiers == ["unknown"], !planTiers.isEmpty, top["customer_tiers"] == nil {
      // The calls carry no tier: say how to give them one, once, rather than at every fee.
      root.error(
        "the plans bill by tier (\(planTiers.sorted().joined(separator: ", "))) but the calls in '\(file)' carry none; "
          + "expected customer_tiers: beside plans:",
        hint: "add customer_tiers: {CUSTOMER: TIER, \"*\": TIER} to '\(source.path)'", into: &d)
      tiers = []
    }
    let (names, plans) = decodePlans(top, tierNames: tiers, into: &d)
    guard d.isEmpty, let scenario else { throw DiagnosticsError(Self.withoutLines(d, of: source.path)) }
    let cell = Cell(
      id: "compare-" + names.joined(separator: "-"), kind: .compare(plans: names, scenario: Self.usageScenario),
      location: root.location)
    return Workbook(
      path: source.path, title: "Plans on \(file)", seed: 42, uncertainty: Uncertainty(), start: scenario.start,
      days: scenario.days, scenarios: [scenario], plans: plans, budgets: [], costCenters: [], alerts: [],
      assumptions: ActionAssumptions(), cells: [cell], overrides: [])
  }

  /// `d` with no source line shown for problems located outside `file` (at the CSV or at
  /// `--map`, which are command-line words, not lines of a file).
  private static func withoutLines(_ d: Diagnostics, of file: String) -> Diagnostics {
    var out = Diagnostics()
    for var item in d.items {
      if item.location.file != file { item.sourceLine = nil }
      out.append(item)
    }
    return out
  }
}
