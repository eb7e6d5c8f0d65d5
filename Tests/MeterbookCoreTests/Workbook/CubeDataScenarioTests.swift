import Foundation
import Testing

@testable import MeterbookCore

/// A workbook scenario made of a usage cube computed elsewhere (`data: {cube: FILE}`).
struct CubeDataScenarioTests {
  static let cube = """
    hour,customer_id,provider,model,task_type,feature_id,calls,errors,input_tokens,output_tokens,cached_input_tokens,cost_usd
    2026-03-01T10:00:00Z,acme,OpenAI,gpt-4o-mini,chat,search,4,1,4000,900,0,1.5
    2026-03-02T11:00:00Z,globex,OpenAI,gpt-4o,code,editor,2,0,3000,100,1000,0.25

    """

  static let text = """
    title: Cube March
    seed: 11
    scenarios:
      warehouse:
        data: {cube: usage.csv, customer_tiers: {"*": pro}}
    plans:
      per-call: {fee: {pro: 10}, charges: [{metric: calls, price: 0.5}]}
    cells:
      - report: {name: performance, on: warehouse}
    """

  @Test func theCubesCallsAreBilledAndReportsNeedingCallsSaySo() throws {
    let book = try DataWorkbook(Self.text, csv: Self.cube)
    defer { book.cleanUp() }
    let session = try book.session()
    let r = try session.result(for: "warehouse")
    #expect(r.run.count == 6)
    #expect(r.run.totalCost == Money(nanos: 1_750_000_000))
    #expect(r.scenario.data?.isCube == true)
    let c = session.context(r)
    #expect(c.fromCube)
    let plan = try #require(session.workbook.plan("per-call"))
    // Billable calls: acme 4 − 1 failed = 3 × $0.50; globex 2 × $0.50; plus the $10 fee
    // prorated to the 2 days of data (the period is the data's days, 2 of March's 31).
    let fee = Money(dollars: 10).scaled(by: 2, per: 31)
    #expect(
      c.engine.bills(plan, run: r.run, population: r.population).map(\.total) == [
        fee + Money(nanos: 1_500_000_000), fee + Money(dollars: 1),
      ])
    let text = TextRenderer(width: 200).render(try session.run()[0].report)
    #expect(text.contains("needs call-level data that a usage cube does not have"))
  }

  @Test func cubeTakesNeitherFileNorMap() throws {
    func errors(_ data: String) throws -> [String] {
      let book = try DataWorkbook(
        Self.text.replacingOccurrences(of: "data: {cube: usage.csv, customer_tiers: {\"*\": pro}}", with: data),
        csv: Self.cube)
      defer { book.cleanUp() }
      return book.errors()
    }
    #expect(
      try errors("data: {cube: usage.csv, map: litellm}") == [
        "5:34: a cube is read by its own columns; map: applies to file:"
      ])
    #expect(
      try errors("data: {file: usage.csv, cube: usage.csv}").contains {
        $0.contains("data takes file: or cube:, not both")
      })
  }
}
