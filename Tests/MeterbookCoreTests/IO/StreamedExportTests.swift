import Foundation
import Testing

@testable import MeterbookCore

struct StreamedExportTests {
  /// A day of 20 customers' calls logged 30 times, and the calls imported in memory.
  func repeatedDay() throws -> (URL, Run) {
    let day = try Simulator(scenario: Fixtures.scenario(customers: 20, days: 1)).run().run
    let text = try Fixtures.csv(day)
    let body = text[text.index(after: try #require(text.firstIndex(of: "\r\n")))...]
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mb-streamed-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let url = dir.appendingPathComponent("usage.csv")
    try (text + String(repeating: String(body), count: 29)).write(to: url, atomically: true, encoding: .utf8)
    return (url, try UsageImporter(catalog: Fixtures.catalog).read(contentsOf: url).0)
  }

  @Test(arguments: ["csv", "focus", "cube", "otlp-metrics"])
  func anExportUnderAMemoryCapGivesTheInMemoryBytes(format: String) throws {
    let (url, run) = try repeatedDay()
    var capped = UsageImporter(catalog: Fixtures.catalog)
    // 2 MB: less than the calls' columns (66 bytes a call), so only a streamed export fits.
    capped.budget = MemoryBudget(bytes: 2 << 20)
    try #require(run.count * Run.bytesPerCall > capped.budget.bytes)
    let (name, options) = format == "otlp-metrics" ? ("otlp", ["otlp": "metrics"]) : (format, [:])
    let sink = MemorySink()
    let summary = try RunExport.stream(
      url, importer: capped, format: name, catalog: Fixtures.catalog, options: options, to: sink)
    #expect(summary.kept == run.count)
    #expect(sink.bytes == (try RunExport.bytes(run, format: name, catalog: Fixtures.catalog, options: options)))
  }

  @Test func streamedSpansNameEveryCallOnceWithRowNumberIDs() throws {
    let (url, run) = try repeatedDay()
    let sink = MemorySink()
    _ = try RunExport.stream(
      url, importer: UsageImporter(catalog: Fixtures.catalog), format: "otlp", catalog: Fixtures.catalog, to: sink)
    let text = sink.string
    // The repeated day repeats call ids; the streamed span ids stay distinct.
    let ids = text.components(separatedBy: "\"spanId\":\"").dropFirst().map { String($0.prefix(16)) }
    #expect(ids.count == run.count)
    #expect(Set(ids).count == run.count)
    #expect(ids.first == hex16(SplitMix64.mix(1)))
  }

  @Test func anOutOfOrderDayKeepsFOCUSTotalsExact() throws {
    let sim = try Simulator(scenario: Fixtures.scenario(customers: 10, days: 3)).run().run
    let text = try Fixtures.csv(sim)
    var lines = text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
    // The first call moved to the end: its day is written again after the last day.
    lines.append(lines.remove(at: 1))
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mb-streamed-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let url = dir.appendingPathComponent("usage.csv")
    try (lines.joined(separator: "\r\n") + "\r\n").write(to: url, atomically: true, encoding: .utf8)
    let sink = MemorySink()
    let importer = UsageImporter(catalog: Fixtures.catalog)
    // In chunks of 100 calls, the moved call comes after its day was written.
    _ = try RunExport.stream(
      url, importer: importer, format: "focus", catalog: Fixtures.catalog, to: sink, chunkCalls: 100)
    let table = CSVTable.rows(sink.string)
    let billed = try #require(table.first?.firstIndex(of: "BilledCost"))
    let day = try #require(table.first?.firstIndex(of: "ChargePeriodStart"))
    let total = table.dropFirst().reduce(Money.zero) { $0 + (Money(decimalBytes: Array($1[billed].utf8)) ?? .zero) }
    #expect(total == sim.totalCost)
    // The first day's rows appear again after a later day's.
    let days = table.dropFirst().map { $0[day] }
    let later = try #require(days.firstIndex { $0 != days.first })
    #expect(days[later...].contains(days[0]))
  }
}
