import Foundation
import TestSupport
import Testing

/// The what-if loop in whole piped REPL sessions, compared with golden transcripts.
@Suite(.serialized)
struct WhatIfTranscriptTests {
  @Test func aSweepSessionMatchesItsTranscript() throws {
    let script = """
      set scenarios.baseline.customers 30
      sweep scenarios.baseline.customers 20 40 steps 3 show margin
      sweep scenarios.baseline.customers 20 30 steps 2 and seed 1 2 steps 2 show calls
      sweep scenarios.baseline.customers 20 40 steps 3 show margn
      help sweep
      """
    let out = try Binary.run(
      ["workbooks/pricing-whatif.yaml", "--width", "80"], input: script, environment: ["NO_COLOR": "1"])
    #expect(out.status == 1)  // the misspelt figure fails the script
    // Status lines (loaded, changed) go to stderr in piped mode, before the error.
    #expect(out.stderr.hasPrefix("loaded workbooks/pricing-whatif.yaml"))
    #expect(
      out.stderr.contains(
        "error: unknown figure 'margn'; expected one of: calls, active customers, AI cost, revenue.flat,"))
    #expect(out.stderr.hasSuffix("did you mean 'margin'?\n"))
    assertSnapshot(out.stdout, named: "sweep-session")
  }

  @Test func aScenarioComparisonMatchesItsTranscript() throws {
    let script = """
      set scenarios.today.customers 40
      set scenarios.migrated.customers 40
      compare scenarios today migrated show calls, AI cost
      compare scenarios today migratd
      """
    let out = try Binary.run(
      ["workbooks/model-migration.yaml", "--width", "100"], input: script, environment: ["NO_COLOR": "1"])
    #expect(out.status == 1)
    #expect(out.stderr.hasPrefix("loaded workbooks/model-migration.yaml"))
    #expect(
      out.stderr.hasSuffix(
        "error: unknown scenario 'migratd'; expected one of: today, migrated; did you mean 'migrated'?\n"))
    assertSnapshot(out.stdout, named: "compare-scenarios-session")
  }
}
