/// Runs a sweep or a two-parameter grid: for every point it applies the swept values as
/// overrides on top of the session's, re-loads the workbook, simulates the scenario and
/// bills every plan.
///
/// It does as little simulating as the request allows, because a sweep multiplies the cost
/// of one run by its number of points:
/// - points are resolved (loaded and validated) first, so a bad value fails the whole sweep
///   before any simulation, and the work is estimated against `callBudget`;
/// - each distinct resolved scenario is simulated once and its points billed from that one
///   run (a `plans.…` sweep simulates once and re-bills every point);
/// - a path that changes only plans and one that changes only scenarios are loaded apart, so
///   a plan × customers grid loads the workbook 41 + 41 times, not 41 × 41.
///
/// Every point simulates with the same seed, and the simulator draws each customer-day from
/// its own sub-stream of it (common random numbers): the curve moves because the parameter
/// does, not because the dice were re-rolled.
public struct SweepRunner {
  /// The workbook with the session's overrides plus `extra` (an override of the same path
  /// replaces the session's).
  public var load: ([Override]) throws -> Workbook
  /// Simulates a scenario (a session answers an unchanged scenario from its cache).
  public var simulate: (Scenario, @escaping @Sendable () -> Bool) throws -> SimulationResult
  /// Most calls the sweep may simulate in all.
  public var callBudget: Int

  public init(
    load: @escaping ([Override]) throws -> Workbook,
    simulate: @escaping (Scenario, @escaping @Sendable () -> Bool) throws -> SimulationResult,
    callBudget: Int = Limits.sweepCalls
  ) {
    self.load = load
    self.simulate = simulate
    self.callBudget = callBudget
  }

  /// The roots a swept path may start with: the ones that change a figure.
  public static let roots = ["seed", "period", "scenarios", "plans"]

  /// Checks that `path` names something of the workbook a sweep can change.
  public static func check(_ path: [String], scenarios: [String], plans: [String]) throws(WhatIfError) {
    let shown = path.joined(separator: ".")
    guard let root = path.first else {
      throw WhatIfError("empty path; expected e.g. scenarios.NAME.customers or plans.NAME.minimum")
    }
    guard roots.contains(root) else {
      throw WhatIfError(
        "cannot sweep '\(shown)': it changes none of the figures; expected a path under \(roots.joined(separator: ", "))"
          + (Suggestion.nearest(to: root, in: roots).map { "; did you mean '\($0)'?" } ?? ""))
    }
    switch root {
    case "scenarios", "plans":
      let what = root == "scenarios" ? "scenario" : "plan"
      guard path.count >= 3 else {
        throw WhatIfError(
          "cannot sweep '\(shown)'; expected \(root).\(what.uppercased()).KEY, e.g. "
            + (root == "plans" ? "plans.NAME.minimum" : "scenarios.NAME.customers"))
      }
      let names = root == "scenarios" ? scenarios : plans
      guard names.contains(path[1]) else { throw WhatIfError.unknown(what, path[1], in: names) }
    case "period":
      guard path == ["period", "days"] else { throw WhatIfError("cannot sweep '\(shown)'; expected period.days") }
    default:
      guard path.count == 1 else { throw WhatIfError("cannot sweep '\(shown)'; expected seed") }
    }
  }

  /// Runs `request` against `base` (the workbook with the session's overrides).
  ///
  /// - Throws: `WhatIfError` for a request that cannot run (checked before simulating), a
  ///   located error for a value the workbook refuses, `CancellationError` when
  ///   `isCancelled` turns true (polled between points and inside simulations).
  public func run(
    _ request: SweepRequest, base: Workbook, defaultScenario: String?,
    isCancelled: @escaping @Sendable () -> Bool = { false }
  ) throws -> SweepResult {
    let (name, shown, axes) = try Self.validate(request, base: base, defaultScenario: defaultScenario)
    // 1. Resolve every point: the plans from the plan overrides, the scenario from the others.
    var positions: [[Int]] = axes[0].values.labels.indices.map { [$0] }
    if axes.count == 2 { positions = positions.flatMap { p in axes[1].values.labels.indices.map { p + [$0] } } }
    let (scenarios, plansAt) = try resolve(
      positions, request: request, axes: axes, scenario: name, base: base, isCancelled: isCancelled)
    // 2. Estimate the simulations before the first one starts.
    let (distinct, pointsOf) = Self.distinct(scenarios)
    let u = base.uncertainty
    try checkBudget(distinct, seeds: u.seeds, isCancelled: isCancelled)
    // 3. Simulate each distinct scenario once per seed; bill its points from that run.
    var perSeed = [[WhatIfFigures]](repeating: [], count: positions.count)
    var calls = 0
    for (k, scenario) in distinct.enumerated() {
      if isCancelled() { throw CancellationError() }
      let points = pointsOf[k]
      let plans = points.map { plansAt[$0] }
      let first = MeasuredRun(try simulate(scenario, isCancelled))
      let seeds = try SeedRunner(u).measure(scenario, first: first, isCancelled: isCancelled) { m in
        var billed: [[Plan]: WhatIfFigures] = [:]
        let figures = try plans.map { p in
          let f = try billed[p] ?? m.figures(plans: p, money: base.money)
          billed[p] = f
          return f
        }
        return (m.calls, figures)
      }
      calls += seeds.reduce(0) { $0 + $1.0 }
      for (j, i) in points.enumerated() { perSeed[i] = seeds.map { $0.1[j] } }
    }
    let points = zip(positions, perSeed).compactMap { p, seeds in
      seeds.first.map { SweepResult.Point(position: p, figures: $0, perSeed: seeds.count > 1 ? seeds : []) }
    }
    var result = SweepResult(
      scenario: name, seed: scenarios.first?.seed ?? base.seed, axes: axes, shown: shown, points: points,
      simulations: distinct.count * u.seeds, simulatedCalls: calls)
    result.uncertainty = u
    result.money = base.money
    return result
  }

  /// Checks the request's shape, scenario, paths and figures, and expands its axes' values.
  static func validate(_ request: SweepRequest, base: Workbook, defaultScenario: String?) throws(WhatIfError) -> (
    scenario: String, shown: [WhatIfFigure], axes: [SweepResult.Axis]
  ) {
    let grid = request.axes.count == 2
    guard (1...2).contains(request.axes.count) else {
      throw WhatIfError("a sweep has one parameter, or two joined by 'and'; got \(request.axes.count)")
    }
    if grid && request.axes[0].path == request.axes[1].path {
      throw WhatIfError("both parameters of the grid are \(request.axes[0].dottedPath); expected two different paths")
    }
    let scenarioNames = base.scenarios.map(\.name)
    let planNames = base.plans.map(\.name)
    guard let name = request.scenarioName(fallback: defaultScenario) else {
      throw WhatIfError("the workbook has no scenario to sweep")
    }
    guard base.scenario(name) != nil else { throw WhatIfError.unknown("scenario", name, in: scenarioNames) }
    for axis in request.axes { try check(axis.path, scenarios: scenarioNames, plans: planNames) }
    let shown = try figures(request, plans: planNames, grid: grid)
    let axes = try request.axes.map { axis throws(WhatIfError) in
      SweepResult.Axis(
        path: axis.dottedPath, values: try SweepValues(axis, maxPoints: grid ? Limits.gridSide : Limits.sweepPoints))
    }
    return (name, shown, axes)
  }

  /// The scenario and plans of every point, loading each distinct set of overrides once.
  func resolve(
    _ positions: [[Int]], request: SweepRequest, axes: [SweepResult.Axis], scenario name: String, base: Workbook,
    isCancelled: @escaping @Sendable () -> Bool
  ) throws -> (scenarios: [Scenario], plans: [[Plan]]) {
    var loaded: [[Override]: (scenario: Scenario?, plans: [Plan])] = [:]
    func resolve(_ extra: [Override]) throws -> (scenario: Scenario?, plans: [Plan]) {
      if let hit = loaded[extra] { return hit }
      if isCancelled() { throw CancellationError() }
      let workbook: Workbook
      do {
        workbook = extra.isEmpty ? base : try load(extra)
      } catch let e as DiagnosticsError {
        throw WhatIfError(
          "at " + extra.map { "\($0.path.joined(separator: ".")) = \($0.value)" }.joined(separator: ", ") + ":\n"
            + e.description)
      }
      let found = (workbook.scenario(name), workbook.plans)
      loaded[extra] = found
      return found
    }
    var scenarios: [Scenario] = []
    var plansAt: [[Plan]] = []
    for position in positions {
      let overrides = zip(request.axes, position).enumerated().map { a, x in
        (x.0.changesOnlyPlans, Override(path: x.0.path, value: axes[a].values.overrides[x.1]))
      }
      let scenario = try resolve(overrides.filter { !$0.0 }.map(\.1)).scenario
      let plans = try resolve(overrides.filter { $0.0 }.map(\.1)).plans
      guard let scenario else { throw WhatIfError.unknown("scenario", name, in: base.scenarios.map(\.name)) }
      scenarios.append(scenario)
      plansAt.append(plans)
    }
    return (scenarios, plansAt)
  }

  /// The distinct scenarios in first-seen order, and the points each one serves.
  static func distinct(_ scenarios: [Scenario]) -> (scenarios: [Scenario], points: [[Int]]) {
    var distinct: [Scenario] = []
    var pointsOf: [[Int]] = []
    var index: [Scenario: Int] = [:]
    for (i, s) in scenarios.enumerated() {
      if let k = index[s] {
        pointsOf[k].append(i)
        continue
      }
      index[s] = distinct.count
      distinct.append(s)
      pointsOf.append([i])
    }
    return (distinct, pointsOf)
  }

  /// Refuses a sweep whose simulations would generate more calls than the budget, with a fix.
  func checkBudget(_ distinct: [Scenario], seeds: Int = 1, isCancelled: @escaping @Sendable () -> Bool) throws {
    var estimate = 0.0
    for s in distinct {
      if isCancelled() { throw CancellationError() }
      estimate += Simulator(scenario: s).expectedCalls() * Double(seeds)
    }
    guard estimate > Double(callBudget) else { return }
    let perRun = estimate / Double(distinct.count * seeds)
    let fit = max(2, Int(Double(callBudget) / max(1, perRun)))
    throw WhatIfError(
      "this sweep would simulate about \(Format.integer(Int(min(estimate, 9e18)))) calls (\(distinct.count * seeds) simulations of about \(Format.integer(Int(min(perRun, 9e18))))); at most \(Format.integer(callBudget)) — "
        + (distinct.count > 2
          ? "use fewer steps (about steps \(min(fit, distinct.count - 1))) or a smaller scenario"
          : "lower the scenario's customers or period.days"))
  }

  /// The figures shown: `show`, else each plan's revenue, AI cost and margin for a curve, or
  /// the first plan's margin for a grid (a grid shows one figure).
  static func figures(_ request: SweepRequest, plans: [String], grid: Bool) throws(WhatIfError) -> [WhatIfFigure] {
    guard !request.show.isEmpty else {
      return grid ? [plans.first.map { .margin(plan: $0) } ?? .cost] : WhatIfFigure.sweepDefaults(plans: plans)
    }
    let picked = try WhatIfFigure.parse(request.show, plans: plans)
    if grid && picked.count != 1 {
      throw WhatIfError(
        "a grid shows one figure; got \(picked.count) (\(picked.map(\.description).joined(separator: ", ")))")
    }
    return picked
  }
}
