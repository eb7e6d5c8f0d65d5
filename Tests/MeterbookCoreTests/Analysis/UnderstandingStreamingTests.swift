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
    let (run, digest) = try RealtimeStreamingTests.cappedDigest()
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

  /// The allocation tree of a report: its roots (organizations).
  static func tree(_ report: Report) -> [TreeChart.Node] {
    for case .tree(let tree) in report.blocks { return tree.roots }
    return []
  }

  @Test func aCustomerWhoseCallsNameTwoOrganizationsIsFiledUnderItsFirstCallsOneWhenStreamed() throws {
    var run = try Simulator(scenario: Fixtures.scenario(customers: 8, days: 14)).run().run
    run.dimensions.organizations = ["org-a", "org-b"]
    run.dimensions.products = ["product-a", "product-b"]
    let d = run.dimensions
    // Every call in organization 0, product 0, except the dearest customer's: the first half
    // of them in organization 1, the rest in product 1 (each path the customer's alone).
    var costs = [Int64](repeating: 0, count: d.customers.count)
    for i in 0..<run.count { costs[Int(run.customer[i])] += run.cost[i] }
    let dearest = try #require(costs.indices.max { (costs[$0], $1) < (costs[$1], $0) })
    let calls = (0..<run.count).filter { run.customer[$0] == dearest }
    let early = calls.prefix(calls.count / 2)
    for i in 0..<run.count {
      run.organization[i] = 0
      run.product[i] = run.customer[i] == dearest ? 1 : 0
    }
    for i in early {
      run.organization[i] = 1
      run.product[i] = 0
    }
    let earlyCost = early.reduce(Int64(0)) { $0 + run.cost[$1] }
    try #require(earlyCost > 0 && earlyCost < costs[dearest])
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mb-understanding-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let url = dir.appendingPathComponent("usage.csv")
    try Fixtures.csv(run).write(to: url, atomically: true, encoding: .utf8)

    let (imported, _) = try UsageImporter(catalog: Fixtures.catalog).read(contentsOf: url)
    let (digest, _) = try UsageImporter(catalog: Fixtures.catalog).digest(contentsOf: url)
    let inMemory = AnalyzerName.understanding.report(AnalysisContext(imported: imported, catalog: Fixtures.catalog))
    let streamed = try #require(AnalyzerName.understanding.report(digest, catalog: Fixtures.catalog))
    let customer = d.customers[dearest]
    /// The customer's leaf under an organization and product, in dollars.
    func leaf(_ report: Report, _ organization: Int, _ product: Int) -> Double? {
      Self.tree(report).first { $0.label == d.organizations[organization] }?
        .children.first { $0.label == d.products[product] }?
        .children.first { $0.label == customer }?.value
    }
    // The calls split the customer between two paths; the digest files it whole under its
    // first call's organization and product.
    #expect(leaf(inMemory, 1, 0).map { abs($0 - Double(earlyCost) / 1e9) < 1e-9 } == true)
    #expect(leaf(inMemory, 0, 1).map { abs($0 - Double(costs[dearest] - earlyCost) / 1e9) < 1e-9 } == true)
    #expect(leaf(streamed, 1, 0).map { abs($0 - Double(costs[dearest]) / 1e9) < 1e-9 } == true)
    #expect(leaf(streamed, 0, 1) == nil)
    // Every other figure is the same.
    #expect(Self.figures(streamed) == Self.figures(inMemory))
  }
}
