import Foundation
import TestSupport
import Testing

/// Whole REPL sessions, piped, compared with golden transcripts.
@Suite(.serialized)
struct TranscriptTests {
  @Test func aPricingSessionMatchesItsTranscript() throws {
    let script = """
      cells
      run run-baseline
      compare flat usage
      set scenarios.baseline.customers 40
      diff
      chart cost by tier as table
      bogus
      help diff
      """
    let out = try Binary.run(
      ["workbooks/pricing-whatif.yaml", "--width", "100"], input: "set scenarios.baseline.customers 30\n" + script,
      environment: ["NO_COLOR": "1"])
    #expect(out.status == 1)  // the unknown command fails the script
    // Status lines go to stderr in piped mode; stdout holds only results.
    #expect(out.stderr.hasPrefix("loaded workbooks/pricing-whatif.yaml"))
    #expect(out.stderr.contains("changed: scenario baseline\n"))
    #expect(out.stderr.hasSuffix("error: unknown command 'bogus'; type help for the list\n"))
    #expect(!out.stdout.contains("loaded ") && !out.stdout.contains("changed: "))
    assertSnapshot(out.stdout, named: "pricing-session")
  }
}
