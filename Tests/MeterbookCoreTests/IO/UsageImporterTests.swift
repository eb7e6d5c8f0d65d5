import Foundation
import Testing

@testable import MeterbookCore

struct UsageImporterTests {
  let header = CallRecord.fieldNames.joined(separator: ",")

  func write(_ text: String, name: String = "usage.csv") throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mb-import-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let url = dir.appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url
  }

  func row(
    ts: String = "2026-01-05T10:00:00Z", model: String = "gpt-4o-mini", input: String = "1000", output: String = "200",
    cost: String = "0.00027", status: String = "ok", customer: String = "cust_1"
  ) -> String {
    "0000000000000001,\(ts),OpenAI,\(model),chat,\(input),\(output),0,\(cost),900,0.8,\(status),\(customer),org_1,assistant,chat,pro,us-east,0123456789abcdef0123456789abcdef"
  }

  @Test func aSimulatedRunSurvivesExportAndImportExactly() throws {
    let sim = try Simulator(scenario: Fixtures.scenario(customers: 30, days: 3)).run().run
    let url = try write(try Fixtures.csv(sim))
    let (run, summary) = try UsageImporter(catalog: Fixtures.catalog).read(contentsOf: url)
    #expect(summary.kept == sim.count && summary.skipped == 0 && !summary.costComputed)
    #expect(run.totalCost == sim.totalCost)
    #expect((0..<sim.count).allSatisfy { run[$0] == sim[$0] })
    #expect(try Fixtures.csv(run) == Fixtures.csv(sim))
  }

  @Test func everyMalformedRowIsCountedWithItsRowNumberAndReason() throws {
    let text =
      [
        header, row(), row(ts: "yesterday"), row(input: "many"), row(status: "maybe"), "a,b,c", row(cost: "$$"),
        row(ts: "2026-01-05 11:00:00Z"), row(),
      ].joined(separator: "\n") + "\n"
    let (run, s) = try UsageImporter(catalog: Fixtures.catalog).read(contentsOf: try write(text), displayPath: "u.csv")
    #expect(run.count == 3 && s.read == 8 && s.kept == 3 && s.skipped == 5)
    #expect(s.examples.map(\.row) == [3, 4, 5, 6, 7])
    #expect(
      s.examples.map(\.reason) == [
        "timestamp 'yesterday' is not iso8601",
        "input_tokens 'many' is not a whole number",
        "status 'maybe' is not ok, error or timeout",
        "has 3 fields; expected 19 like the header",
        "cost_usd '$$' is not a dollar amount",
      ])
    #expect(s.description.hasPrefix("read 8 rows: 3 kept, 5 skipped"))
  }

  @Test func strictModeStopsAtTheFirstBadRow() throws {
    let text = [header, row(), row(input: "-5"), row()].joined(separator: "\r\n")
    #expect(
      throws: UsageImporter.ImportError.badRow(
        path: "u.csv", row: 3, reason: "input_tokens -5 is negative")
    ) {
      try UsageImporter(catalog: Fixtures.catalog, strict: true).read(contentsOf: try write(text), displayPath: "u.csv")
    }
  }

  @Test func anEmptyFileAMissingColumnAndAnUnclosedQuoteAreClearErrors() throws {
    #expect(throws: UsageImporter.ImportError.empty(path: "e.csv")) {
      try UsageImporter(catalog: Fixtures.catalog).read(contentsOf: try write(""), displayPath: "e.csv")
    }
    do {
      _ = try UsageImporter(catalog: Fixtures.catalog).read(
        contentsOf: try write("timestamp,model\n2026-01-05T10:00:00Z,x\n"), displayPath: "m.csv")
      Issue.record("expected an error")
    } catch {
      #expect(
        "\(error)".hasPrefix(
          "m.csv:1: missing columns 'input_tokens', 'output_tokens'; the header has: timestamp, model"))
    }
    let broken = [header, row(), "\"unclosed," + row()].joined(separator: "\n")
    let (run, s) = try UsageImporter(catalog: Fixtures.catalog).read(
      contentsOf: try write(broken), displayPath: "q.csv")
    #expect(run.count == 1 && s.skippedByReason["unterminated quote"] == 1)
  }

  @Test func quotedFieldsKeepCommasQuotesAndNewlines() throws {
    let text = header + "\n" + row(customer: "\"Acme, \"\"Inc\"\"\nEU\"") + "\n"
    let (run, _) = try UsageImporter(catalog: Fixtures.catalog).read(contentsOf: try write(text))
    #expect(run.dimensions.customers == ["Acme, \"Inc\"\nEU"])
  }

  @Test func aMappingFileRenamesColumnsParsesUnixTimeAndComputesCost() throws {
    let dir = try write("", name: "x").deletingLastPathComponent()
    let mapURL = dir.appendingPathComponent("map.yaml")
    try """
    columns: {timestamp: created_at, model: model_name, input_tokens: prompt_tokens, output_tokens: completion_tokens, customer_id: user}
    timestamp_format: unix
    defaults: {provider: OpenAI, task_type: chat}
    """.write(to: mapURL, atomically: true, encoding: .utf8)
    let mapping = try ColumnMapping.load(contentsOf: mapURL)
    let csv =
      "created_at,model_name,prompt_tokens,completion_tokens,user\n1767607200,gpt-4o,1000,100,alice\n1767610800,mystery-model,10,10,bob\n"
    let (run, s) = try UsageImporter(catalog: Fixtures.catalog, mapping: mapping).read(
      contentsOf: try write(csv), displayPath: "m.csv")
    #expect(s.costComputed && run.count == 1)
    #expect(
      s.examples.first?.reason
        == "model 'OpenAI mystery-model' is not in catalog '2026-q4', so its cost cannot be computed")
    #expect(
      Money(nanos: run.cost[0])
        == Fixtures.catalog.model("openai/gpt-4o")!.price.cost(input: 1000, output: 100, cached: 0))
    #expect(run.timestamp[0] == 1_767_607_200 && run.dimensions.customers == ["alice"])
  }

  @Test func timestampsAcceptCommonISOForms() {
    #expect(UsageImporter.parseTime("2026-01-05T10:00:00Z", format: "iso8601") == 1_767_607_200)
    #expect(UsageImporter.parseTime("2026-01-05T10:00:00.123Z", format: "iso8601") == 1_767_607_200)
    #expect(UsageImporter.parseTime("2026-01-05T12:00:00+02:00", format: "iso8601") == 1_767_607_200)
    #expect(UsageImporter.parseTime("2026-01-05 10:00:00", format: "iso8601") == 1_767_607_200)
    #expect(UsageImporter.parseTime("2026-13-05T10:00:00Z", format: "iso8601") == nil)
    #expect(UsageImporter.parseTime("1767607200123", format: "unix_ms") == 1_767_607_200)
  }
}

struct ParallelImportTests {
  @Test func aSplitImportEqualsOneSequentialPass() throws {
    let sim = try Simulator(scenario: Fixtures.scenario(customers: 150, days: 10, seed: 4)).run().run
    var text = try Fixtures.csv(sim)
    // Two bad rows, one in each half, to check row numbers across the split.
    let lines = text.split(separator: "\r\n", omittingEmptySubsequences: false)
    var edited = Array(lines)
    edited[10] = "broken,row"
    edited[lines.count - 20] = "also,broken"
    text = edited.joined(separator: "\r\n")
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("mb-par-\(UUID().uuidString).csv")
    try text.write(to: url, atomically: true, encoding: .utf8)
    #expect(text.utf8.count > 8 << 20)
    let importer = UsageImporter(catalog: Fixtures.catalog)
    let (a, sa) = try importer.read(contentsOf: url, parallel: false)
    let (b, sb) = try importer.read(contentsOf: url, parallel: true)
    #expect(try Fixtures.csv(a) == Fixtures.csv(b))
    #expect(a.dimensions == b.dimensions)
    #expect(sa == sb)
    #expect(sa.examples.map(\.row) == [11, lines.count - 19])
    // A quoted line break anywhere makes the parallel path start over sequentially.
    // customer_id of one mid-file row becomes a quoted name with a line break.
    var fields = edited[lines.count / 2].split(separator: ",", omittingEmptySubsequences: false)
    fields[12] = "\"cust\nline\""
    edited[lines.count / 2] = Substring(fields.joined(separator: ","))
    try edited.joined(separator: "\r\n").write(to: url, atomically: true, encoding: .utf8)
    let (c, sc) = try importer.read(contentsOf: url, parallel: false)
    let (d, sd) = try importer.read(contentsOf: url, parallel: true)
    #expect(try c.dimensions.customers.contains("cust\nline") && Fixtures.csv(c) == Fixtures.csv(d) && sc == sd)
    try? FileManager.default.removeItem(at: url)
  }
}
