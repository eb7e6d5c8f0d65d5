import Foundation
import Testing

@testable import MeterbookCore

/// The real-time report of a file streamed into the usage digest, because its calls pass the
/// memory cap, is the report of the same calls imported into memory.
struct RealtimeStreamingTests {
  /// Three weeks of 8 bursty customers, the file's rows repeated 12 times (the same hours,
  /// 12× the calls, the same cells), so its calls pass a cap its cells stay below.
  static func file() throws -> (url: URL, repeats: Int) {
    let sim = try Simulator(
      scenario: Fixtures.scenario(customers: 8, days: 21, traffic: [.burst(probability: 0.05, multiplier: 5...9)])
    ).run().run
    let text = try Fixtures.csv(sim)
    let body = text[text.index(after: try #require(text.firstIndex(of: "\r\n")))...]
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mb-realtime-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let url = dir.appendingPathComponent("usage.csv")
    try (text + String(repeating: String(body), count: 11)).write(to: url, atomically: true, encoding: .utf8)
    return (url, 12)
  }

  /// The file's calls, and its digest under a cap its calls pass but its hourly cells fit.
  static func cappedDigest() throws -> (Run, UsageDigest) {
    let (url, _) = try Self.file()
    let (run, _) = try UsageImporter(catalog: Fixtures.catalog).read(contentsOf: url)
    let cells = UsageCube(run, grain: .hour, threads: 1).cells.count
    var capped = UsageImporter(catalog: Fixtures.catalog)
    // The cells may take half the budget (`UsageDigest.cellAllowance`): exactly the hourly
    // cells, read in one part so that they stay hourly.
    capped.budget = MemoryBudget(bytes: 2 * cells * UsageDigest.bytesPerCell)
    try #require(run.count * Run.bytesPerCall > capped.budget.bytes)
    #expect(capped.memoryShortfall(url) != nil)
    let (digest, _) = try capped.digest(contentsOf: url, parallel: false)
    try #require(digest.grain == .hour)
    return (run, digest)
  }

  @Test func aStreamedFilePastTheCapGivesTheFindingsAndReportOfItsCallsInMemory() throws {
    let (run, digest) = try Self.cappedDigest()
    #expect(AnalyzerName.realtime.readsDigest)

    let inMemory = AnalysisContext(imported: run, catalog: Fixtures.catalog)
    // Bills come from the customers' tiers: with several tiers, a population that lost them differs.
    try #require(Set(inMemory.population.customers.map(\.tier)).count > 1)
    let expected = RealtimeAnalyzer().findings(inMemory)
    let streamedContext = AnalysisContext(streamed: digest, catalog: Fixtures.catalog)
    let streamed = RealtimeAnalyzer().findings(streamedContext, digest)
    try #require(!expected.anomalies.isEmpty, "the bursts must give anomalies to explain")
    #expect(streamed == expected)
    #expect(streamed.anomalies.map(\.cause) == expected.anomalies.map(\.cause))
    func attributes(_ c: AnalysisContext) -> [[String]] {
      c.population.customers.map { [$0.id, "\($0.organization)", "\($0.product)", "\($0.tier)", "\($0.region)"] }
    }
    #expect(attributes(streamedContext) == attributes(inMemory))
    let report = try #require(AnalyzerName.realtime.report(digest, catalog: Fixtures.catalog))
    #expect(
      TextRenderer(width: 120).render(report) == TextRenderer(width: 120).render(RealtimeAnalyzer().report(inMemory)))
  }

  @Test func theHourlySpendAndThePeakCauseAreTheSumsOfTheCalls() throws {
    let (url, _) = try Self.file()
    let (run, _) = try UsageImporter(catalog: Fixtures.catalog).read(contentsOf: url)
    let (digest, _) = try UsageImporter(catalog: Fixtures.catalog).digest(contentsOf: url)
    let c = AnalysisContext(streamed: digest, catalog: Fixtures.catalog)
    let f = RealtimeAnalyzer().findings(c, digest)
    // Each hour's spend, summed call by call.
    let base = c.period.start.epochSeconds
    var hourly = [Int64](repeating: 0, count: f.asOfDay * 24)
    for i in 0..<run.count {
      let h = Int((run.timestamp[i] - base) / 3600)
      if hourly.indices.contains(h) { hourly[h] += run.cost[i] }
    }
    #expect(f.hourlySpend.count == hourly.count)
    #expect(zip(f.hourlySpend, hourly).allSatisfy { abs($0 - Double($1) / 1e9) < 1e-9 })
    // The largest anomaly's peak hour: its calls, counted call by call in its scope.
    let top = try #require(f.anomalies.first)
    let peak = try #require(top.peak)
    let cause = try #require(top.cause)
    let calls = (0..<run.count).filter { i in
      Int((run.timestamp[i] - base) / 3600) == peak.anomaly.index
        && (peak.customerIndex.map { run.customer[i] == $0 } ?? true)
    }
    #expect(cause.calls == calls.count)
    #expect(abs(peak.anomaly.value - Double(calls.reduce(Int64(0)) { $0 + run.cost[$1] }) / 1e9) < 1e-9)
  }
}
