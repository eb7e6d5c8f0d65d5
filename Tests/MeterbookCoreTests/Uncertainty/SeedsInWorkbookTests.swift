import Foundation
import Testing

@testable import MeterbookCore

struct SeedsInWorkbookTests {
  private let withPlans =
    WhatIfWorkbook.text + """

        - compare: {plans: [flat, usage]}
      """

  @Test func oneSeedPrintsExactlyWhatAWorkbookWithoutSeedsPrints() throws {
    let plain = try WhatIfWorkbook.session(withPlans)
    let one = try WhatIfWorkbook.session(withPlans, overrides: [Override(path: ["seeds"], value: "1")])
    let renderer = TextRenderer(width: 100)
    let a = try plain.run().map { renderer.render($0.report) }
    let b = try one.run().map { renderer.render($0.report) }
    #expect(a == b)
    #expect(!a.joined().contains("P5–P95"))
  }

  @Test func manySeedsBandTheRunSummaryAndKeepItsMedianWithinTheBand() throws {
    let session = try WhatIfWorkbook.session(overrides: [Override(path: ["seeds"], value: "9")])
    let figures = try session.figures(for: "base")
    #expect(figures.perSeed.count == 9)
    let cost = try #require(figures.figures.first { $0.label == "AI cost" })
    let spread = try #require(cost.spread)
    #expect(spread.low <= cost.raw && cost.raw <= spread.high)
    #expect(spread.low < spread.high)
    #expect(spread.seeds == 9)
    // Seed 1 is the session's own run.
    #expect(figures.perSeed[0] == RunSummary.figures(try session.result(for: "base"), plans: session.workbook.plans))
  }

  @Test func aWhatIfIsPairedSeedBySeed() throws {
    let session = try WhatIfWorkbook.session(overrides: [Override(path: ["seeds"], value: "6")])
    let before = try session.figures(for: "base")
    try session.reload(overrides: session.workbook.overrides + [Override(path: ["plans", "flat", "fee"], value: "12")])
    let after = try session.figures(for: "base")
    // Raising the fee by $2 raises flat's revenue by the same prorated amount in every seed.
    let label = "revenue (flat)"
    let changes = zip(before.perSeed, after.perSeed).map { a, b in
      (b.first { $0.label == label }?.raw ?? 0) - (a.first { $0.label == label }?.raw ?? 0)
    }
    #expect(changes.count == 6)
    #expect(changes.allSatisfy { abs($0 - changes[0]) < 1e-9 } && changes[0] > 0)
  }

  @Test func seedsAndIntervalOutsideTheirRangesAreLocatedErrors() throws {
    let text = WhatIfWorkbook.text.replacingOccurrences(of: "seed: 3\n", with: "seed: 3\nseeds: 0\ninterval: 1.5\n")
    let error = try #require(throws: DiagnosticsError.self) { try WhatIfWorkbook.session(text) }
    let message = "\(error)"
    #expect(message.contains("wb.yaml:3:"))
    #expect(message.contains("seeds"))
    #expect(message.contains("interval"))
  }

  @Test func theSeedsCommandSetsSeedsAndIntervalAsOverrides() throws {
    let wb = try TemporaryWorkbook()
    defer { wb.cleanUp() }
    let c = wb.console()
    #expect(c.execute("seeds").output.hasPrefix("seeds 1"))
    #expect(c.execute("seeds 4 interval 80%").ok)
    #expect(c.session?.workbook.uncertainty == Uncertainty(seeds: 4, interval: 0.8))
    #expect(c.execute("seeds").output == "seeds 4, interval 0.80 (P10–P90 bands)")
    #expect(c.execute("seeds 0").output.hasPrefix("error: usage: seeds [N] [interval P]"))
    #expect(c.execute("seeds 5 interval 2").output.hasPrefix("error: usage"))
    #expect(c.execute("undo").ok)
    #expect(c.session?.workbook.uncertainty.seeds == 1)
  }

  @Test func compareOverSeedsShowsWinRatesAndThePairedDifference() throws {
    let session = try WhatIfWorkbook.session(withPlans, overrides: [Override(path: ["seeds"], value: "8")])
    let outputs = try session.run()
    let compare = try #require(outputs.last?.report)
    let text = TextRenderer(width: 160).render(compare)
    #expect(text.contains("Plans over 8 seeds"))
    #expect(text.contains("wins"))
    #expect(text.contains("vs 'flat'"))
    #expect(compare.recommendation.contains("8 seeds") || compare.recommendation.hasPrefix("No recommendation"))
  }
}

struct ScenarioComparisonOverSeedsTests {
  @Test func anIdenticalScenarioChangesNothingInAnySeed() throws {
    let text = WhatIfWorkbook.text.replacingOccurrences(
      of: "  other:\n", with: "  same:\n    extends: base\n  other:\n")
    let session = try WhatIfWorkbook.session(text, overrides: [Override(path: ["seeds"], value: "5")])
    let cell = Cell(
      id: "cmp", kind: .compareScenarios(scenarios: ["base", "same", "other"], show: ["calls", "AI cost"]),
      location: .init(file: "test", line: 1, column: 1))
    let report = try session.evaluate(cell)
    let table = try #require(report.blocks.compactMap { if case .table(let t) = $0 { t } else { nil } }.first)
    let calls = try #require(table.rows.first { $0.first == "calls" })
    // Columns: figure, base, same, Δ same, Δ% same, other, Δ other, Δ% other.
    #expect(calls[3] == "0 (0…0)")
    #expect(calls[4] == "0.0% (0.0%…0.0%)")
    #expect(calls[6] != "0 (0…0)")
    #expect(calls[1].contains("…"))
  }
}
