import Foundation
import TestSupport
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

/// `UsageSamples.denseLiteLLM` and a plans file in a folder of their own: 5,580 calls that
/// take about 740 KB in memory in 279 hourly cells (about 78 KB), so a 512 KB budget keeps them
/// as sums.
struct DenseUsageFolder {
  static let tight = ["METERBOOK_MEMORY_BUDGET": "512K"]
  let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mb-dense-\(UUID().uuidString)")
  var csv: String { folder.appendingPathComponent("usage.csv").path }
  var plans: String { folder.appendingPathComponent("plans.yaml").path }

  /// Writes the CSV and `plans:` (YAML lines under `plans:`) with acme on pro, the others on starter.
  init(plans text: String) throws {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try UsageSamples.denseLiteLLM.write(toFile: csv, atomically: true, encoding: .utf8)
    try ("customer_tiers: {acme: pro, \"*\": starter}\nplans:\n" + text)
      .write(toFile: plans, atomically: true, encoding: .utf8)
  }

  func cleanUp() { try? FileManager.default.removeItem(at: folder) }
}

/// `compare usage.csv --plans` on a file whose calls pass the memory budget: the data is kept
/// as sums, said on stderr, and the comparison is the one of the calls, byte for byte.
struct StreamedCompareCommandTests {
  @Test func aFilePastTheBudgetIsComparedFromItsSumsWithTheCallsFigures() throws {
    let dense = try DenseUsageFolder(
      plans: "  flat: {fee: {starter: 29, pro: 99}}\n  usage: {charges: [{metric: tokens, per: 1000, price: 0.02}]}\n")
    defer { dense.cleanUp() }
    let args = ["compare", dense.csv, "--map", "litellm", "--plans", dense.plans, "--format", "markdown"]
    let calls = try Binary.run(args)
    let sums = try Binary.run(args, environment: DenseUsageFolder.tight)
    #expect(calls.status == 0 && sums.status == 0, "\(sums.stderr)")
    #expect(!calls.stderr.contains("kept as"))
    #expect(sums.stderr.contains("kept as 279 cells by hour, its calls past the memory budget"))
    #expect(sums.stdout.contains("$157.00"))
    #expect(sums.stdout == calls.stdout)
  }
}

/// `analyze FILE --plans` on a file whose calls pass the memory budget: the reports that read
/// sums print what they print on the calls, billed under the plans.
struct StreamedAnalyzePlansTests {
  @Test func theRealtimeReportOnSumsBillsUnderThePlans() throws {
    let dense = try DenseUsageFolder(plans: "  usage: {charges: [{metric: tokens, per: 1000, price: 0.5}]}\n")
    defer { dense.cleanUp() }
    let args = ["analyze", dense.csv, "--map", "litellm", "--plans", dense.plans, "--format", "markdown"]
    for report in ["realtime", "optimization"] {
      let calls = try Binary.run(args + ["--report", report])
      let sums = try Binary.run(args + ["--report", report], environment: DenseUsageFolder.tight)
      #expect(calls.status == 0 && sums.status == 0, "\(sums.stderr)")
      #expect(sums.stderr.contains("kept as 279 cells by hour"))
      func lines(_ text: String) -> [String] { text.components(separatedBy: "\n").filter { !$0.isEmpty } }
      #expect(
        lines(sums.stdout).filter { !$0.hasPrefix("> This file was streamed") } == lines(calls.stdout), "\(report)")
    }
    let refused = try Binary.run(args + ["--report", "profitability"], environment: DenseUsageFolder.tight)
    #expect(refused.status == 1)
    #expect(refused.stderr.contains("usage.csv' (its 5,580 calls would not fit the memory budget)"))
  }
}
