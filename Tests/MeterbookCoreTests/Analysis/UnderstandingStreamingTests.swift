import Foundation
import Testing

@testable import MeterbookCore

/// The understanding report of a file streamed into the usage digest, because its calls pass
/// the memory cap, is the report of the same calls imported into memory.
struct UnderstandingStreamingTests {
  /// The key figures of a report by label, as numbers.
  static func figures(_ report: Report) -> [String: Double] {
    var out: [String: Double] = [:]
    for case .keyFigures(let figures) in report.blocks {
      for f in figures { out[f.label] = f.raw }
    }
    return out
  }

  @Test func aStreamedFilePastTheCapGivesTheReportOfItsCallsInMemory() throws {
    let (url, _) = try RealtimeStreamingTests.file()
    let (run, _) = try UsageImporter(catalog: Fixtures.catalog).read(contentsOf: url)
    let cells = UsageCube(run, grain: .hour, threads: 1).cells.count
    var capped = UsageImporter(catalog: Fixtures.catalog)
    capped.budget = MemoryBudget(bytes: 2 * cells * UsageDigest.bytesPerCell)
    try #require(run.count * Run.bytesPerCall > capped.budget.bytes)
    let (digest, _) = try capped.digest(contentsOf: url)
    #expect(AnalyzerName.understanding.readsDigest)

    let inMemory = AnalysisContext(imported: run, catalog: Fixtures.catalog)
    let expected = AnalyzerName.understanding.report(inMemory)
    let streamed = try #require(AnalyzerName.understanding.report(digest, catalog: Fixtures.catalog))
    #expect(TextRenderer(width: 120).render(streamed) == TextRenderer(width: 120).render(expected))
    #expect(Self.figures(streamed) == Self.figures(expected))
  }

  @Test func theAICostAndTokenFiguresAreTheSumsOfTheCalls() throws {
    let (url, _) = try RealtimeStreamingTests.file()
    let (run, _) = try UsageImporter(catalog: Fixtures.catalog).read(contentsOf: url)
    let (digest, _) = try UsageImporter(catalog: Fixtures.catalog).digest(contentsOf: url)
    let figures = Self.figures(try #require(AnalyzerName.understanding.report(digest, catalog: Fixtures.catalog)))
    // Summed call by call here, independently of the cube.
    var (cost, input, output, cached) = (Int128(0), 0, 0, 0)
    for i in 0..<run.count {
      cost += Int128(run.cost[i])
      input += Int(run.inputTokens[i])
      output += Int(run.outputTokens[i])
      cached += Int(run.cachedTokens[i])
    }
    try #require(cached > 0, "the fixture must read cached tokens")
    #expect(figures["AI cost"] == Double(cost) / 1e9)
    #expect(figures["output/input tokens"].map { abs($0 - Double(output) / Double(input)) < 1e-12 } == true)
    #expect(figures["cached input share"].map { abs($0 - Double(cached) / Double(input)) < 1e-12 } == true)
  }

  @Test func aCostsOnlyFileSaysTheSameAboutTokensStreamedAndInMemory() throws {
    let (url, _) = try RealtimeStreamingTests.file()
    let (run, _) = try UsageImporter(catalog: Fixtures.catalog).read(contentsOf: url)
    let (digest, _) = try UsageImporter(catalog: Fixtures.catalog).digest(contentsOf: url)
    var inMemory = AnalysisContext(imported: run, catalog: Fixtures.catalog)
    inMemory.tokensKnown = false
    let streamed = try #require(
      AnalyzerName.understanding.report(digest, catalog: Fixtures.catalog, tokensKnown: false))
    let expected = AnalyzerName.understanding.report(inMemory)
    #expect(streamed.blocks.first == expected.blocks.first)
    #expect(
      streamed.blocks.first
        == .note(
          "The imported usage has no token counts (a costs-only export): token efficiency is empty; the cost breakdowns are complete."
        ))
  }
}
