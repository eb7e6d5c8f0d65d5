import Foundation
import Testing

@testable import MeterbookCore

struct StreamingImportTests {
  func write(_ text: String) throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mb-stream-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let url = dir.appendingPathComponent("usage.csv")
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url
  }

  /// The latency histogram and quality sum of each hourly cell, computed call by call.
  func cellSummaries(_ run: Run) -> [UsageCube.Key: (LatencyHistogram, Int64)] {
    var out: [UsageCube.Key: (LatencyHistogram, Int64)] = [:]
    for i in 0..<run.count {
      let key = UsageCube.Key(
        customer: run.customer[i], model: run.model[i], task: run.task[i], feature: run.feature[i],
        hour: run.timestamp[i] / 3600)
      out[key, default: (LatencyHistogram(), 0)].0.record(run.latencyMs[i])
      if run.status[i] == 0 { out[key, default: (LatencyHistogram(), 0)].1 += Int64(run.quality[i]) }
    }
    return out
  }

  @Test func aDigestSplitAcrossCoresEqualsTheHourlyCubeOfTheCalls() throws {
    let sim = try Simulator(scenario: Fixtures.scenario(customers: 120, days: 14)).run().run
    let url = try write(try Fixtures.csv(sim))
    let size = try #require(try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int)
    try #require(size >= 8 << 20, "the file must be large enough to be split into parts")
    let importer = UsageImporter(catalog: Fixtures.catalog)
    let (run, summary) = try importer.read(contentsOf: url)
    let (digest, streamed) = try importer.digest(contentsOf: url)
    #expect(streamed == summary)
    let cube = UsageCube(run, grain: .hour, threads: 1)
    #expect(digest.cube.dimensions == run.dimensions)
    #expect(digest.cube.cells == cube.cells)
    #expect(digest.calls == sim.count)
    let expected = cellSummaries(run)
    #expect(
      digest.cube.cells.indices.allSatisfy { k in
        expected[digest.cube.cells[k].key].map { $0.0 == digest.latency[k] && $0.1 == digest.quality[k] } ?? false
      })
  }

  @Test func theStreamedSummaryShowsTheSameFiguresAsTheCallsSummary() throws {
    let sim = try Simulator(scenario: Fixtures.scenario(customers: 30, days: 5)).run().run
    let url = try write(try Fixtures.csv(sim))
    let importer = UsageImporter(catalog: Fixtures.catalog)
    let (run, _) = try importer.read(contentsOf: url)
    let (digest, _) = try importer.digest(contentsOf: url)
    let calls = SummaryAnalyzer().report(AnalysisContext(imported: run, catalog: Fixtures.catalog))
    let streamed = try #require(AnalyzerName.summary.report(digest, catalog: Fixtures.catalog))
    func tables(_ r: Report) -> [Table] {
      r.blocks.compactMap { if case .table(let t) = $0, !t.title.hasPrefix("Action ledger") { t } else { nil } }
    }
    #expect(tables(streamed) == tables(calls).filter { tables(streamed).map(\.title).contains($0.title) })
    #expect(tables(streamed).count == 3)
    // Performance: the same calls, cost and quality per model; percentiles within 1/128.
    let exact = PerformanceAnalyzer().stats(run)
    let approx = PerformanceAnalyzer().stats(digest)
    #expect(exact.map(\.model) == approx.map(\.model))
    for (e, a) in zip(exact, approx) {
      #expect((e.calls, e.ok, e.cost) == (a.calls, a.ok, a.cost))
      #expect(abs(e.quality - a.quality) < 1e-9)
      for (x, y) in [(e.p50, a.p50), (e.p95, a.p95), (e.p99, a.p99)] { #expect(abs(x - y) <= x / 128) }
    }
  }

  @Test func aFileWhoseCallsPassTheMemoryCapStreamsToTheSameFigures() throws {
    // A day of 20 customers' calls logged 70 times: about 70 × 2,000 calls, whose columns
    // (66 bytes a call) pass the 2 MB cap, while their cells (the day's) stay far below it.
    // (The in-memory import checks its budget every 65,536 rows.)
    let day = try Simulator(scenario: Fixtures.scenario(customers: 20, days: 1)).run().run
    let text = try Fixtures.csv(day)
    let body = text[text.index(after: try #require(text.firstIndex(of: "\r\n")))...]
    let url = try write(text + String(repeating: String(body), count: 69))
    var capped = UsageImporter(catalog: Fixtures.catalog)
    capped.budget = MemoryBudget(bytes: 2 << 20)
    try #require(day.count * 70 * Run.bytesPerCall > capped.budget.bytes && day.count * 70 > 65_536)
    #expect(capped.memoryShortfall(url) != nil)
    #expect {
      _ = try capped.read(contentsOf: url, parallel: false)
    } throws: { error in
      if case .budget = error as? UsageImporter.ImportError { true } else { false }
    }
    let (digest, summary) = try capped.digest(contentsOf: url, parallel: false)
    let (run, _) = try UsageImporter(catalog: Fixtures.catalog).read(contentsOf: url)
    #expect(summary.kept == day.count * 70)
    #expect(digest.cube.cells == UsageCube(run, grain: .hour, threads: 1).cells)
    #expect(digest.cube.totalCost == Money(nanos: day.cost.reduce(Int128(0)) { $0 + Int128($1) } * 70))
  }

  @Test func cellsPastTheBudgetAreRefusedWithTheirCount() throws {
    let sim = try Simulator(scenario: Fixtures.scenario(customers: 10, days: 2)).run().run
    var importer = UsageImporter(catalog: Fixtures.catalog)
    importer.budget = MemoryBudget(bytes: 10 * UsageDigest.bytesPerCell)
    #expect {
      _ = try importer.digest(contentsOf: try write(try Fixtures.csv(sim)), displayPath: "u.csv")
    } throws: { error in
      guard case .budget(let e) = error as? UsageImporter.ImportError else { return false }
      return e.description.hasPrefix("digesting u.csv into the usage cube needs about")
        && e.estimate.size.hasSuffix("cells by customer and model for the whole file so far")
    }
  }

  @Test func streamedChunksHoldTheCallsInFileOrder() throws {
    let sim = try Simulator(scenario: Fixtures.scenario(customers: 40, days: 4)).run().run
    try #require(sim.count > 5_000)
    let url = try write(try Fixtures.csv(sim))
    var joined = Run(dimensions: Run.Dimensions())
    var largest = 0
    let (summary, dimensions) = try UsageImporter(catalog: Fixtures.catalog).stream(contentsOf: url, chunkCalls: 1_000)
    {
      chunk in
      largest = max(largest, chunk.count)
      joined.timestamp += chunk.timestamp
      joined.cost += chunk.cost
      joined.customer += chunk.customer
    }
    #expect(largest == 1_000)
    #expect(summary.kept == sim.count)
    let (run, _) = try UsageImporter(catalog: Fixtures.catalog).read(contentsOf: url)
    #expect(dimensions == run.dimensions)
    #expect(joined.timestamp == run.timestamp && joined.cost == run.cost && joined.customer == run.customer)
  }
}
