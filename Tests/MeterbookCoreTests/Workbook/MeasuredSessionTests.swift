import Testing

@testable import MeterbookCore

/// The session measures a scenario (cube only) until something reads its calls; the figures
/// must not depend on which of the two it holds.
struct MeasuredSessionTests {
  static let text = WhatIfWorkbook.text + "\n  - compare: {plans: [flat, usage], on: base}\n"

  @Test func theRunSummaryAndComparisonMeasureWithoutGeneratingCalls() throws {
    let session = try WhatIfWorkbook.session(Self.text)
    _ = try session.run()
    #expect(session.hasResult("base"))
    #expect(session.generatedRun(for: "base") == nil)
    #expect(session.simulated == ["base"])
  }

  @Test func generatingTheCallsLaterChangesNoFigureAndKeepsTheCube() throws {
    let session = try WhatIfWorkbook.session(Self.text)
    let measuredOutputs = try session.run().map(\.report)
    let measuredFigures = try session.figures(for: "base")
    let r = try session.result(for: "base")
    #expect(session.generatedRun(for: "base") != nil)
    #expect(try session.cube(for: "base").cells == UsageCube(r.run, grain: .period).cells)
    #expect(try session.figures(for: "base") == measuredFigures)
    // A session that generated the calls first prints the same cells.
    let generated = try WhatIfWorkbook.session(Self.text)
    _ = try generated.result(for: "base")
    #expect(try generated.run().map(\.report) == measuredOutputs)
  }

  @Test func aChangedScenarioIsMeasuredAgainAndItsOldRunKeptForUndo() throws {
    let session = try WhatIfWorkbook.session(Self.text)
    let original = try session.result(for: "base")
    try session.reload(overrides: [Override(path: ["scenarios", "base", "customers"], value: "25")])
    let changed = try session.figures(for: "base")
    #expect(session.generatedRun(for: "base") == nil)
    #expect(changed.perSeed[0].first { $0.label == "active customers" }?.raw ?? 0 > 20)
    try session.reload(overrides: [])
    // Undo finds the generated run among the recent ones instead of simulating again.
    #expect(
      try session.figures(for: "base").perSeed[0].first { $0.label == "calls" }?.raw == Double(original.run.count))
    #expect(session.generatedRun(for: "base")?.run.callID == original.run.callID)
  }

  @Test func anExportOfAnEarlierStateWritesThatStatesCalls() throws {
    let session = try WhatIfWorkbook.session(Self.text)
    let first = try #require(session.workbook.scenario("base"))
    let expected = try Simulator(scenario: first).run()
    try session.reload(overrides: [Override(path: ["scenarios", "base", "customers"], value: "25")])
    _ = try session.run()
    let exported = try session.simulation(of: first).run
    #expect(exported.callID == expected.run.callID && exported.cost == expected.run.cost)
  }
}
