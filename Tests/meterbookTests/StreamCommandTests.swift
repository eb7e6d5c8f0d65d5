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

  @Test func aFileWhoseCellsPassTheAllowanceIsKeptCoarserAndSaysSo() throws {
    // A 64 KB budget: the cells may take 32 KB, about 110 cells, fewer than the file's hourly ones.
    let tiny = ["METERBOOK_MEMORY_BUDGET": "64K"]
    let r = try Binary.run(
      ["analyze", csv, "--map", "litellm", "--stream", "--report", "summary", "--report", "realtime"],
      environment: tiny)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stderr.contains("the finer cells passed their memory allowance"))
    #expect(r.stdout.contains("realtime: needs finer cells"))
    #expect(r.stdout.contains("Spend by provider"))
    // At 32 KB the calls (66 bytes each, twice over while read) pass the budget, so calibrate streams.
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("mb-cal-\(UUID().uuidString).yaml")
    let calibrate = try Binary.run(
      ["calibrate", csv, "--map", "litellm", "--out", out.path], environment: ["METERBOOK_MEMORY_BUDGET": "32K"])
    #expect(calibrate.status != 0)
    #expect(calibrate.stderr.contains("cannot calibrate: cells by day are needed"))
    #expect(!FileManager.default.fileExists(atPath: out.path))
  }
}
