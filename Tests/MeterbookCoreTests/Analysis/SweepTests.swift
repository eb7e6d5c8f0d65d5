import Foundation
import Synchronization
import TestSupport
import Testing

@testable import MeterbookCore

/// Sweeps and grids: the values, the figures at each point, common random numbers, how
/// little they simulate, and every refusal.
struct SweepTests {
  private func axis(_ path: String, _ from: String, _ to: String, _ spacing: SweepRequest.Axis.Spacing = .steps(5))
    -> SweepRequest.Axis
  {
    SweepRequest.Axis(path: path.split(separator: ".").map(String.init), from: from, to: to, spacing: spacing)
  }

  private func values(_ from: String, _ to: String, _ spacing: SweepRequest.Axis.Spacing, max: Int = 101) throws
    -> [String]
  {
    try SweepValues(axis("scenarios.base.customers", from, to, spacing), maxPoints: max).labels
  }

  private func error(_ body: () throws -> Void) -> String {
    do {
      try body()
      return ""
    } catch {
      return "\(error)"
    }
  }

  // MARK: Values

  @Test func stepsGiveEvenlySpacedExactDecimals() throws {
    #expect(
      try values("0.01", "0.05", .steps(9)) == [
        "0.010", "0.015", "0.020", "0.025", "0.030", "0.035", "0.040", "0.045", "0.050",
      ])
    #expect(try values("0", "1", .steps(3)) == ["0.0", "0.5", "1.0"])
    #expect(try values("10", "0", .steps(3)) == ["10", "5", "0"])
    // A step no decimal holds is shown to four significant digits; the ends stay exact, and
    // the loader reads each value without trailing zeros.
    #expect(try values("0", "1", .steps(4)) == ["0.0000", "0.3333", "0.6667", "1.0000"])
    #expect(
      try SweepValues(axis("seed", "10", "20", .steps(4)), maxPoints: 101).overrides == [
        "10", "13.333", "16.667", "20",
      ])
  }

  @Test func integerEndsAndAWholeStepGiveIntegers() throws {
    let v = try SweepValues(axis("scenarios.base.customers", "200", "400", .steps(5)), maxPoints: 101)
    #expect(v.labels == ["200", "250", "300", "350", "400"])
    #expect(v.places == 0)
    #expect(v.numbers == [200, 250, 300, 350, 400])
    // A fractional step is not rounded to integers: the loader refuses it where it lands.
    #expect(try values("200", "401", .steps(5)) == ["200.00", "250.25", "300.50", "350.75", "401.00"])
  }

  @Test func byStepWalksFromFromAndReachesToOnlyWhenItLands() throws {
    #expect(try values("1", "2", .by("0.25")) == ["1.00", "1.25", "1.50", "1.75", "2.00"])
    #expect(try values("0", "1", .by("0.3")) == ["0.0", "0.3", "0.6", "0.9"])
    #expect(try values("30", "10", .by("-10")) == ["30", "20", "10"])
  }

  @Test func badRangesAreRefusedWithTheReason() {
    #expect(
      error { _ = try values("abc", "5", .steps(5)) }.contains(
        "FROM of scenarios.base.customers is 'abc'; expected a number"))
    #expect(error { _ = try values("1", "1e3", .steps(5)) }.contains("TO of scenarios.base.customers is '1e3'"))
    #expect(error { _ = try values("5", "5.0", .steps(5)) }.contains("expected two different ends"))
    #expect(error { _ = try values("1", "5", .steps(1)) }.contains("expected at least 2 points"))
    #expect(error { _ = try values("1", "500", .steps(102)) }.contains("expected at most 101 points"))
    #expect(error { _ = try values("1", "5", .by("0")) }.contains("expected a step other than 0"))
    #expect(error { _ = try values("1", "5", .by("-1")) }.contains("walks away from 5"))
    #expect(error { _ = try values("1", "5", .by("10")) }.contains("is larger than the range"))
    #expect(error { _ = try values("0", "1000", .by("1")) }.contains("gives 1001 points"))
    #expect(error { _ = try values("0", "0.0000000001", .steps(2)) }.contains("at most 9 decimal places"))
    #expect(error { _ = try values("1", "50", .steps(42), max: Limits.gridSide) }.contains("at most 41 points"))
  }

  // MARK: Scenario sweeps

  @Test func aCustomersSweepIsMonotoneInCallsAndSimulatesEachPointOnce() throws {
    let session = try WhatIfWorkbook.session()
    let r = try session.sweep(
      SweepRequest(
        axes: [axis("scenarios.base.customers", "10", "40", .steps(4))], show: ["calls", "active customers"]))
    #expect(r.scenario == "base")
    #expect(r.axes[0].values.labels == ["10", "20", "30", "40"])
    #expect(r.simulations == 4)
    let calls = r.points.map(\.figures.calls)
    #expect(zip(calls, calls.dropFirst()).allSatisfy { $0 < $1 }, "\(calls)")
    #expect(r.simulatedCalls == calls.reduce(0, +))
    #expect(zip(r.points.map(\.figures.activeCustomers), [10, 20, 30, 40]).allSatisfy { $0 <= $1 })
  }

  /// Common random numbers: customer i draws from its own sub-streams of the one seed, so
  /// growing the population adds customers without re-rolling anyone's calls. (Organization
  /// and product ids may differ — the number of organizations follows the customers — but
  /// what a customer calls, when, on which model and at what cost does not.)
  @Test func growingTheCustomersKeepsTheFirstCustomersCallsIdentical() throws {
    let loader = WorkbookLoader(library: Fixtures.library)
    func run(_ customers: Int) throws -> SimulationResult {
      let wb = try loader.load(
        try WhatIfWorkbook.source(),
        overrides: [Override(path: ["scenarios", "base", "customers"], value: "\(customers)")])
      return try Simulator(scenario: try #require(wb.scenario("base"))).run()
    }
    let (small, large) = (try run(20), try run(40))
    func calls(_ r: SimulationResult) -> [[Int64]] {
      r.run.customer.indices.filter { r.run.customer[$0] < 20 }.map { i in
        [
          Int64(r.run.customer[i]), r.run.timestamp[i], Int64(r.run.model[i]), Int64(r.run.inputTokens[i]),
          Int64(r.run.outputTokens[i]), r.run.cost[i],
        ]
      }
    }
    #expect(calls(small).count == small.run.count)
    #expect(
      calls(small).sorted { $0.lexicographicallyPrecedes($1) }
        == calls(large).sorted { $0.lexicographicallyPrecedes($1) })
    #expect(large.run.count > small.run.count)
  }

  @Test func aPointWhoseScenarioDidNotChangeReusesOneSimulation() throws {
    // Sweeping 'other' while simulating 'base': every point resolves to the same scenario.
    let session = try WhatIfWorkbook.session()
    let r = try session.sweep(
      SweepRequest(axes: [axis("scenarios.other.customers", "10", "50", .steps(5))], scenario: "base"))
    #expect(r.simulations == 1)
    #expect(Set(r.points.map(\.figures)).count == 1)
    #expect(r.points.count == 5)
  }

  @Test func aNonIntegralValueForAnIntegerFieldIsTheLoadersLocatedError() throws {
    let session = try WhatIfWorkbook.session()
    let message = error {
      _ = try session.sweep(SweepRequest(axes: [axis("scenarios.base.customers", "10", "20", .steps(4))]))
    }
    #expect(
      message.hasPrefix("at scenarios.base.customers = 13.333:\n--set scenarios.base.customers:1:1: error:"),
      "\(message)")
    #expect(message.contains("expected a whole number"))
  }

  @Test func theSessionsOverridesStayAndASweptPathReplacesItsOwn() throws {
    let session = try WhatIfWorkbook.session(overrides: [
      Override(path: ["scenarios", "base", "customers"], value: "999"), Override(path: ["seed"], value: "11"),
    ])
    let r = try session.sweep(
      SweepRequest(axes: [axis("scenarios.base.customers", "10", "20", .steps(2))], show: ["calls"]))
    #expect(r.seed == 11)
    #expect(r.points.map(\.figures.activeCustomers).allSatisfy { $0 <= 20 })
  }

  // MARK: Plan sweeps (need plan overrides: the lead's override rewrite)

  @Test
  func aPlanSweepSimulatesOnceAndLeavesAICostIdentical() throws {
    let session = try WhatIfWorkbook.session()
    let base = try session.result(for: "base")
    let r = try session.sweep(SweepRequest(axes: [axis("plans.flat.fee", "5", "25", .steps(5))]))
    #expect(r.simulations == 1)
    #expect(Set(r.points.map(\.figures.cost)) == [base.run.totalCost])
    // Known answer: a $FEE flat plan bills every customer FEE prorated to 5 of January's 31 days.
    #expect(
      r.points.map { $0.figures.plan("flat")?.revenue }
        == [5, 10, 15, 20, 25].map { WhatIfWorkbook.billed(monthly: Money(dollars: Int64($0))) * 20 })
    let usage = Money(dollars: 0, cents: 1) * Int64(WhatIfWorkbook.billableCalls(base))
    #expect(r.points.allSatisfy { $0.figures.plan("usage")?.revenue == usage })
  }

  @Test
  func theRankNoteAppearsExactlyWhereFlatOvertakesUsage() throws {
    let session = try WhatIfWorkbook.session()
    // usage bills $0.01 a billable call whatever the fee; flat bills 20 customers × FEE.
    let usage = Money(dollars: 0, cents: 1) * Int64(WhatIfWorkbook.billableCalls(try session.result(for: "base")))
    let top = Int64(usage.dollars / 10 * 31 / 5) + 2
    let r = try session.sweep(SweepRequest(axes: [axis("plans.flat.fee", "0", "\(top)", .steps(11))]))
    let fees = try r.axes[0].values.labels.map { try Money(parsing: $0) }
    // Equal margins rank by name, and 'flat' sorts before 'usage'.
    let crossing = try #require(fees.firstIndex { WhatIfWorkbook.billed(monthly: $0) * 20 >= usage })
    let report = SweepReport.report(r)
    guard case .table(let t)? = report.blocks.first(where: { if case .table = $0 { true } else { false } }) else {
      Issue.record("no table")
      return
    }
    #expect(t.rows.map { $0.last! } == t.rows.indices.map { $0 == crossing ? "flat > usage" : "" })
  }

  @Test
  func aPerCallPriceSweepBillsCallsTimesPriceExactly() throws {
    let session = try WhatIfWorkbook.session()
    let calls = Int64(WhatIfWorkbook.billableCalls(try session.result(for: "base")))
    let r = try session.sweep(SweepRequest(axes: [axis("plans.usage.charges.0.price", "0.01", "0.05", .steps(9))]))
    #expect(r.simulations == 1)
    let prices = try r.axes[0].values.labels.map { try Money(parsing: $0) }
    #expect(r.points.map { $0.figures.plan("usage")?.revenue } == prices.map { $0 * calls })
  }

  /// The workbook loader, counting loads.
  private final class CountingLoader {
    var loads = 0
    let loader = WorkbookLoader(library: Fixtures.library)
    func load(_ extra: [Override]) throws -> Workbook {
      loads += 1
      return try loader.load(try WhatIfWorkbook.source(), overrides: extra)
    }
  }

  @Test func aPlanOnlySweepSimulatesOnceAndRebillsEveryPoint() throws {
    let fees = CountingLoader()
    let counter = Counter()
    let base = try fees.load([])
    let runner = SweepRunner(
      load: fees.load,
      simulate: { scenario, cancelled in
        counter.simulated += 1
        return try Simulator(scenario: scenario).run(isCancelled: cancelled)
      })
    let r = try runner.run(
      SweepRequest(axes: [axis("plans.flat.fee", "5", "25", .steps(5))]), base: base, defaultScenario: "base")
    #expect(counter.simulated == 1)
    #expect(r.simulations == 1)
    #expect(Set(r.points.map(\.figures.cost)).count == 1)
    #expect(Set(r.points.map(\.figures.calls)).count == 1)
    #expect(
      r.points.map { $0.figures.plan("flat")?.revenue }
        == [5, 10, 15, 20, 25].map { WhatIfWorkbook.billed(monthly: Money(dollars: Int64($0))) * 20 })
    #expect(Set(r.points.map { $0.figures.plan("usage")?.revenue }).count == 1)
    #expect(
      SweepReport.report(r).blocks.contains(
        .note(
          "5 points of plans.flat.fee from 5 to 25: 'base' simulated once (\(Format.integer(r.simulatedCalls)) calls) and re-billed at every point, "
            + "as only plans change; every point uses seed 3 (common random numbers), so the figures move only because the parameter does."
        )))
  }

  @Test func aPlanByScenarioGridLoadsEachValueOnceAndSimulatesEachScenarioOnce() throws {
    let fees = CountingLoader()
    let counter = Counter()
    let base = try fees.load([])
    fees.loads = 0
    let runner = SweepRunner(
      load: fees.load,
      simulate: { scenario, cancelled in
        counter.simulated += 1
        return try Simulator(scenario: scenario).run(isCancelled: cancelled)
      })
    let r = try runner.run(
      SweepRequest(
        axes: [axis("plans.flat.fee", "10", "40", .steps(4)), axis("scenarios.base.customers", "10", "30", .steps(3))],
        show: ["margin.flat"]),
      base: base, defaultScenario: "base")
    #expect(r.points.count == 12)
    #expect(fees.loads == 4 + 3)
    #expect(counter.simulated == 3)
    // Known answer down each column: flat revenue is the prorated FEE × customers, cost is the column's.
    for p in r.points {
      let fee = WhatIfWorkbook.billed(monthly: Money(dollars: Int64(10 * (p.position[0] + 1))))
      let customers = Int64(10 * (p.position[1] + 1))
      #expect(p.figures.plan("flat")?.revenue == fee * customers)
      #expect(p.figures.plan("flat")?.margin == fee * customers - p.figures.cost)
    }
  }

  // MARK: Rank notes (by hand)

  private func figures(_ margins: [String: Int64]) -> WhatIfFigures {
    WhatIfFigures(
      calls: 1, activeCustomers: 1, cost: .zero, errors: 0,
      plans: margins.keys.sorted().map {
        .init(plan: $0, revenue: Money(dollars: margins[$0]!), margin: Money(dollars: margins[$0]!))
      })
  }

  @Test func aRankNoteMarksExactlyThePointsWherePlansCross() throws {
    let margins: [[String: Int64]] = [
      ["a": 10, "b": 5, "c": 1], ["a": 10, "b": 8, "c": 1], ["a": 10, "b": 12, "c": 1], ["a": 10, "b": 12, "c": 1],
      ["a": 20, "b": 12, "c": 30],
    ]
    let values = try SweepValues(axis("plans.a.fee", "1", "5", .steps(5)), maxPoints: 101)
    let r = SweepResult(
      scenario: "s", seed: 1, axes: [.init(path: "plans.a.fee", values: values)],
      shown: [.margin(plan: "a"), .margin(plan: "b"), .margin(plan: "c")],
      points: margins.enumerated().map { .init(position: [$0.offset], figures: figures($0.element)) }, simulations: 1,
      simulatedCalls: 1)
    let report = SweepReport.report(r)
    guard case .table(let t)? = report.blocks.first(where: { if case .table = $0 { true } else { false } }) else {
      Issue.record("no table")
      return
    }
    #expect(t.columns.last == "rank change")
    #expect(t.title == "margin by plan")
    #expect(t.columns == ["fee", "a", "b", "c", "rank change"])
    #expect(t.rows.map { $0.last! } == ["", "", "b > a", "", "c > a; c > b; a > b"])
    guard case .note(let n)? = report.blocks.last else {
      Issue.record("no closing note")
      return
    }
    #expect(
      n
        == "Plans ranked by margin (equal margins by name; 'a > b' in the table: a overtakes b): at fee = 3, b overtakes a; at fee = 5, c overtakes a and c overtakes b and a overtakes b."
    )
  }

  @Test func equalMarginsRankByName() {
    #expect(figures(["b": 5, "a": 5, "c": 9]).rankedByMargin == ["c", "a", "b"])
    #expect(SweepReport.overtakes(from: ["a", "b"], to: ["a", "b"]).isEmpty)
  }

  // MARK: Grids

  @Test func aGridHasOneCellPerPairAndEachColumnEqualsTheSingleSweep() throws {
    let session = try WhatIfWorkbook.session()
    let grid = try session.sweep(
      SweepRequest(
        axes: [
          axis("scenarios.base.customers", "10", "30", .steps(3)),
          axis("scenarios.base.organization_skew", "0.5", "1.5", .steps(2)),
        ],
        show: ["calls"]))
    #expect(grid.points.count == 6)
    #expect(grid.points.map(\.position) == [[0, 0], [0, 1], [1, 0], [1, 1], [2, 0], [2, 1]])
    let report = SweepReport.report(grid)
    guard case .heat(let h)? = report.blocks.first(where: { if case .heat = $0 { true } else { false } }) else {
      Issue.record("no heat table")
      return
    }
    #expect(h.rows == ["10", "20", "30"])
    #expect(h.columns == ["0.5", "1.5"])
    for (c, skew) in ["0.5", "1.5"].enumerated() {
      let single = try WhatIfWorkbook.session(overrides: [
        Override(path: ["scenarios", "base", "organization_skew"], value: skew)
      ])
      .sweep(SweepRequest(axes: [axis("scenarios.base.customers", "10", "30", .steps(3))], show: ["calls"]))
      #expect(h.values.map { $0[c] } == single.points.map { Double($0.figures.calls) })
    }
    let best = try #require(h.best)
    #expect(h.values[best.row][best.column] == h.values.flatMap { $0 }.max())
  }

  @Test func gridsAreRefusedPast41ValuesASideOrWithTwoFigures() throws {
    let session = try WhatIfWorkbook.session()
    let big = error {
      _ = try session.sweep(
        SweepRequest(axes: [
          axis("scenarios.base.customers", "10", "60", .steps(42)), axis("seed", "1", "3", .steps(3)),
        ]))
    }
    #expect(big.contains("expected at most 41 points"))
    let two = error {
      _ = try session.sweep(
        SweepRequest(
          axes: [axis("scenarios.base.customers", "10", "20", .steps(2)), axis("seed", "1", "3", .steps(3))],
          show: ["calls", "AI cost"]))
    }
    #expect(two == "a grid shows one figure; got 2 (calls, AI cost)")
    let same = error {
      _ = try session.sweep(SweepRequest(axes: [axis("seed", "1", "2", .steps(2)), axis("seed", "1", "3", .steps(3))]))
    }
    #expect(same.contains("expected two different paths"))
  }

  // MARK: Refusals, budget, cancellation

  @Test func unknownNamesAreRefusedWithTheValidOnes() throws {
    let session = try WhatIfWorkbook.session()
    let figure = error {
      _ = try session.sweep(SweepRequest(axes: [axis("seed", "1", "2", .steps(2))], show: ["margn.flat"]))
    }
    #expect(
      figure.hasPrefix(
        "unknown figure 'margn.flat'; expected one of: calls, active customers, AI cost, revenue.flat, revenue.usage, margin.flat, margin.usage, error rate"
      ))
    #expect(figure.hasSuffix("did you mean 'margin.flat'?"))
    #expect(
      error { _ = try session.sweep(SweepRequest(axes: [axis("plans.flatt.fee", "1", "2", .steps(2))])) }
        == "unknown plan 'flatt'; expected one of: flat, usage; did you mean 'flat'?")
    #expect(
      error { _ = try session.sweep(SweepRequest(axes: [axis("seed", "1", "2", .steps(2))], scenario: "bse")) }
        == "unknown scenario 'bse'; expected one of: base, other; did you mean 'base'?")
    #expect(
      error { _ = try session.sweep(SweepRequest(axes: [axis("budgets.x.amount", "1", "2", .steps(2))])) }.contains(
        "changes none of the figures"))
  }

  /// A counting runner over the what-if workbook.
  private final class Counter { var simulated = 0 }

  private func runner(_ counter: Counter, budget: Int = Limits.sweepCalls, onSimulate: @escaping () -> Void = {}) throws
    -> (SweepRunner, Workbook)
  {
    let loader = WorkbookLoader(library: Fixtures.library)
    let source = try WhatIfWorkbook.source()
    let base = try loader.load(source)
    let runner = SweepRunner(
      load: { try loader.load(source, overrides: $0) },
      simulate: { scenario, cancelled in
        counter.simulated += 1
        onSimulate()
        return try Simulator(scenario: scenario).run(isCancelled: cancelled)
      }, callBudget: budget)
    return (runner, base)
  }

  @Test func workPastTheBudgetIsRefusedBeforeAnySimulation() throws {
    let counter = Counter()
    let (runner, base) = try runner(counter, budget: 10_000)
    let message = error {
      _ = try runner.run(
        SweepRequest(axes: [axis("scenarios.base.customers", "100", "500", .steps(9))]), base: base,
        defaultScenario: "base")
    }
    #expect(message.hasPrefix("this sweep would simulate about "), "\(message)")
    #expect(message.contains("(9 simulations of about "))
    #expect(message.contains("at most 10,000 — use fewer steps"))
    #expect(counter.simulated == 0)
  }

  @Test func cancellingBetweenPointsStopsTheSweep() throws {
    let counter = Counter()
    let flag = CancelFlag()
    let (runner, base) = try runner(counter) { flag.set() }
    #expect(throws: CancellationError.self) {
      _ = try runner.run(
        SweepRequest(axes: [axis("scenarios.base.customers", "10", "50", .steps(5))]), base: base,
        defaultScenario: "base",
        isCancelled: { flag.isSet })
    }
    #expect(counter.simulated == 1)
  }

  // MARK: Cells

  @Test func sweepCellsDecodeAndRun() throws {
    let text =
      WhatIfWorkbook.text + """

          - sweep: {path: scenarios.base.customers, from: 10, to: 30, steps: 3, show: [calls, margin.flat]}
          - id: grid
            sweep: {path: scenarios.base.customers, from: 10, to: 20, steps: 2, and: {path: seed, from: 1, to: 2, steps: 2}, on: base, show: calls}
        """
    let session = try WhatIfWorkbook.session(text)
    let cells = session.workbook.cells
    #expect(cells.map(\.id) == ["run-base", "sweep-customers", "grid"])
    guard case .sweep(let r) = cells[1].kind, case .sweep(let g) = cells[2].kind else {
      Issue.record("not sweep cells")
      return
    }
    #expect(
      r
        == SweepRequest(
          axes: [axis("scenarios.base.customers", "10", "30", .steps(3))], show: ["calls", "margin.flat"]))
    #expect(g.axes.count == 2 && g.scenario == "base" && g.show == ["calls"])
    #expect(cells[1].dependencies == ["scenarios.base", "plans.*"])
    let outputs = try session.run()
    #expect(outputs[1].report.title == "Sweep of scenarios.base.customers on base")
    #expect(outputs[2].report.blocks.contains { if case .heat = $0 { true } else { false } })
  }

  @Test func badSweepCellsAreLocatedErrors() throws {
    struct Loads: LoadsWorkbookText {}
    let errors = Loads().errors(
      WhatIfWorkbook.text + """

          - sweep: {path: scenarios.base.customers, from: 10, to: 30, steps: 1}
          - sweep: {path: scenarios.base.customers, from: 10, to: 30, steps: 3, by: 5}
          - sweep: {path: scenarios.base.customers, from: 10, to: ten}
          - sweep: {path: plans.flat.fee, from: 1, to: 2, show: [margn.flat]}
          - sweep: {path: plans.nope.fee, from: 1, to: 2}
          - sweep: {path: seed, from: 1, to: 2, and: {path: plans.flat.fee, from: 1, to: 2}, show: [calls, AI cost]}
        """)
    #expect(
      errors == [
        "wb.yaml:16:70: 'cells.1.sweep.steps' is 1; expected a value in 2...101",
        "wb.yaml:17:77: a sweep parameter has steps and by; expected one of them",
        "wb.yaml:18:12: TO of scenarios.base.customers is 'ten'; expected a number such as 200 or 0.015",
        "wb.yaml:19:58: unknown figure 'margn.flat'; expected one of: calls, active customers, AI cost, revenue.flat, revenue.usage, margin.flat, margin.usage, error rate, revenue, margin; did you mean 'margin.flat'?",
        "wb.yaml:20:19: unknown plan 'nope'; expected one of: flat, usage",
        "wb.yaml:21:92: a grid shows one figure; got 2 (calls, AI cost)",
      ])
  }

  // MARK: Rendering

  @Test func aSmallSweepRendersAsItsGoldenTextAt80Columns() throws {
    let session = try WhatIfWorkbook.session()
    let r = try session.sweep(
      SweepRequest(
        axes: [axis("scenarios.base.customers", "10", "30", .steps(3))], show: ["calls", "AI cost", "margin"]))
    assertSnapshot(TextRenderer(width: 80).render(SweepReport.report(r)), named: "sweep-80")
  }
}

/// A cancellation flag a test flips from inside a simulation.
final class CancelFlag: Sendable {
  private let value = Mutex(false)
  func set() { value.withLock { $0 = true } }
  var isSet: Bool { value.withLock { $0 } }
}
