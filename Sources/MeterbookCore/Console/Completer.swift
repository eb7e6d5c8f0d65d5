import Foundation

/// Tab completion that knows the context: commands first, then cell ids, scenario, plan and
/// analyzer names, dotted paths after `set`, chart words, and files after `load`/`export`/`read`.
public enum Completer {
  /// Candidates for the word being typed at the end of `line`.
  ///
  /// `nil` means "complete a file
  /// name" (the line editor's own filename completion).
  public static func candidates(for line: String, in console: Console) -> [String]? {
    let endsWithSpace = line.last?.isWhitespace ?? true
    var words = splitWords(line)
    let current = endsWithSpace ? "" : (words.popLast() ?? "")
    var options = choices(after: words, console: console)
    // `.mo` completes to `.mode`: every command answers with a leading dot.
    if words.isEmpty && current.hasPrefix(".") { options = options.map { $0.map { "." + $0 } } }
    return options.map { list in list.filter { $0.hasPrefix(current) }.sorted() }
  }

  static func choices(after words: [String], console: Console) -> [String]? {
    guard let first = words.first else { return ConsoleCommand.allCases.map(\.rawValue) }
    guard let command = ConsoleCommand(word: first) else { return [] }
    let wb = console.session?.workbook
    let scenarios = wb?.scenarios.map(\.name) ?? []
    let previous = words.last ?? ""
    if previous == "on" { return scenarios }
    switch command {
    case .load, .export, .read:
      if command == .export && previous == "--format" {
        return ["markdown", "proposal", "json", "csv", "focus", "otlp"]
      }
      return words.count == 1 ? nil : command == .export ? ["--format"] : []
    case .run: return words.count == 1 ? ["all"] + (wb?.cells.map(\.id) ?? []) : []
    case .show: return words.count == 1 ? (wb?.cells.map(\.id) ?? []) : []
    case .set:
      // `set PATH VALUE`: a value after a path; `set A=1 B=…`: more paths.
      if words.count == 2, !words[1].contains("=") {
        return values(for: words[1].trimmingCharacters(in: CharacterSet(charactersIn: "+-")), console)
      }
      return paths(console)
    case .unset: return (wb?.overrides.map(\.target) ?? []) + (words.count == 1 ? ["all"] : [])
    case .rebalance:
      return words.count == 1 ? paths(console).filter { $0.hasSuffix(".share") || $0.contains(".mix.providers.") } : []
    case .diff: return console.whatIf.snapshots.map(\.name) + ["current", "on"]
    case .save: return words.count == 1 ? nil : []
    case .report: return words.count == 1 ? AnalyzerName.allCases.map(\.rawValue) : ["on"]
    case .compare:
      if words.count > 1 && words[1] == "scenarios" {
        if words.contains("show") { return figures(console) }
        return scenarios.filter { !words.contains($0) } + (words.count >= 4 ? ["show"] : [])
      }
      return (wb?.plans.map(\.name) ?? []).filter { !words.contains($0) } + ["on"]
        + (words.count == 1 ? ["scenarios"] : [])
    case .sweep: return sweepChoices(after: words, console: console)
    case .chart:
      if words.count == 1 { return ChartQuery.metrics }
      if previous == "=", words.count >= 3 { return dimensionValues(words[words.count - 2], console) }
      switch previous {
      case "by", "where", ",": return ChartQuery.dimensions
      case "as": return ChartQuery.types
      case "top": return ["5", "10", "20"]
      default: return ["by", "where", "top", "as", "on"]
      }
    case .reprice:
      let models = console.session?.workbook.scenarios.first?.catalog.modelIDs ?? []
      if words.count == 1 { return models + ["as-of"] }
      if previous == "to" { return models }
      if words.count == 2 { return ["to", "price", "as-of"] }
      return words.contains("to") && !words.contains("share") ? ["share", "as-of", "on"] : ["on"]
    case .alerts: return words.count == 1 ? nil : ["on"]
    case .project: return (wb?.plans.map(\.name) ?? []).filter { !words.contains($0) } + ["on"]
    case .invoice:
      let main = console.session?.defaultScenario ?? ""
      if previous == "plan" { return wb?.plans.map(\.name) ?? [] }
      if words.count == 1 { return console.session?.knownCustomers(of: main) ?? [] }
      return (words.count == 2 ? console.session?.billingPeriods(of: main) ?? [] : []) + ["plan", "on"]
    case .mode: return words.count == 1 ? Console.Mode.allCases.map(\.rawValue) : []
    case .timer: return words.count == 1 ? ["on", "off"] : []
    case .width: return words.count == 1 ? ["auto"] : []
    case .help: return words.count == 1 ? ConsoleCommand.allCases.map(\.rawValue) : []
    default: return []
    }
  }

  /// After `sweep`: a path, then (after FROM and TO) `steps`/`by`/`and`/`on`/`show`, a path
  /// after `and`, figure names after `show`.
  static func sweepChoices(after words: [String], console: Console) -> [String] {
    let previous = words.last ?? ""
    if words.count == 1 || previous == "and" { return paths(console) }
    if words.contains("show") { return figures(console) }
    if previous == "steps" { return ["5", "9", "11", "21"] }
    // Words since the current path: the path, FROM, TO, then an optional steps/by pair.
    let start = words.lastIndex(of: "and").map { $0 + 1 } ?? 1
    let since = words.count - start
    guard since >= 3, previous != "by" else { return [] }
    var out: [String] = []
    if since == 3 { out += ["steps", "by"] }
    if !words.contains("and") && !words.contains("on") { out.append("and") }
    if !words.contains("on") { out.append("on") }
    return out + ["show"]
  }

  /// Figure names for `show`, typed without spaces.
  static func figures(_ console: Console) -> [String] {
    WhatIfFigure.typedNames(plans: console.session?.workbook.plans.map(\.name) ?? [])
  }

  /// Dotted paths a user can `set`: the workbook's sections, each plan's fees (per tier),
  /// commitments and charges (by index, with their tiers and filters), each scenario's values
  /// and share groups, budgets and alert rules.
  static func paths(_ console: Console) -> [String] {
    guard let wb = console.session?.workbook else { return [] }
    var out = ["seed", "title", "period.start", "period.days"]
    let tierNames = Array(Set(wb.scenarios.flatMap { $0.population.tiers.map(\.name) })).sorted()
    for s in wb.scenarios {
      let p = "scenarios.\(s.name)."
      out += ["customers", "organizations", "organization_skew", "seed", "catalog", "traffic+", "mix.task_affinity"].map
      { p + $0 }
      out += s.traffic.indices.map { p + "traffic.\($0)" }
      out += s.population.archetypes.flatMap {
        [p + "archetypes.\($0.name).share", p + "archetypes.\($0.name).calls_per_day"]
      }
      out += s.population.tiers.flatMap {
        [p + "tiers.\($0.name).share", p + "tiers.\($0.name).included_calls"]
          + (wb.plans.isEmpty ? [p + "tiers.\($0.name).fee"] : [])
      }
      out += s.population.regions.flatMap { [p + "regions.\($0.name).share", p + "regions.\($0.name).utc_offset"] }
      out += s.population.features.map { p + "features.\($0.name).popularity" }
      out += s.mix.providerShares.keys.sorted().map { p + "mix.providers.\($0)" }
      out += s.catalog.modelIDs.map { p + "mix.models.\($0)" }
      out += ["input_median", "input_sigma", "output_median", "output_sigma", "cached_share"].map { p + "tokens.\($0)" }
    }
    for plan in wb.plans {
      let p = "plans.\(plan.name)."
      out += ["fee", "minimum", "cap", "credits", "description", "charges+"].map { p + $0 }
      out += tierNames.map { p + "fee.\($0)" } + tierNames.map { p + "tiers.\($0)" }
      for (i, charge) in plan.charges.enumerated() {
        let c = p + "charges.\(i)."
        out += ["metric", "price", "per", "package", "included", "markup", "mode", "id", "tiers+"].map { c + $0 }
        out += PlanDecoder.filterDimensions.map { c + "where.\($0)" }
        switch charge.model {
        case .graduated(let tiers), .volume(let tiers):
          out += tiers.indices.flatMap { j in ["price", "up_to", "flat"].map { c + "tiers.\(j).\($0)" } }
        default: break
        }
      }
    }
    for b in wb.budgets { out += ["amount", "thresholds", "scope"].map { "budgets.\(b.name).\($0)" } }
    for a in wb.alerts { out += ["threshold", "window", "metric", "scope"].map { "alerts.\(a.name).\($0)" } }
    return out
  }

  /// Values a path takes from a known list: plan names for a tier's plan, model ids for a
  /// `where.model` filter, choices for modes, metrics, windows and scopes.
  static func values(for path: String, _ console: Console) -> [String] {
    guard let wb = console.session?.workbook else { return [] }
    let parts = Override.components(of: path)
    let scenario = wb.scenarios.first
    switch (parts.first, parts.dropLast().last, parts.last) {
    case ("plans", "tiers", _) where parts.count == 4: return wb.plans.map(\.name)
    case (_, "where", "model"?): return scenario?.catalog.modelIDs ?? []
    case (_, "where", "provider"?): return Array(Set(scenario?.catalog.models.map(\.providerKey) ?? [])).sorted()
    case (_, "where", "task_type"?): return TaskType.all.map(\.rawValue)
    case (_, "where", "feature"?): return scenario?.population.features.map(\.name) ?? []
    case ("plans", _, "mode"?): return ["graduated", "volume"]
    case ("plans", _, "metric"?): return Charge.metrics
    case ("alerts", _, "metric"?): return AlertRule.metrics
    case ("alerts", _, "window"?): return AlertRule.windows
    case ("alerts", _, "scope"?): return AlertRule.scopes
    case ("scenarios", _, "catalog"?): return ["catalog/"]
    case ("display_currency"?, _, _), ("plans", _, "currency"?): return Currency.allCases.map(\.rawValue)
    default: return []
    }
  }

  /// Values a chart filter `where DIM = …` can take, from the main scenario's run when it has
  /// run, else from its population.
  static func dimensionValues(_ dimension: String, _ console: Console) -> [String] {
    guard let session = console.session, let name = session.defaultScenario,
      let scenario = session.workbook.scenario(name)
    else { return [] }
    let run = session.generatedRun(for: name)?.run
    switch dimension {
    case "provider": return Array(Set(scenario.catalog.models.map(\.providerKey))).sorted()
    case "model": return run?.dimensions.models.map(\.id) ?? scenario.catalog.modelIDs
    case "task_type": return TaskType.all.map(\.rawValue)
    case "tier": return scenario.population.tiers.map(\.name)
    case "region": return scenario.population.regions.map(\.name)
    case "feature": return scenario.population.features.map(\.name)
    case "product": return run?.dimensions.products ?? scenario.population.products
    case "organization": return run?.dimensions.organizations ?? []
    case "customer": return run?.dimensions.customers ?? []
    default: return []
    }
  }
}
