import Foundation
import Testing

@testable import MeterbookCore

/// A usage cube made elsewhere, read back through the `cube` preset (`analyze --cube`,
/// `data: {cube:}`): each row becomes its calls, and the cube's sums survive exactly.
struct CubeImportTests {
  func importing(_ csv: String) throws -> (Run, UsageImporter.Summary) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mb-cube-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let url = dir.appendingPathComponent("cube.csv")
    try csv.write(to: url, atomically: true, encoding: .utf8)
    let mapping = try ColumnMapping.resolve(
      UsageCube.mappingPreset, library: Fixtures.library, catalog: Fixtures.catalog)
    return try UsageImporter(catalog: Fixtures.catalog, mapping: mapping).read(contentsOf: url, displayPath: "cube.csv")
  }

  static let header =
    "hour,customer_id,provider,model,task_type,feature_id,calls,errors,input_tokens,output_tokens,cached_input_tokens,cost_usd"

  @Test func aRowBecomesItsCallsWithTheFirstFailedAndUnbilled() throws {
    let csv = """
      \(Self.header),latency_p50_ms
      2026-01-05T10:00:00Z,c1,OpenAI,gpt-4o,code,search,3,1,31,20,7,0.000000011,850

      """
    let (run, summary) = try importing(csv)
    #expect((summary.kept, summary.calls) == (1, 3))
    #expect(run.status == [1, 0, 0])
    // Input and cached tokens split over all 3 calls (31 = 11 + 10 + 10, 7 = 3 + 2 + 2); output
    // and cost over the 2 that succeeded (20 = 10 + 10; 11 nano-dollars = 6 + 5).
    #expect(run.inputTokens == [11, 10, 10] && run.cachedTokens == [3, 2, 2])
    #expect(run.outputTokens == [0, 10, 10] && run.cost == [0, 6, 5])
    #expect(run.timestamp == [1_767_607_200, 1_767_607_200, 1_767_607_200])
    #expect(run.dimensions.taskTypes[Int(run.task[0])] == "code" && run.dimensions.features == ["search"])
    #expect(run.dimensions.customers == ["c1"] && run.dimensions.models[0].id == "openai/gpt-4o")
  }

  @Test func errorsPastTheCallsAreABadRow() throws {
    let csv = """
      \(Self.header)
      2026-01-05T10:00:00Z,c1,OpenAI,gpt-4o,chat,search,2,3,10,10,0,0.01
      2026-01-05T10:00:00Z,c1,OpenAI,gpt-4o,chat,search,2,x,10,10,0,0.01
      2026-01-05T11:00:00Z,c1,OpenAI,gpt-4o,chat,search,2,2,10,0,0,0

      """
    let (run, summary) = try importing(csv)
    #expect(summary.skippedByReason == ["bad error count": 2])
    #expect(summary.description.contains("error count 3 exceeds the row's 2 calls"))
    // Every call failed: they keep the row's tokens and its (zero) cost.
    #expect(run.status == [1, 1] && run.inputTokens == [5, 5])
  }

  @Test func aSimulatedCubeReadBackHasTheSameSumsInEveryCell() throws {
    let run = try Simulator(scenario: Fixtures.scenario(customers: 25, days: 4)).run().run
    let sink = MemorySink()
    try UsageCube(run).csv(to: sink)
    let (back, _) = try importing(sink.string)
    func sums(_ cube: UsageCube) -> [String: [Int64]] {
      let d = cube.dimensions
      return Dictionary(
        uniqueKeysWithValues: cube.cells.map { c in
          (
            "\(c.key.hour) \(d.customers[Int(c.key.customer)]) \(d.models[Int(c.key.model)].id) "
              + "\(d.taskTypes[Int(c.key.task)]) \(d.features[Int(c.key.feature)])",
            [c.calls, c.errors, c.inputTokens, c.outputTokens, c.cachedTokens, c.cost]
          )
        })
    }
    let original = sums(UsageCube(run))
    #expect(original.count > 500)
    #expect(sums(UsageCube(back)) == original)
    // Failed simulated calls cost nothing, so the billable cost is the whole cost, as in the calls.
    #expect(UsageCube(back, grain: .period).cells.reduce(0) { $0 + $1.billableCost } == run.cost.reduce(0, +))
  }

  @Test func reportsThatNeedCallsSayIt() throws {
    let run = try Simulator(scenario: Fixtures.scenario(customers: 10, days: 3)).run().run
    let sink = MemorySink()
    try UsageCube(run).csv(to: sink)
    var context = AnalysisContext(imported: try importing(sink.string).0, catalog: Fixtures.catalog)
    context.fromCube = true
    #expect(AnalyzerName.cubeReports.count == AnalyzerName.allCases.count - 2)
    for name in [AnalyzerName.performance, .optimization] {
      let report = name.report(context)
      #expect(report.title == "\(name.rawValue): needs call-level data")
      #expect(report.blocks.count == 1)
    }
    let summary = AnalyzerName.summary.report(context)
    #expect(summary.blocks.first == .note(AnalyzerName.cubeAttributesNote))
    #expect(AnalyzerName.understanding.report(context).blocks.first != .note(AnalyzerName.cubeAttributesNote))
  }
}
