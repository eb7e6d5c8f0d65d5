import Foundation
import Yams

/// A workbook being worked on: it runs cells top to bottom, keeps each scenario's
/// simulation, and re-simulates a scenario only when its resolved value changed.
public final class WorkbookSession {
  public private(set) var workbook: Workbook
  public let loader: WorkbookLoader
  private(set) var source: YAMLSource
  private var runs: [String: SimulationResult] = [:]
  /// Scenarios measured but not generated: the period cube summed as the calls are drawn.
  ///
  /// `Simulator.measure()` keeps no calls. The run summary, plan comparisons and what-if deltas need
  /// only the cube, and measuring takes about half the time of generating the calls and then
  /// summing them; the calls are generated when a report, chart or export first reads them.
  private var measures: [String: SimulationMeasure] = [:]
  /// Each cached run's period usage cube, built on first use: plans re-bill from it, so a
  /// change that touches only prices never reads the calls again.
  private var cubes: [String: UsageCube] = [:]
  /// Bills computed on each cached run's cube, shared by its run summary and comparisons.
  private var books: [String: BillBook] = [:]
  /// Runs replaced by a change, newest first, kept so `undo` or unsetting a value finds its
  /// simulation again instead of re-running it.
  private var recent: [(result: SimulationResult, cube: UsageCube?)] = []
  /// Measures replaced by a change, newest first, for the same reason.
  private var recentMeasures: [SimulationMeasure] = []
  static let recentRuns = 2
  /// Each scenario's headline figures with the plans they billed, for its current run: the
  /// figures before a change are the ones computed after the previous one.
  private var figureCache: [String: (plans: [Plan], figures: SeededFigures)] = [:]
  /// Each scenario's last pass over its seeds: every plan billed per seed (a few hundred bytes
  /// a seed), keyed by what it was computed from.
  private var seedCache:
    [String: (scenario: Scenario, plans: [Plan], uncertainty: Uncertainty, perSeed: [SeedFigures])] =
      [:]
  /// The scenarios (re)simulated since the last `run` call or `forgetSimulated()`: what one
  /// command simulated, for `diff`'s history.
  public private(set) var simulated: Set<String> = []

  /// Starts a new count of simulated scenarios (the console calls it before each command).
  public func forgetSimulated() { simulated = [] }
  /// The file the workbook was read from, when it came from disk (for reloads).
  public let url: URL?

  public init(loader: WorkbookLoader, source: YAMLSource, overrides: [Override] = [], url: URL? = nil)
    throws(DiagnosticsError)
  {
    self.loader = loader
    self.source = source
    self.url = url
    self.workbook = try loader.load(source, overrides: overrides)
  }

  /// A session on a workbook built in code rather than read from `source` (the one-line
  /// `compare usage.csv --plans plans.yaml`); `source` is the file the workbook came from.
  public init(loader: WorkbookLoader, workbook: Workbook, source: YAMLSource) {
    self.loader = loader
    self.source = source
    self.url = nil
    self.workbook = workbook
  }

  /// Everything a command may change, captured before it runs so a failed or cancelled
  /// command can put the session back exactly as it was.
  ///
  /// Runs are copy-on-write arrays, so a
  /// checkpoint costs no copy of the calls.
  public struct Checkpoint {
    fileprivate let workbook: Workbook
    fileprivate let source: YAMLSource
    fileprivate let runs: [String: SimulationResult]
    fileprivate let measures: [String: SimulationMeasure]
    fileprivate let recentMeasures: [SimulationMeasure]
    fileprivate let cubes: [String: UsageCube]
    fileprivate let recent: [(result: SimulationResult, cube: UsageCube?)]
    fileprivate let figureCache: [String: (plans: [Plan], figures: SeededFigures)]
    fileprivate let simulated: Set<String>
  }

  public func checkpoint() -> Checkpoint {
    Checkpoint(
      workbook: workbook, source: source, runs: runs, measures: measures, recentMeasures: recentMeasures, cubes: cubes,
      recent: recent, figureCache: figureCache, simulated: simulated)
  }

  public func restore(_ c: Checkpoint) {
    (workbook, source, runs, cubes, recent, simulated) = (c.workbook, c.source, c.runs, c.cubes, c.recent, c.simulated)
    (measures, recentMeasures, figureCache) = (c.measures, c.recentMeasures, c.figureCache)
  }

  /// What a reload or an override changed: the scenarios and plans whose value differs.
  public struct Change: Sendable, Hashable {
    public var scenarios: Set<String>
    public var plans: Set<String>
    public var cellsChanged: Bool
    /// Budgets, alert rules or cost centers changed.
    public var budgetsChanged: Bool = false
    /// The action ledger's `assumptions:` changed.
    public var assumptionsChanged: Bool = false
    /// `seeds:` or `interval:` changed: every figure is recomputed over the new seeds.
    public var uncertaintyChanged: Bool = false
    public var isEmpty: Bool {
      scenarios.isEmpty && plans.isEmpty && !cellsChanged && !budgetsChanged && !assumptionsChanged
        && !uncertaintyChanged
    }

    /// Whether `cell` must re-run after this change.
    public func affects(_ cell: Cell) -> Bool {
      cell.dependencies.contains { dep in
        if dep == "*" { return !isEmpty }
        if uncertaintyChanged && (dep.hasPrefix("scenarios") || dep.hasPrefix("plans")) { return true }
        if dep == "scenarios.*" { return !scenarios.isEmpty }
        if dep == "plans.*" { return !plans.isEmpty }
        if dep == "budgets" { return budgetsChanged || assumptionsChanged }
        if dep.hasPrefix("scenarios.") { return scenarios.contains(String(dep.dropFirst(10))) }
        if dep.hasPrefix("plans.") { return plans.contains(String(dep.dropFirst(6))) }
        return false
      }
    }
  }

  /// Re-loads the workbook with `overrides` (and, with `text`, new file contents).
  ///
  /// On error the previous workbook stays in place.
  @discardableResult
  public func reload(overrides: [Override]? = nil, source newSource: YAMLSource? = nil) throws(DiagnosticsError)
    -> Change
  {
    let next = try loader.load(newSource ?? source, overrides: overrides ?? workbook.overrides)
    if let newSource { source = newSource }
    let old = workbook
    workbook = next
    let names = Set(old.scenarios.map(\.name)).union(next.scenarios.map(\.name))
    let planNames = Set(old.plans.map(\.name)).union(next.plans.map(\.name))
    return Change(
      scenarios: names.filter { old.scenario($0) != next.scenario($0) },
      plans: planNames.filter { old.plan($0) != next.plan($0) },
      cellsChanged: old.cells != next.cells,
      budgetsChanged: old.budgets != next.budgets || old.alerts != next.alerts || old.costCenters != next.costCenters,
      assumptionsChanged: old.assumptions != next.assumptions, uncertaintyChanged: old.uncertainty != next.uncertainty)
  }

  /// Re-reads the workbook file from disk.
  @discardableResult
  public func reloadFromDisk() throws(DiagnosticsError) -> Change {
    guard let url else { return Change(scenarios: [], plans: [], cellsChanged: false) }
    return try reload(source: try YAMLSource(contentsOf: url, displayPath: source.path))
  }

  /// The simulation of `scenario`, from cache when its inputs did not change.
  public func result(for name: String, isCancelled: @escaping @Sendable () -> Bool = { false }) throws
    -> SimulationResult
  {
    guard let scenario = workbook.scenario(name) else { throw SessionError.unknownScenario(name) }
    if let cached = runs[name], cached.scenario == scenario { return cached }
    // The calls of a measured scenario: its cube, bills and figures stay, being the same.
    if let m = measures[name], m.scenario == scenario {
      let result = try Simulator(scenario: scenario).run(isCancelled: isCancelled)
      runs[name] = result
      cubes[name] = m.cube
      measures[name] = nil
      return result
    }
    retire(name)
    let result: SimulationResult
    if let i = recent.firstIndex(where: { $0.result.scenario == scenario }) {
      result = recent[i].result
      cubes[name] = recent[i].cube
      recent.remove(at: i)
    } else {
      result = try Simulator(scenario: scenario).run(isCancelled: isCancelled)
    }
    runs[name] = result
    simulated.insert(name)
    return result
  }

  /// Forgets `name`'s simulation and everything computed on it, keeping it among the recent
  /// ones (for `undo`).
  private func retire(_ name: String) {
    if let old = runs[name] {
      recent.insert((old, cubes[name]), at: 0)
      recent = Array(recent.prefix(Self.recentRuns))
    }
    if let old = measures[name] {
      recentMeasures.insert(old, at: 0)
      recentMeasures = Array(recentMeasures.prefix(Self.recentRuns))
    }
    runs[name] = nil
    measures[name] = nil
    cubes[name] = nil
    figureCache[name] = nil
    books[name] = nil
  }

  /// The generated run of `name`, only if it is current and already generated (completion
  /// reads it, but never waits for a simulation).
  public func generatedRun(for name: String) -> SimulationResult? {
    guard let r = runs[name], r.scenario == workbook.scenario(name) else { return nil }
    return r
  }

  /// The calls of `scenario`: the session's run when it is the one simulated, else generated
  /// now without entering the cache (an export of a state the workbook has left).
  public func simulation(of scenario: Scenario, isCancelled: @escaping @Sendable () -> Bool = { false }) throws
    -> SimulationResult
  {
    if workbook.scenario(scenario.name) == scenario { return try result(for: scenario.name, isCancelled: isCancelled) }
    if let r = recent.first(where: { $0.result.scenario == scenario }) { return r.result }
    return try Simulator(scenario: scenario).run(isCancelled: isCancelled)
  }

  /// The period usage cube of `name`'s current run.
  public func cube(for name: String, isCancelled: @escaping @Sendable () -> Bool = { false }) throws -> UsageCube {
    let r = try result(for: name, isCancelled: isCancelled)
    if let c = cubes[name] { return c }
    let c = UsageCube(r.run, grain: r.scenario.usageGrain)
    cubes[name] = c
    return c
  }

  /// `name`'s current simulation reduced to totals and its period cube, billing through its
  /// book: the generated run's when there is one (current or recent) or the scenario is data,
  /// else a measure; `measured(_:isCancelled:)` adds the money-range check of the plans.
  func measure(_ name: String, isCancelled: @escaping @Sendable () -> Bool) throws -> MeasuredRun {
    guard let scenario = workbook.scenario(name) else { throw SessionError.unknownScenario(name) }
    if let m = measures[name], m.scenario == scenario { return MeasuredRun(m, book: book(for: name)) }
    // A data scenario's run holds its imported calls anyway: measuring would build it too
    // (one kept as sums is measured from its digest).
    if scenario.data?.calls != nil || runs[name]?.scenario == scenario
      || recent.contains(where: { $0.result.scenario == scenario })
    {
      let r = try result(for: name, isCancelled: isCancelled)
      return MeasuredRun(r, cube: try cube(for: name, isCancelled: isCancelled), book: book(for: name))
    }
    let m: SimulationMeasure
    if let i = recentMeasures.firstIndex(where: { $0.scenario == scenario }) {
      m = recentMeasures.remove(at: i)
    } else {
      m = try Simulator(scenario: scenario).measure(isCancelled: isCancelled)
    }
    retire(name)
    measures[name] = m
    simulated.insert(name)
    return MeasuredRun(m, book: book(for: name))
  }

  /// The bills computed so far on `name`'s current run.
  private func book(for name: String) -> BillBook {
    if let b = books[name] { return b }
    let b = BillBook()
    books[name] = b
    return b
  }

  /// The headline figures of `name` under every seed: calls, customers, AI cost, each plan's
  /// revenue and margin.
  public func figures(for name: String, isCancelled: @escaping @Sendable () -> Bool = { false }) throws
    -> SeededFigures
  {
    let first = try measured(name, isCancelled: isCancelled)
    if let cached = figureCache[name], cached.plans == workbook.plans,
      cached.figures.uncertainty == uncertainty(of: first.scenario)
    {
      return cached.figures
    }
    let figures = try seeded(first.scenario, plans: workbook.plans, first: first, isCancelled: isCancelled)
    figureCache[name] = (workbook.plans, figures)
    return figures
  }

  /// The headline figures of `name` in another state of the workbook (a snapshot's
  /// overrides): loaded from the same file, simulated unless the scenario is unchanged.
  ///
  /// Both states run under the session's current seeds, so their figures pair seed by seed.
  public func figures(
    for name: String, overrides: [Override], isCancelled: @escaping @Sendable () -> Bool = { false }
  ) throws -> SeededFigures {
    if overrides == workbook.overrides { return try figures(for: name, isCancelled: isCancelled) }
    let other = try loader.load(source, overrides: overrides)
    guard let scenario = other.scenario(name) else { throw SessionError.unknownScenario(name) }
    // The cached simulation serves only while it is also the current state's (its cube and bills are).
    var first: MeasuredRun?
    if workbook.scenario(name) == scenario, runs[name]?.scenario == scenario || measures[name]?.scenario == scenario {
      first = try measured(name, isCancelled: isCancelled)
    }
    return try seeded(scenario, plans: other.plans, first: first, isCancelled: isCancelled)
  }

  /// The headline figures of `scenario` under each of the workbook's seeds (`first` is seed 1's
  /// run when the caller holds it), all plans billed or only the current one.
  func seeded(
    _ scenario: Scenario, plans: [Plan], first: MeasuredRun?, allPlans: Bool = true,
    isCancelled: @escaping @Sendable () -> Bool
  ) throws -> SeededFigures {
    let perSeed = try seedFigures(scenario, plans: plans, first: first, isCancelled: isCancelled)
    return SeededFigures(
      perSeed: perSeed.map {
        RunSummary.figures($0.figures, subscription: $0.subscription, allPlans: allPlans, in: workbook.money.display)
      },
      uncertainty: uncertainty(of: scenario))
  }

  /// Every plan billed on each seed of `scenario`, from cache when the scenario, plans and
  /// seeds are the ones last measured (the run summary and the comparison share one pass).
  func seedFigures(
    _ scenario: Scenario, plans: [Plan], first: MeasuredRun?, isCancelled: @escaping @Sendable () -> Bool
  ) throws -> [SeedFigures] {
    let u = uncertainty(of: scenario)
    if let hit = seedCache[scenario.name], hit.scenario == scenario, hit.plans == plans, hit.uncertainty == u {
      return hit.perSeed
    }
    let money = workbook.money
    let perSeed = try SeedRunner(u).measure(scenario, first: first, isCancelled: isCancelled) { m in
      SeedFigures(
        figures: try m.figures(plans: plans, money: money),
        subscription: plans.isEmpty ? RunSummary.subscription(m) : nil)
    }
    seedCache[scenario.name] = (scenario, plans, u, perSeed)
    return perSeed
  }

  /// The seeds `scenario` runs under: the workbook's, or one for a scenario without
  /// randomness (a data scenario that adds no calls), whose figures are the same in every
  /// seed, so they print as single numbers rather than bands of zero width.
  func uncertainty(of scenario: Scenario) -> Uncertainty {
    scenario.isRandom ? workbook.uncertainty : Uncertainty()
  }

  /// The plans named `names` compared over the workbook's seeds; `nil` for one seed.
  func odds(
    _ names: [String], on scenario: Scenario, first: MeasuredRun, isCancelled: @escaping @Sendable () -> Bool
  ) throws -> PlanOdds? {
    let u = uncertainty(of: scenario)
    guard !u.isSingle else { return nil }
    let plans = workbook.plans
    // Churn is measured against the first plan compared: the cached pass serves when the
    // comparison is of all plans in workbook order.
    if names == plans.map(\.name) {
      let perSeed = try seedFigures(scenario, plans: plans, first: first, isCancelled: isCancelled)
      return PlanOdds(perSeed.map(\.figures), uncertainty: u)
    }
    let money = workbook.money
    let perSeed = try SeedRunner(u).measure(scenario, first: first, isCancelled: isCancelled) { m in
      try m.figures(plans: plans, billing: names, money: money)
    }
    return PlanOdds(perSeed, uncertainty: u)
  }

  /// The workbook file's text with the current overrides written into it: a workbook that
  /// loads on its own and reproduces this state's figures.
  public func bakedText(header: String) throws -> String {
    let node = try loader.baked(source, overrides: workbook.overrides)
    let text = header + (try Yams.serialize(node: node, width: 100, sortKeys: false))
    _ = try loader.load(try YAMLSource(text: text, path: "saved workbook"))
    return text
  }

  /// An export document: `markdown` (the outputs), `json`, or `proposal` (the pricing
  /// proposal, followed by the outputs as supporting analysis).
  public func document(format: String, outputs: [CellOutput], isCancelled: @escaping @Sendable () -> Bool = { false })
    throws -> String
  {
    let markdown = MarkdownRenderer()
    switch format {
    case "json": return JSONRenderer.render(outputs) + "\n"
    case "proposal":
      let sections = try proposal(isCancelled: isCancelled).sections()
      // The proposal holds the plan comparison already: its cells would repeat the tables.
      let analysis = outputs.filter {
        switch $0.cell.kind {
        case .markdown, .compare: false
        default: true
        }
      }
      return "# \(workbook.title)\n\n*A usage-based pricing proposal prepared with Meterbook.*\n\n"
        + sections.map { markdown.render($0) }.joined(separator: "\n")
        + (analysis.isEmpty
          ? ""
          : "\n## Supporting analysis\n\n"
            + analysis.map {
              markdown.render($0.report).replacingOccurrences(of: "\n## ", with: "\n### ").replacingOccurrences(
                of: "## ", with: "### ", options: .anchored)
            }.joined(separator: "\n")) + "\n"
    default:
      return "# \(workbook.title)\n\n" + outputs.map { markdown.render($0.report) }.joined(separator: "\n") + "\n"
    }
  }

  /// The pricing proposal for the workbook's main scenario and compared plans.
  public func proposal(isCancelled: @escaping @Sendable () -> Bool = { false }) throws -> PricingProposal {
    guard let name = defaultScenario else { throw SessionError.noScenario }
    let r = try result(for: name, isCancelled: isCancelled)
    var question = workbook.title
    if let md = workbook.cells.compactMap({ if case .markdown(let t) = $0.kind { t } else { nil } }).first {
      let lines = md.split(separator: "\n", omittingEmptySubsequences: false).drop { $0.hasPrefix("#") || $0.isEmpty }
      if !lines.isEmpty { question = lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines) }
    }
    let planNames =
      workbook.cells.compactMap { if case .compare(let p, _) = $0.kind { p } else { nil } }.first
      ?? workbook.plans.map(\.name)
    let catalogURL = loader.library.url(of: "catalog/\(r.scenario.catalog.name)")
    let provenance = PricingProposal.Provenance(
      workbookPath: workbook.path, workbookSHA256: Digest.sha256(source.text), catalogName: r.scenario.catalog.name,
      catalogDate: r.scenario.catalog.priceDate, catalogSHA256: Digest.sha256(fileAt: catalogURL) ?? "unavailable",
      overrides: workbook.overrides.map(\.description))
    let odds = try odds(
      planNames, on: r.scenario, first: try measured(name, isCancelled: isCancelled), isCancelled: isCancelled)
    var proposal = PricingProposal(
      question: question, context: context(r), planNames: planNames, provenance: provenance, odds: odds)
    proposal.money = workbook.money
    if workbook.horizon != nil {
      proposal.projection = try projection(months: nil, plans: planNames, scenario: name, isCancelled: isCancelled)
    }
    return proposal
  }

  /// What analyzers read for a scenario's run: the run plus the workbook's plans and budgets.
  public func context(_ r: SimulationResult) -> AnalysisContext { Self.context(r, workbook) }

  /// What a digest's reports read for a data scenario kept as sums: the workbook's context
  /// with no calls, its bills read from the measured cube (the digest's cells at the plans'
  /// grain, summed once and cached with the measure).
  private func context(_ m: MeasuredRun, _ digest: UsageDigest) -> AnalysisContext {
    var c = context(
      SimulationResult(scenario: m.scenario, population: m.population, run: Run(dimensions: digest.cube.dimensions)))
    c.cube = m.cube
    return c
  }

  private static func context(_ r: SimulationResult, _ workbook: Workbook) -> AnalysisContext {
    var c = AnalysisContext(
      r, plans: workbook.plans, budgets: workbook.budgets, costCenters: workbook.costCenters, alerts: workbook.alerts)
    c.assumptions = workbook.assumptions
    c.money = workbook.money
    if let data = r.scenario.data {
      // Real calls end where the data ends: "now" is its last day, as for an import.
      c.asOfDay = r.scenario.days
      c.tokensKnown = data.summary.tokensKnown
    }
    return c
  }

  /// `analyzer`'s report on `r`, with its key figures banded over the workbook's seeds (each
  /// seed simulated in full, since analyzers read calls); the pricing report gets the plans'
  /// odds as `compare` does.
  func seededReport(_ analyzer: AnalyzerName, _ r: SimulationResult, isCancelled: @escaping @Sendable () -> Bool)
    throws -> Report
  {
    let u = uncertainty(of: r.scenario)
    if analyzer == .pricing, !workbook.plans.isEmpty, !u.isSingle {
      let first = try measured(r.scenario.name, isCancelled: isCancelled)
      let names = workbook.plans.map(\.name)
      return PlanComparison(plans: workbook.plans, period: r.scenario.period, money: workbook.money).report(
        names, run: r.run, population: r.population, cube: first.cube, book: first.book,
        odds: try odds(names, on: r.scenario, first: first, isCancelled: isCancelled))
    }
    if !workbook.plans.isEmpty, workbook.scenario(r.scenario.name) != nil {
      _ = try measured(r.scenario.name, isCancelled: isCancelled)  // refuses a plan past the money range
    }
    let report = analyzer.report(context(r))
    guard !u.isSingle else { return report }
    let wb = workbook
    let first = report.seedParts
    let rest = try SeedRunner(u).map(seeds: 2...u.seeds, isCancelled: isCancelled) { k in
      let result = try Simulator(scenario: SeedRunner.scenario(r.scenario, seed: k)).run(
        threads: 1, isCancelled: isCancelled)
      return analyzer.report(Self.context(result, wb)).seedParts
    }
    return report.banded([first] + rest, u)
  }

  /// Whether `name` has a cached simulation.
  public func hasResult(_ name: String) -> Bool { runs[name] != nil || measures[name] != nil }

  /// Runs the cells with the given ids (all cells when empty), in workbook order.
  public func run(cells ids: [String] = [], isCancelled: @escaping @Sendable () -> Bool = { false }) throws
    -> [CellOutput]
  {
    simulated = []
    for id in ids where workbook.cell(id) == nil {
      throw SessionError.unknownCell(id, nearest: Suggestion.nearest(to: id, in: workbook.cells.map(\.id)))
    }
    var outputs: [CellOutput] = []
    for cell in workbook.cells where ids.isEmpty || ids.contains(cell.id) {
      outputs.append(CellOutput(cell: cell, report: try runCell(cell, previous: outputs, isCancelled: isCancelled)))
    }
    return outputs
  }

  /// Evaluates one cell (outputs of earlier cells feed `export` cells).
  public func evaluate(
    _ cell: Cell, previous: [CellOutput] = [], isCancelled: @escaping @Sendable () -> Bool = { false }
  ) throws -> Report {
    try report(for: cell, previous: previous, isCancelled: isCancelled)
  }

  /// Evaluates one of the workbook's cells as a run of its cells does: a cell that needs the
  /// calls of a scenario kept as sums gives a note saying so (`SumsOnlyError`) rather than
  /// stopping the cells after it.
  public func runCell(
    _ cell: Cell, previous: [CellOutput] = [], isCancelled: @escaping @Sendable () -> Bool = { false }
  ) throws -> Report {
    do {
      return try report(for: cell, previous: previous, isCancelled: isCancelled)
    } catch let error as SumsOnlyError {
      return error.report(for: cell.id)
    }
  }

  /// The scenario a cell without `on` uses: the first `run` cell's, else the first scenario.
  public var defaultScenario: String? {
    workbook.cells.compactMap { if case .run(let s) = $0.kind { s } else { nil } }.first
      ?? workbook.scenarios.first?.name
  }

  private func report(for cell: Cell, previous: [CellOutput], isCancelled: @escaping @Sendable () -> Bool) throws
    -> Report
  {
    switch cell.kind {
    case .markdown(let text):
      return Report(title: "", blocks: [.markdown(text)])
    case .run(let name):
      let first = try measured(name, isCancelled: isCancelled)
      var report = RunSummary.report(
        first.scenario, calls: first.calls,
        figures: try seeded(
          first.scenario, plans: workbook.plans, first: first, allPlans: false, isCancelled: isCancelled))
      // Seed 1's quotes (from the cache just filled): every seed bills the same dates.
      let rates =
        try seedFigures(first.scenario, plans: workbook.plans, first: first, isCancelled: isCancelled)
        .first?.figures.rates ?? []
      if !rates.isEmpty { report.blocks.append(.note(PricingProposal.ratesNote(rates, money: workbook.money))) }
      return report
    case .report(let analyzer, let name):
      guard let name = name ?? defaultScenario else { throw SessionError.noScenario }
      guard let analyzer = AnalyzerName(rawValue: analyzer) else { throw SessionError.unknownAnalyzer(analyzer) }
      if let scenario = workbook.scenario(name), let data = scenario.data, let digest = data.digest {
        // The digest holds the imported calls only: the calls a scenario adds are measured, not kept.
        guard !scenario.isRandom,
          let report = analyzer.report(
            digest, in: context(try measured(name, isCancelled: isCancelled), digest),
            tokensKnown: data.summary.tokensKnown)
        else { throw SumsOnlyError(scenario, data) }
        return report
      }
      let r = try result(for: name, isCancelled: isCancelled)
      return try seededReport(analyzer, r, isCancelled: isCancelled)
    case .chart(let q, let name):
      guard let name = name ?? defaultScenario else { throw SessionError.noScenario }
      let r = try result(for: name, isCancelled: isCancelled)
      let bills =
        q.perCustomer
        ? ChartBills(
          plans: workbook.plans, period: r.scenario.period, population: r.population,
          cube: try cube(for: name, isCancelled: isCancelled), book: book(for: name), money: workbook.money) : nil
      return try ChartBuilder.report(q, on: r.run, bills: bills)
    case .compare(let plans, let name):
      guard let name = name ?? defaultScenario else { throw SessionError.noScenario }
      let first = try measured(name, isCancelled: isCancelled)
      return PlanComparison(plans: workbook.plans, period: first.scenario.period, money: workbook.money).report(
        plans, population: first.population, cube: first.cube, book: first.book,
        odds: try odds(plans, on: first.scenario, first: first, isCancelled: isCancelled))
    case .whatIf(let base, let overrides, let show):
      guard let name = base ?? defaultScenario else { throw SessionError.noScenario }
      let scoped = overrides.map { Override(path: ["scenarios", name] + $0.path, value: $0.value) }
      let changed = try loader.load(source, overrides: workbook.overrides + scoped)
      guard let scenario = changed.scenario(name) else { throw SessionError.unknownScenario(name) }
      let keep: (KeyFigure) -> Bool = { f in show.isEmpty || show.contains { $0.lowercased() == f.label.lowercased() } }
      let old = try figures(for: name, isCancelled: isCancelled)
      let new = try seeded(scenario, plans: changed.plans, first: nil, isCancelled: isCancelled)
      return RunSummary.delta(
        before: old.keeping(keep), after: new.keeping(keep),
        title: "What if " + overrides.map(\.description).joined(separator: ", "))
    case .reprice(let request, let name):
      guard let name = name ?? defaultScenario else { throw SessionError.noScenario }
      let r = try result(for: name, isCancelled: isCancelled)
      return try request.whatIf(in: r.scenario.catalog).report(context(r))
    case .export(let path, let format):
      let url = URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: workbook.path).deletingLastPathComponent())
      let text = try document(format: format, outputs: previous, isCancelled: isCancelled)
      let recipe = RunManifest.Recipe(
        command: "export", format: format, workbook: workbook.path, overrides: workbook.overrides.map(\.description),
        options: ["cells": previous.map(\.cell.id).joined(separator: ",")])
      let input = RunManifest.Input(role: "workbook", path: workbook.path, sha256: Digest.sha256(source.text))
      _ = try RunManifest.export(
        Array(text.utf8), to: url, recipe: recipe, catalog: workbook.scenarios.first?.catalog,
        inputs: [input] + workbook.dataInputs,
        rows: previous.count)
      return Report(title: "", blocks: [.note("wrote \(path) (+ manifest)")])
    case .compareScenarios(let names, let show):
      let figures = try WhatIfFigure.parse(show, plans: workbook.plans.map(\.name))
      // Measured, not generated: the comparison reads cubes, so no scenario's calls are made.
      let results = try names.map { try measured($0, isCancelled: isCancelled) }
      let u = results.contains { $0.scenario.isRandom } ? workbook.uncertainty : Uncertainty()
      let perSeed =
        u.isSingle
        ? nil
        : try results.map { r in
          let figures = try seedFigures(r.scenario, plans: workbook.plans, first: r, isCancelled: isCancelled)
            .map(\.figures)
          // A scenario without randomness ran once; its figures are every seed's, so each
          // seed of the others pairs with them.
          return r.scenario.isRandom ? figures : Array(repeating: figures[0], count: u.seeds)
        }
      return try ScenarioComparison(plans: workbook.plans, money: workbook.money).report(
        results, show: figures, seeds: perSeed.map { ($0, u) })
    case .sweep(let request):
      return SweepReport.report(try sweep(request, isCancelled: isCancelled))
    case .project(let months, let plans, let name):
      return try projection(months: months, plans: plans, scenario: name, isCancelled: isCancelled).report()
    }
  }
}

/// One cell's result.
public struct CellOutput: Sendable {
  public var cell: Cell
  public var report: Report
  public init(cell: Cell, report: Report) {
    self.cell = cell
    self.report = report
  }
}

/// Problems running a workbook's cells.
public enum SessionError: Error, Equatable, CustomStringConvertible {
  case unknownScenario(String)
  case unknownCell(String, nearest: String?)
  case noScenario
  /// A report cell names no analyzer (the loader rejects that; a cell built in code may not).
  case unknownAnalyzer(String)

  public var description: String {
    switch self {
    case .unknownScenario(let s): "unknown scenario '\(s)'"
    case .unknownCell(let id, let near): "unknown cell '\(id)'" + (near.map { "; did you mean '\($0)'?" } ?? "")
    case .noScenario: "the workbook has no scenario to run"
    case .unknownAnalyzer(let name):
      "unknown analyzer '\(name)'; expected one of: "
        + AnalyzerName.allCases.map(\.rawValue).joined(separator: ", ")
    }
  }
}
