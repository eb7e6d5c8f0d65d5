import Foundation
import Testing

/// `analyze --stream`: the reports that read the digest print what the calls would, and the
/// others are refused before reading.
struct StreamCommandTests {
  let csv = "scenarios/data/litellm-march.csv"

  @Test func aStreamedOptimizationPrintsTheCallsReportAndANote() throws {
    let args = ["analyze", csv, "--map", "litellm", "--report", "optimization", "--format", "markdown"]
    let calls = try Binary.run(args)
    let streamed = try Binary.run(args + ["--stream"])
    #expect(calls.status == 0 && streamed.status == 0, "\(streamed.stderr)")
    #expect(streamed.stdout.contains("**Action ledger"))
    func lines(_ text: String) -> [String] { text.components(separatedBy: "\n").filter { !$0.isEmpty } }
    let note = lines(streamed.stdout).filter { $0.hasPrefix("> This file was streamed") }
    #expect(note.count == 1)
    #expect(lines(streamed.stdout).filter { !note.contains($0) } == lines(calls.stdout))
  }

  @Test func aReportThatNeedsTheCallsIsRefusedWithTheReportsThatStream() throws {
    let r = try Binary.run(["analyze", csv, "--map", "litellm", "--report", "profitability", "--stream"])
    #expect(r.status != 0)
    #expect(
      r.stderr.contains(
        "reports that stream a file of any size: summary, understanding, performance, realtime, optimization"))
  }
}
