import Foundation
import Testing

@testable import MeterbookCore

/// A file past the memory cap streams into a digest whose action ledger equals the calls'
/// ledger to the nano-dollar, and whose percentiles stay within the histograms' 1/128.
struct StreamedLedgerTests {
  /// Four weeks of 4 customers' calls logged over and over to 70,000 calls or more, with some
  /// prompts past the 200k long-context threshold: their columns pass a 2 MB cap (the
  /// in-memory import checks its budget every 65,536 rows), their cells stay under it.
  func repeatedFile() throws -> URL {
    var month = try Simulator(scenario: Fixtures.scenario(customers: 4, days: 28)).run().run
    for i in stride(from: 0, to: month.count, by: 13) {
      month.inputTokens[i] = UInt32(180_000 + (i * 7_919) % 60_000)
    }
    let text = try Fixtures.csv(month)
    let body = text[text.index(after: try #require(text.firstIndex(of: "\r\n")))...]
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mb-ledger-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let url = dir.appendingPathComponent("usage.csv")
    try (text + String(repeating: String(body), count: 70_000 / month.count)).write(
      to: url, atomically: true, encoding: .utf8)
    return url
  }

  @Test func theStreamedLedgerEqualsTheCallsLedgerUnderAMemoryCap() throws {
    let url = try repeatedFile()
    var capped = UsageImporter(catalog: Fixtures.catalog)
    capped.budget = MemoryBudget(bytes: 2 << 20)
    #expect(capped.memoryShortfall(url) != nil)
    #expect {
      _ = try capped.read(contentsOf: url, parallel: false)
    } throws: { error in
      if case .budget = error as? UsageImporter.ImportError { true } else { false }
    }
    let (digest, _) = try capped.digest(contentsOf: url, parallel: false)
    let (run, _) = try UsageImporter(catalog: Fixtures.catalog).read(contentsOf: url)
    try #require(run.count * Run.bytesPerCall > capped.budget.bytes && run.count > 65_536)
    try #require(run.inputTokens.contains { $0 > 200_000 }, "some calls must pay long-context rates")
    var context = AnalysisContext(imported: run, catalog: Fixtures.catalog)
    context.assumptions.migrationCost = .zero  // every saving switch repays: more to compare
    let calls = ActionLedger(context)
    let streamed = ActionLedger(digest, assumptions: context.assumptions)

    // The file has every kind of action, so the comparison means something.
    try #require(!calls.actions(.routeSimpleTasks, .switchModel).isEmpty)
    try #require(!calls.actions(.commit).isEmpty)
    try #require(!calls.actions(.reprice).isEmpty)
    // Every dollar figure is the same to the nano-dollar: the same groups, the same sums.
    func dollars(_ a: Action) -> [String] {
      [
        a.key, a.title, "\(a.affected)", "\(a.monthlySaving.nanos)", "\(a.monthlyRevenue.nanos)",
        "\(a.standaloneMonthly.nanos)", "\(a.oneOffCost.nanos)", "\(a.confidence)",
      ]
    }
    #expect(streamed.actions.map(dollars) == calls.actions.map(dollars))
    #expect(streamed.commitments == calls.commitments)
    #expect(streamed.monthlySpend == calls.monthlySpend)
    #expect(streamed.total == calls.total)
    // Model choices: costs and quality exact; p95s (observed from latency histograms, estimated
    // from the output-token histogram) within 1/128 of the calls' values.
    #expect(streamed.choices.map(\.task) == calls.choices.map(\.task))
    for (s, c) in zip(streamed.choices, calls.choices) {
      #expect((s.calls, s.cost, s.best?.model) == (c.calls, c.cost, c.best?.model))
      #expect(abs(s.quality - c.quality) < 1e-12)
      #expect(s.candidates.map(\.model) == c.candidates.map(\.model))
      for (x, y) in zip(s.candidates, c.candidates) {
        #expect((x.cost, x.qualityObserved, x.latencyObserved) == (y.cost, y.qualityObserved, y.latencyObserved))
        #expect(abs(x.quality - y.quality) < 1e-12)
        #expect(abs(x.p95Ms - y.p95Ms) <= y.p95Ms / 128, "\(s.task) \(x.model): \(x.p95Ms) vs \(y.p95Ms)")
      }
    }
  }

  @Test func theStreamedSummaryAndOptimizationReportsMatchTheCalls() throws {
    let url = try repeatedFile()
    let importer = UsageImporter(catalog: Fixtures.catalog)
    let (digest, _) = try importer.digest(contentsOf: url, parallel: false)
    let (run, _) = try importer.read(contentsOf: url)
    let context = AnalysisContext(imported: run, catalog: Fixtures.catalog)
    #expect(digest.population.customers == context.population.customers)
    for name in [AnalyzerName.summary, .optimization] {
      let calls = name.report(context)
      let streamed = try #require(name.report(digest, catalog: Fixtures.catalog))
      #expect(
        [streamed.problem, streamed.impact, streamed.recommendation, streamed.outcome]
          == [calls.problem, calls.impact, calls.recommendation, calls.outcome], "\(name)")
      func tables(_ r: Report) -> [Table] { r.blocks.compactMap { if case .table(let t) = $0 { t } else { nil } } }
      #expect(tables(streamed) == tables(calls), "\(name)")
    }
  }
}

/// `calibrate` on a streamed file: the same piece as on the calls.
struct StreamedCalibrationTests {
  @Test func aFilePastTheMemoryCapCalibratesToTheSamePieceAsItsCalls() throws {
    let url = try StreamedLedgerTests().repeatedFile()
    var capped = UsageImporter(catalog: Fixtures.catalog)
    capped.budget = MemoryBudget(bytes: 2 << 20)
    #expect(capped.memoryShortfall(url) != nil)
    let (digest, _) = try capped.digest(contentsOf: url, parallel: false)
    let (run, _) = try UsageImporter(catalog: Fixtures.catalog).read(contentsOf: url)
    let calls = Calibration(AnalysisContext(imported: run, catalog: Fixtures.catalog))
    let streamed = Calibration(digest)
    #expect(streamed.yaml(source: "u.csv", sha256: "0") == calls.yaml(source: "u.csv", sha256: "0"))
    #expect(streamed.customers == 4 && !streamed.tokens.isEmpty)
  }

  @Test func aDigestParsedInPartsGivesTheCallsLedgerAndCalibration() throws {
    // Large enough to be split into one part per core: the parts' re-pricing tokens, output
    // histograms, first calls, hours and token logs must merge into the whole file's.
    var sim = try Simulator(scenario: Fixtures.scenario(customers: 120, days: 14)).run().run
    for i in stride(from: 0, to: sim.count, by: 17) { sim.inputTokens[i] = UInt32(190_000 + (i * 7_919) % 30_000) }
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mb-parts-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let url = dir.appendingPathComponent("usage.csv")
    try Fixtures.csv(sim).write(to: url, atomically: true, encoding: .utf8)
    let importer = UsageImporter(catalog: Fixtures.catalog)
    try #require(importer.partRanges(url, parallel: true) != nil || ProcessInfo.processInfo.activeProcessorCount < 2)
    let (digest, _) = try importer.digest(contentsOf: url)
    let (run, _) = try importer.read(contentsOf: url)
    let context = AnalysisContext(imported: run, catalog: Fixtures.catalog)
    #expect(digest.population.customers == context.population.customers)
    let (calls, streamed) = (ActionLedger(context), ActionLedger(digest))
    #expect(streamed.actions.map(\.monthlyValue) == calls.actions.map(\.monthlyValue))
    #expect(streamed.commitments == calls.commitments)
    #expect(streamed.choices.map(\.candidates.count) == calls.choices.map(\.candidates.count))
    for (s, c) in zip(streamed.choices, calls.choices) {
      #expect(s.candidates.map(\.cost) == c.candidates.map(\.cost))
      #expect(zip(s.candidates, c.candidates).allSatisfy { abs($0.p95Ms - $1.p95Ms) <= $1.p95Ms / 128 })
    }
    #expect(Calibration(digest).yaml(source: "u", sha256: "0") == Calibration(context).yaml(source: "u", sha256: "0"))
  }
}
