/// Tab completion that knows the context: commands first, then cell ids, scenario, plan and
/// analyzer names, dotted paths after `set`, chart words, and files after `load`/`export`/`read`.
public enum Completer {
  /// Candidates for the word being typed at the end of `line`. `nil` means "complete a file
  /// name" (the line editor's own filename completion).
  public static func candidates(for line: String, in console: Console) -> [String]? {
    let endsWithSpace = line.last?.isWhitespace ?? true
    var words = splitWords(line)
    let current = endsWithSpace ? "" : (words.popLast() ?? "")
    let options = choices(after: words, console: console)
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
      if command == .export && previous == "--format" { return ["markdown", "proposal", "json", "csv", "focus", "otlp"] }
      return words.count == 1 ? nil : command == .export ? ["--format"] : []
    case .run: return words.count == 1 ? ["all"] + (wb?.cells.map(\.id) ?? []) : []
    case .show: return words.count == 1 ? (wb?.cells.map(\.id) ?? []) : []
    case .set: return words.count == 1 ? paths(console) : []
    case .unset: return words.count == 1 ? (wb?.overrides.map { $0.path.joined(separator: ".") } ?? []) : []
    case .report: return words.count == 1 ? AnalyzerName.allCases.map(\.rawValue) : ["on"]
    case .compare:
      if words.count > 1 && words[1] == "scenarios" {
        if words.contains("show") { return figures(console) }
        return scenarios.filter { !words.contains($0) } + (words.count >= 4 ? ["show"] : [])
      }
      return (wb?.plans.map(\.name) ?? []).filter { !words.contains($0) } + ["on"] + (words.count == 1 ? ["scenarios"] : [])
    case .sweep: return sweepChoices(after: words, console: console)
    case .chart:
      if words.count == 1 { return ChartQuery.metrics }
      switch previous {
      case "by", "where", ",": return ChartQuery.dimensions
      case "as": return ChartQuery.types
      case "top": return ["5", "10", "20"]
      default: return ["by", "where", "top", "as", "on"]
      }
    case .reprice:
      let models = console.session?.workbook.scenarios.first?.catalog.modelIDs ?? []
      if words.count == 1 || previous == "to" { return models }
      if words.count == 2 { return ["to", "price"] }
      return words.contains("to") && !words.contains("share") ? ["share", "on"] : ["on"]
    case .alerts: return words.count == 1 ? nil : ["on"]
    case .mode: return words.count == 1 ? Console.Mode.allCases.map(\.rawValue) : []
    case .timer: return words.count == 1 ? ["on", "off"] : []
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

  /// Dotted paths a user can `set`: the workbook's own and each scenario's keys and groups.
  static func paths(_ console: Console) -> [String] {
    guard let wb = console.session?.workbook else { return [] }
    var out = ["seed", "period.start", "period.days"]
    for s in wb.scenarios {
      let p = "scenarios.\(s.name)."
      out += ["customers", "organizations", "organization_skew", "seed", "catalog", "traffic", "mix.task_affinity"].map { p + $0 }
      out += s.population.archetypes.flatMap { [p + "archetypes.\($0.name).share", p + "archetypes.\($0.name).calls_per_day"] }
      out += s.population.tiers.flatMap { [p + "tiers.\($0.name).fee", p + "tiers.\($0.name).share"] }
      out += s.mix.providerShares.keys.sorted().map { p + "mix.providers.\($0)" }
    }
    for plan in wb.plans {
      out += ["fee", "minimum", "cap", "credits"].map { "plans.\(plan.name).\($0)" }
    }
    return out
  }
}
