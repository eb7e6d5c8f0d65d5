import Foundation
import Yams

/// Loads a workbook: parses it defensively, applies overrides, resolves `use` pieces and
/// `extends` chains, validates every section, and reports all problems at once, each at its
/// file, line and column (pieces' problems point into the piece's file).
///
/// ```swift
/// let loader = WorkbookLoader(library: try ScenarioLibrary.locate())
/// let workbook = try loader.load(contentsOf: URL(fileURLWithPath: "workbooks/pricing-whatif.yaml"))
/// ```
public struct WorkbookLoader {
  public static let topKeys =
    [
      "title", "seed", "seeds", "interval", "tolerance", "period", "scenarios", "plans", "budgets", "cost_centers",
      "alerts",
      "assumptions", "cells",
    ] + currencyKeys + ["horizon"]
  static let alertKeys = ["metric", "window", "scope", "threshold"]
  static let periodKeys = ["start", "days"]
  static let budgetKeys = ["scope", "amount", "thresholds"]
  static let assumptionKeys = [
    "migration_cost", "max_payback_months", "sla_p95_ms", "quality_tolerance", "target_markup", "observed_calls",
  ]

  public let library: ScenarioLibrary
  /// The usage CSVs data scenarios imported, kept across the reloads of one loader.
  let imports = UsageDataCache()
  /// The memory a data scenario's calls may take: a file past it is kept as sums
  /// (`UsageData.Content.sums`).
  public var budget = MemoryBudget.current
  public init(library: ScenarioLibrary) { self.library = library }

  public func load(contentsOf url: URL, displayPath: String? = nil, overrides: [Override] = [])
    throws(DiagnosticsError) -> Workbook
  {
    let source = try YAMLSource(contentsOf: url, displayPath: displayPath)
    return try load(source, overrides: overrides)
  }

  public func load(_ source: YAMLSource, overrides: [Override] = []) throws(DiagnosticsError) -> Workbook {
    var d = Diagnostics()
    guard let node = source.root else {
      throw DiagnosticsError(source.diagnostic(at: nil, "workbook is empty; expected title, scenarios and cells"))
    }
    let (document, scenarioOverrides) = edited(YAMLValue(node: node, source: source, path: ""), overrides, into: &d)
    let root = MergedNode(document)
    guard let top = root.fields(allowed: Self.topKeys, what: "workbook", into: &d) else { throw DiagnosticsError(d) }
    let title = top["title"]?.scalar(what: "a title", into: &d)?.string(into: &d) ?? source.path
    let seed = top["seed"]?.scalar(what: "a seed", into: &d)?.int(in: 0...Int.max, into: &d).map(UInt64.init) ?? 42
    let uncertainty = decodeUncertainty(top, into: &d)
    let (start, days) = decodePeriod(top, into: &d)
    let data = DataDecoder(
      library: library, directory: URL(fileURLWithPath: source.path).deletingLastPathComponent(),
      planTiers: Self.planTiers(top), cache: imports, budget: budget)
    let (scenarioNames, decoded) = decodeScenarios(
      top, edits: scenarioOverrides, data: data, seed: seed, start: start, days: days, into: &d)
    let (planNames, plans) = decodePlans(
      top, tierNames: Set(decoded.flatMap { $0.population.tiers.map(\.name) }),
      archetypeNames: Set(decoded.flatMap { $0.population.archetypes.map(\.name) }), into: &d)
    if let current = plans.first { refuseTierFeeOverrides(overrides, currentPlan: current, into: &d) }
    var budgets: [Budget] = []
    if let b = top["budgets"]?.named(what: "mapping of budgets", into: &d) {
      for e in b { if let budget = decodeBudget(e.key, e.value.value, into: &d) { budgets.append(budget) } }
    }
    let costCenters = decodeCostCenters(top, into: &d)
    let alerts = decodeAlerts(top, into: &d)
    let assumptions = top["assumptions"].map { decodeAssumptions($0.value, into: &d) } ?? ActionAssumptions()
    var cells: [Cell] = []
    if let c = top["cells"]?.items(what: "a list of cells", into: &d) {
      var catalogOf: [String: ModelCatalog] = [:]
      for s in decoded { catalogOf[s.name] = s.catalog }
      let cellDecoder = CellDecoder(scenarios: scenarioNames, plans: planNames, catalogs: catalogOf)
      cells = cellDecoder.decode(c, into: &d)
    }
    let money = decodeMoney(top, plans: plans, start: start, into: &d)
    var scenarios = decoded
    for i in scenarios.indices {
      scenarios[i].usageGrain = money.grain(for: plans, period: scenarios[i].period)
    }
    let horizon = decodeHorizon(top, scenarios: scenarios, plans: planNames, into: &d)
    guard d.isEmpty else { throw DiagnosticsError(d) }
    var workbook = Workbook(
      path: source.path, title: title, seed: seed, uncertainty: uncertainty, start: start, days: days,
      scenarios: scenarios, plans: plans,
      budgets: budgets, costCenters: costCenters, alerts: alerts, assumptions: assumptions, cells: cells,
      overrides: overrides)
    workbook.money = money
    workbook.horizon = horizon
    return workbook
  }

  /// `seeds:` (how many seeds each scenario runs under, 1 by default), `interval:` (the
  /// share of the seeds a band spans, 0.9 by default) and `tolerance:` (the share of seeds a
  /// runner-up may win before a comparison declines to recommend, 0.1 by default).
  private func decodeUncertainty(_ top: MergedFields, into d: inout Diagnostics) -> Uncertainty {
    var u = Uncertainty()
    if let n = top["seeds"]?.scalar(what: "a number of seeds", into: &d)?.int(in: 1...Uncertainty.maxSeeds, into: &d) {
      u.seeds = n
    }
    if let i = top["interval"]?.scalar(what: "an interval", into: &d)?.double(in: Uncertainty.intervals, into: &d) {
      u.interval = i
    }
    if let t = top["tolerance"]?.scalar(what: "a tolerance", into: &d)?.double(in: Uncertainty.tolerances, into: &d) {
      u.tolerance = t
    }
    return u
  }

  /// The `period:` start and length (2026-01-01 and 30 days by default), which must lie within the
  /// years a timestamp can hold.
  private func decodePeriod(_ top: MergedFields, into d: inout Diagnostics) -> (CalendarDay, Int) {
    var start = CalendarDay(year: 2026, month: 1, day: 1)
    var days = 30
    guard let p = top["period"]?.fields(allowed: Self.periodKeys, what: "period", into: &d) else {
      return (start, days)
    }
    let startValue = p["start"]
    start = startValue?.scalar(what: "a date", into: &d)?.date(into: &d) ?? start
    days = p["days"]?.scalar(what: "a number of days", into: &d)?.int(in: 1...Limits.days, into: &d) ?? days
    let first = CalendarDay(daysSinceEpoch: Int(Limits.earliestTimestamp / 86_400))
    let last = CalendarDay(daysSinceEpoch: Int(Limits.latestTimestamp / 86_400))
    if start < first || start.adding(days: days - 1) > last {
      (startValue?.value ?? p.owner).error(
        "period \(start) + \(days) days ends \(start.adding(days: days - 1)); expected days between \(first) and \(last)",
        hint: "choose a start date between 1970 and 2199", into: &d)
    }
    return (start, days)
  }

  /// The names under `scenarios:` in file order, and each scenario resolved (pieces, parents,
  /// overrides in `edits`) and decoded; a scenario with problems is left out, its problems in `d`.
  private func decodeScenarios(
    _ top: MergedFields, edits: [String: [OverrideEdit]], data: DataDecoder, seed: UInt64, start: CalendarDay,
    days: Int, into d: inout Diagnostics
  ) -> ([String], [Scenario]) {
    var resolver = ScenarioResolver(library: library, raw: [:])
    resolver.edits = edits
    var scenarioNames: [String] = []
    if let s = top["scenarios"]?.named(what: "mapping of scenarios", into: &d) {
      for e in s {
        resolver.raw[e.key] = e
        scenarioNames.append(e.key)
      }
    }
    let decoder = ScenarioDecoder(library: library, catalogs: catalogLoader(), data: data)
    for (name, edits) in edits.sorted(by: { $0.key < $1.key }) where resolver.raw[name] == nil {
      d.append(
        Diagnostic(
          location: Self.location(of: edits[0].shown),
          message: "unknown scenario '\(name)'; expected one of: \(scenarioNames.joined(separator: ", "))",
          hint: Suggestion.nearest(to: name, in: scenarioNames).map { "did you mean '\($0)'?" }))
    }
    resolver.refuseDeepChains(scenarioNames, into: &d)
    var scenarios: [Scenario] = []
    for name in scenarioNames {
      guard let merged = resolver.resolve(name, into: &d) else { continue }
      guard
        let scenario = decoder.decode(name: name, merged, seed: seed, start: start, days: days, into: &d)
      else { continue }
      scenarios.append(scenario)
    }
    return (scenarioNames, scenarios)
  }

  /// Reads the catalogs scenarios name, each file once per load; an unknown name is a located error.
  private func catalogLoader() -> (String, YAMLValue?, inout Diagnostics) -> ModelCatalog? {
    var catalogs: [String: ModelCatalog] = [:]
    let library = library
    return { name, at, d in
      if let c = catalogs[name] { return c }
      guard name.hasPrefix("catalog/"), FileManager.default.fileExists(atPath: library.url(of: name).path) else {
        let known = library.pieces(in: "catalog")
        at?.error(
          "unknown catalog '\(name)'; expected one of: \(known.joined(separator: ", "))",
          hint: Suggestion.nearest(to: name, in: known).map { "did you mean '\($0)'?" }, into: &d)
        return nil
      }
      do throws(DiagnosticsError) {
        let c = try library.catalog(name)
        catalogs[name] = c
        return c
      } catch {
        d.append(contentsOf: error.diagnostics)
        return nil
      }
    }
  }

  /// The tiers the plans name, read before anything is decoded (a data scenario's
  /// `customer_tiers` must map customers to them): each plan's fee keys and `tiers:` keys.
  static func planTiers(_ top: MergedFields) -> Set<String> {
    guard case .mapping(let plans, _)? = top["plans"] else { return [] }
    var tiers: Set<String> = []
    for plan in plans {
      guard case .mapping(let keys, _) = plan.value else { continue }
      for key in keys where key.key == "fee" || key.key == "tiers" {
        if case .mapping(let named, _) = key.value { tiers.formUnion(named.map(\.key).filter { $0 != "*" }) }
      }
    }
    return tiers
  }

  /// The names under `plans:` in file order, and the plans that decode.
  func decodePlans(
    _ top: MergedFields, tierNames: Set<String>, archetypeNames: Set<String> = [], into d: inout Diagnostics
  ) -> ([String], [Plan]) {
    guard let p = top["plans"]?.named(what: "mapping of plans", into: &d) else { return ([], []) }
    var plans: [Plan] = []
    var planDecoder = PlanDecoder(tierNames: tierNames)
    planDecoder.archetypeNames = archetypeNames
    for e in p { if let plan = planDecoder.decode(name: e.key, e.value.value, into: &d) { plans.append(plan) } }
    checkTierPlans(plans, entries: p, into: &d)
    return (p.map(\.key), plans)
  }

  /// One price, one place: with plans, subscription prices are the plans' fees, so an override of
  /// a scenario's tier fee would change nothing and is reported, pointing at the plan's fee.
  private func refuseTierFeeOverrides(_ overrides: [Override], currentPlan current: Plan, into d: inout Diagnostics) {
    for o in overrides
    where o.path.count == 5 && o.path[0] == "scenarios" && o.path[2] == "tiers" && o.path[4] == "fee" {
      d.append(
        Diagnostic(
          location: Self.location(of: o),
          message:
            "'\(o.dotted)' would change nothing: this workbook bills subscriptions with its plans' fees, not the scenario's tier fees",
          hint:
            "set plans.\(current.name).fee.\(o.path[3]) \(o.value.isEmpty ? "AMOUNT" : o.value) (the current plan is '\(current.name)', the first under plans:)"
        ))
    }
  }

  /// The `cost_centers:` tree, business unit → team → project → selector, flattened to projects.
  private func decodeCostCenters(_ top: MergedFields, into d: inout Diagnostics) -> [CostCenter] {
    guard let units = top["cost_centers"]?.value.mapping(what: "mapping of business units", into: &d) else {
      return []
    }
    var costCenters: [CostCenter] = []
    for (unit, teams) in units {
      for (team, projects) in teams.mapping(what: "mapping of teams", into: &d) ?? [] {
        for (project, selector) in projects.mapping(what: "mapping of projects", into: &d) ?? [] {
          guard let fields = selector.mapping(allowed: CostCenter.dimensions, what: "project selector", into: &d)
          else { continue }
          if fields.isEmpty {
            selector.error("project '\(project)' selects nothing; expected e.g. {product: assistant}", into: &d)
          }
          var sel: [String: String] = [:]
          for (k, v) in fields { if let s = v.string(into: &d) { sel[k] = s } }
          costCenters.append(CostCenter(businessUnit: unit, team: team, project: project, selector: sel))
        }
      }
    }
    return costCenters
  }

  /// The `alerts:` rules; a rule missing its metric or threshold is reported and left out.
  private func decodeAlerts(_ top: MergedFields, into d: inout Diagnostics) -> [AlertRule] {
    guard let a = top["alerts"]?.named(what: "mapping of alert rules", into: &d) else { return [] }
    var alerts: [AlertRule] = []
    for e in a {
      guard let f = e.value.value.fields(allowed: Self.alertKeys, what: "alert rule", into: &d),
        let metric = f.required("metric", what: "what is measured", into: &d)?.choice(
          AlertRule.metrics, what: "metric", into: &d),
        let threshold = f.required("threshold", what: "the value that raises the alert", into: &d)?.double(
          in: 0...1e12, into: &d)
      else { continue }
      let window = f["window"]?.choice(AlertRule.windows, what: "window", into: &d) ?? "day"
      let scope = f["scope"]?.choice(AlertRule.scopes, what: "scope", into: &d) ?? "all"
      alerts.append(AlertRule(name: e.key, metric: metric, window: window, scope: scope, threshold: threshold))
    }
    return alerts
  }

  /// Each `tiers: {TIER: PLAN}` must name a plan of the workbook that bills by itself: the
  /// engine resolves one level, so a plan it points to may not point on (which also rules
  /// out cycles such as a → b → a, which would bill nothing).
  private func checkTierPlans(_ plans: [Plan], entries: [MergedNode.MergedEntry], into d: inout Diagnostics) {
    let byName = Dictionary(plans.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    for plan in plans {
      guard let entry = entries.first(where: { $0.key == plan.name }) else { continue }
      let planValue = entry.value.value
      var located: [String: YAMLValue] = [:]
      if case .mapping(let m) = planValue.node, let t = m.first(where: { $0.key.string == "tiers" }) {
        let tiersValue = planValue.child(t.value, "tiers")
        if case .mapping(let tm) = t.value {
          for (k, v) in tm { if let key = k.string { located[key] = tiersValue.child(v, key) } }
        }
      }
      for (tier, other) in plan.perTier.sorted(by: { $0.key < $1.key }) {
        let at = located[tier] ?? planValue
        guard let target = byName[other] else {
          at.error(
            "plan '\(plan.name)' uses unknown plan '\(other)' for tier '\(tier)'; expected a plan of this workbook",
            hint: Suggestion.nearest(to: other, in: byName.keys).map { "did you mean '\($0)'?" }, into: &d)
          continue
        }
        guard other != plan.name, !target.perTier.isEmpty else { continue }
        var chain = [plan.name, other]
        var next = target.perTier[tier] ?? target.perTier.values.sorted().first
        while let n = next, !chain.contains(n), chain.count <= plans.count {
          chain.append(n)
          next = byName[n].flatMap { $0.perTier[tier] ?? $0.perTier.values.sorted().first }
        }
        if let n = next, chain.contains(n) { chain.append(n) }
        let cycle = chain.count > 2 && chain.last.map { chain.dropLast().contains($0) } == true
        at.error(
          "plan '\(plan.name)' bills tier '\(tier)' with plan '\(other)', which itself bills tiers with other plans"
            + (cycle ? " (a cycle: \(chain.joined(separator: " → ")))" : "")
            + "; expected a plan without tiers",
          hint: "point tier '\(tier)' at a plan that bills by itself", into: &d)
      }
    }
  }

  /// The document with the overrides that edit it applied in order, and each scenario's
  /// overrides, which apply after its pieces and parents are resolved.
  private func edited(_ document: YAMLValue, _ overrides: [Override], into d: inout Diagnostics)
    -> (YAMLValue, [String: [OverrideEdit]])
  {
    var document = document
    var scenarioOverrides: [String: [OverrideEdit]] = [:]
    for o in overrides {
      guard o.path.count <= Limits.overridePath else {
        let shown = o.path.prefix(4).joined(separator: ".")
        d.append(
          Diagnostic(
            location: SourceLocation(file: "--set \(shown)…", line: 1, column: 1),
            message: "override path has \(o.path.count) components; expected at most \(Limits.overridePath)"))
        continue
      }
      guard let edit = overrideEdit(o, into: &d) else { continue }
      if o.path.count > 2, o.path[0] == "scenarios" {
        scenarioOverrides[o.path[1], default: []].append(edit)
        continue
      }
      do throws(OverrideEdit.Failure) {
        document = try document.applying(edit, at: o.path[...])
      } catch {
        d.append(Self.diagnostic(error, for: o))
      }
    }
    return (document, scenarioOverrides)
  }

  /// The workbook with `overrides` written into it, as a YAML tree that loads to the same
  /// workbook: edits of the file's own values in place, and each overridden key of a
  /// scenario written out whole (as resolved from its pieces and parents, then edited), since
  /// a scenario's own key replaces the inherited one.
  ///
  /// What `save` writes.
  public func baked(_ source: YAMLSource, overrides: [Override]) throws(DiagnosticsError) -> Node {
    _ = try load(source, overrides: overrides)
    var d = Diagnostics()
    guard let node = source.root else { throw DiagnosticsError(source.diagnostic(at: nil, "workbook is empty")) }
    var (document, scenarioOverrides) = edited(YAMLValue(node: node, source: source, path: ""), overrides, into: &d)
    var resolver = ScenarioResolver(library: library, raw: [:])
    resolver.edits = scenarioOverrides
    if case .mapping(let top, _) = MergedNode(document), let s = top.last(where: { $0.key == "scenarios" }),
      case .mapping(let entries, _) = s.value
    {
      for e in entries { resolver.raw[e.key] = e }
    }
    for (name, edits) in scenarioOverrides.sorted(by: { $0.key < $1.key }) {
      guard let merged = resolver.resolve(name, into: &d) else { continue }
      guard case .mapping(let resolved, _) = merged else { continue }
      var written: Set<String> = []
      for edit in edits where written.insert(edit.shown.path[2]).inserted {
        let key = edit.shown.path[2]
        // `key+:` in the scenario's own keys is already part of the resolved value.
        let own = document.node.mapping?["scenarios"]?.mapping?[name]?.mapping
        if own?[key + "+"] != nil { document = Self.removing(["scenarios", name, key + "+"], from: document) }
        guard let value = resolved.last(where: { $0.key == key })?.value else {
          document = Self.removing(["scenarios", name, key], from: document)
          continue
        }
        let whole = Override(path: ["scenarios", name, key], value: "")
        let entry = YAMLValue(node: value.materialized, source: source, path: whole.dotted)
        do throws(OverrideEdit.Failure) {
          document = try document.applying(
            OverrideEdit(operation: .set, value: entry, shown: whole), at: whole.path[...])
        } catch {
          d.append(Self.diagnostic(error, for: whole))
        }
      }
    }
    guard d.isEmpty else { throw DiagnosticsError(d) }
    return document.node
  }

  /// `document` without the key at `path`, or unchanged when there is none.
  private static func removing(_ path: [String], from document: YAMLValue) -> YAMLValue {
    let o = Override(path: path, value: "", operation: .remove)
    return (try? document.applying(OverrideEdit(operation: .remove, value: nil, shown: o), at: path[...])) ?? document
  }

  /// An override's value parsed as YAML, located in a pseudo-file named after the override
  /// (`--set plans.flat.fee:1:7`), so problems inside the value point into what was typed.
  private func overrideEdit(_ o: Override, into d: inout Diagnostics) -> OverrideEdit? {
    guard o.operation != .remove else { return OverrideEdit(operation: .remove, value: nil, shown: o) }
    do throws(DiagnosticsError) {
      let source = try YAMLSource(text: o.value.isEmpty ? "null" : o.value, path: Self.location(of: o).file)
      let value = YAMLValue(node: source.root ?? Node("null"), source: source, path: o.dotted)
      return OverrideEdit(operation: o.operation, value: value, shown: o)
    } catch {
      d.append(contentsOf: error.diagnostics)
      return nil
    }
  }

  static func location(of o: Override) -> SourceLocation {
    SourceLocation(file: "--set \(o.target)", line: 1, column: 1)
  }

  static func diagnostic(_ failure: OverrideEdit.Failure, for o: Override) -> Diagnostic {
    Diagnostic(location: location(of: o), message: failure.message, hint: failure.hint)
  }

  /// The action ledger's `assumptions:`; a missing key keeps its default.
  private func decodeAssumptions(_ value: YAMLValue, into d: inout Diagnostics) -> ActionAssumptions {
    var a = ActionAssumptions()
    guard let f = value.fields(allowed: Self.assumptionKeys, what: "assumptions", into: &d) else { return a }
    if let v = f["migration_cost"]?.money(into: &d) { a.migrationCost = v }
    if let v = f["max_payback_months"]?.double(in: 0...1_200, into: &d) { a.maximumPaybackMonths = v }
    if let v = f["sla_p95_ms"]?.double(in: 1...3_600_000, into: &d) { a.slaP95Ms = v }
    if let v = f["quality_tolerance"]?.double(in: 0...1, into: &d) { a.qualityTolerance = v }
    if let v = f["target_markup"]?.double(in: 0...100, into: &d) { a.targetMarkup = v }
    if let v = f["observed_calls"]?.int(in: 1...1_000_000, into: &d) { a.minimumObservedCalls = v }
    return a
  }

  private func decodeBudget(_ name: String, _ value: YAMLValue, into d: inout Diagnostics) -> Budget? {
    guard let f = value.fields(allowed: Self.budgetKeys, what: "budget", into: &d),
      let amount = f.required("amount", what: "the monthly budget in dollars", into: &d)?.money(into: &d)
    else { return nil }
    var scope = Budget.Scope(dimension: "all", value: nil)
    if let s = f["scope"] {
      if case .scalar = s.node, s.string(into: &d) == "all" {
      } else if let entries = s.mapping(allowed: Budget.scopeDimensions, what: "budget scope", into: &d) {
        guard entries.count == 1, let (k, v) = entries.first else {
          s.error("budget scope has \(entries.count) keys; expected one, like {organization: org_001}", into: &d)
          return nil
        }
        scope = Budget.Scope(dimension: k, value: v.string(into: &d))
      }
    }
    var thresholds = [0.5, 0.8, 1.0]
    if let t = f["thresholds"]?.sequence(what: "list of shares", into: &d) {
      thresholds = t.compactMap { $0.double(in: 0.01...10, into: &d) }
    }
    return Budget(name: name, scope: scope, amount: amount, thresholds: thresholds.sorted())
  }
}

/// Resolves `extends` chains and `use` pieces into one merged mapping per scenario.
struct ScenarioResolver {
  let library: ScenarioLibrary
  var raw: [String: MergedNode.MergedEntry]
  /// Each scenario's overrides: applied to its resolved value before any scenario that
  /// extends it inherits from it, so a child follows its parent's overrides (as it would
  /// follow the same change written into the file).
  var edits: [String: [OverrideEdit]] = [:]
  private var resolved: [String: MergedNode] = [:]
  private var pieces: [String: MergedNode] = [:]

  init(library: ScenarioLibrary, raw: [String: MergedNode.MergedEntry]) {
    self.library = library
    self.raw = raw
  }

  /// Scenarios whose `extends` chain is longer than `Limits.nesting` (found without recursion).
  private var tooDeep: Set<String> = []

  /// The parent a scenario names in `extends`, read without diagnostics (`resolve` reports).
  private func parent(of name: String) -> String? {
    guard let entry = raw[name], case .mapping(let entries, _) = entry.value,
      let ext = entries.last(where: { $0.key == "extends" }), case .leaf(let v) = ext.value,
      case .scalar(let s) = v.node
    else { return nil }
    return s.string
  }

  /// Walks each scenario's `extends` chain iteratively, at most `Limits.nesting` links, and
  /// refuses the scenarios whose chain is longer (so `resolve`'s recursion stays shallow); one
  /// diagnostic, at the first such scenario's `extends`, names the chain.
  mutating func refuseDeepChains(_ names: [String], into d: inout Diagnostics) {
    var reported = false
    for name in names {
      var chain = [name]
      var seen: Set<String> = [name]
      var current = name
      var deep = false
      while let p = parent(of: current), raw[p] != nil, !seen.contains(p) {
        chain.append(p)
        seen.insert(p)
        current = p
        if chain.count > Limits.nesting + 1 {
          deep = true
          break
        }
      }
      guard deep else { continue }
      tooDeep.insert(name)
      guard !reported, let entry = raw[name], case .mapping(let entries, _) = entry.value,
        let ext = entries.last(where: { $0.key == "extends" })
      else { continue }
      reported = true
      ext.value.origin.error(
        "scenario '\(name)' extends a chain deeper than \(Limits.nesting) scenarios "
          + "(\(chain.prefix(4).joined(separator: " → ")) → …); expected at most \(Limits.nesting) levels of extends",
        hint: "extend a scenario nearer the root, or copy its keys", into: &d)
    }
  }

  mutating func resolve(_ name: String, into d: inout Diagnostics, chain: [String] = []) -> MergedNode? {
    if let r = resolved[name] { return r }
    if tooDeep.contains(name) || chain.count > Limits.nesting { return nil }
    guard let entry = raw[name] else { return nil }
    guard case .mapping(let entries, let at) = entry.value else {
      entry.value.origin.error("scenario '\(name)' is not a mapping; expected scenario keys like customers", into: &d)
      return nil
    }
    var base = ScenarioDefaults.layer() ?? MergedNode.mapping(entries: [], at: at)
    if let ext = entries.last(where: { $0.key == "extends" }),
      let parentValue = ext.value.scalar(what: "a scenario name", into: &d),
      let parent = parentValue.string(into: &d)
    {
      if chain.contains(parent) || parent == name {
        parentValue.error(
          "extends cycle: \((chain + [name, parent]).joined(separator: " → ")); expected a chain that ends",
          hint: "remove one of the extends", into: &d)
        return nil
      }
      guard raw[parent] != nil else {
        parentValue.error(
          "scenario '\(name)' extends unknown scenario '\(parent)'",
          hint: Suggestion.nearest(to: parent, in: raw.keys).map { "did you mean '\($0)'?" }, into: &d)
        return nil
      }
      guard let p = resolve(parent, into: &d, chain: chain + [name]) else { return nil }
      base = p.withoutKeys(["extends", "use"])
    }
    if let use = entries.last(where: { $0.key == "use" }),
      let items = use.value.items(what: "a list of pieces", into: &d)
    {
      for item in items {
        guard let piece = item.string(into: &d) else { continue }
        if piece.hasPrefix("catalog/") {
          guard FileManager.default.fileExists(atPath: library.url(of: piece).path) else {
            unknownPiece(piece, item, into: &d)
            continue
          }
          let catalogLeaf = YAMLValue(node: Node(piece), source: item.source, path: item.path)
          base = base.merged(
            with: .mapping(entries: [.init(key: "catalog", keyNode: item, value: .leaf(catalogLeaf))], at: item))
          continue
        }
        guard let p = loadPiece(piece, at: item, into: &d) else { continue }
        base = base.merged(with: p)
      }
    }
    let own = MergedNode.mapping(entries: entries.filter { $0.key != "extends" && $0.key != "use" }, at: at)
    var result = base.merged(with: own)
    for edit in edits[name] ?? [] {
      do throws(OverrideEdit.Failure) {
        result = try result.applying(edit, at: edit.shown.path.dropFirst(2), walked: "scenarios.\(name)")
      } catch {
        d.append(WorkbookLoader.diagnostic(error, for: edit.shown))
      }
    }
    resolved[name] = result
    return result
  }

  private mutating func loadPiece(_ name: String, at item: YAMLValue, into d: inout Diagnostics) -> MergedNode? {
    if let p = pieces[name] { return p }
    let url = library.url(of: name)
    guard FileManager.default.fileExists(atPath: url.path) else {
      unknownPiece(name, item, into: &d)
      return nil
    }
    do throws(DiagnosticsError) {
      let source = try YAMLSource(contentsOf: url, displayPath: library.displayPath(of: name))
      guard let node = source.root else { return nil }
      let value = YAMLValue(node: node, source: source, path: "")
      guard case .mapping = value.node else {
        value.error("piece '\(name)' is not a mapping; expected scenario keys", into: &d)
        return nil
      }
      let merged = MergedNode(value)
      if case .mapping(let entries, _) = merged,
        let nested = entries.first(where: { $0.key == "use" || $0.key == "extends" })
      {
        nested.keyNode.error(
          "a piece cannot '\(nested.key)'; expected plain scenario keys",
          hint: "list every piece in the workbook's use:", into: &d)
        return nil
      }
      pieces[name] = merged
      return merged
    } catch {
      d.append(contentsOf: error.diagnostics)
      return nil
    }
  }

  private func unknownPiece(_ name: String, _ item: YAMLValue, into d: inout Diagnostics) {
    let all = ["catalog", "mixes", "patterns", "populations"].flatMap { library.pieces(in: $0) }
    item.error(
      "unknown piece '\(name)'; expected a file under scenarios/ such as \(all.prefix(3).joined(separator: ", "))",
      hint: Suggestion.nearest(to: name, in: all).map { "did you mean '\($0)'?" }
        ?? "list pieces with 'ls scenarios/*/'", into: &d)
  }
}

extension MergedNode {
  func withoutKeys(_ keys: Set<String>) -> MergedNode {
    guard case .mapping(let entries, let at) = self else { return self }
    return .mapping(entries: entries.filter { !keys.contains($0.key) }, at: at)
  }
}
