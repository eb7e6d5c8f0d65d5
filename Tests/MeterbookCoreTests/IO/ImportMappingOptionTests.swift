import Foundation
import Testing

@testable import MeterbookCore

/// The mapping options one by one: value maps, units, JSON paths, call counts, time zones, and the
/// located errors of bad mapping files.
struct ImportMappingOptionTests {
  func importing(_ csv: String, mapping yaml: String, strict: Bool = false) throws -> (Run, UsageImporter.Summary) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mb-map-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let url = dir.appendingPathComponent("u.csv")
    try csv.write(to: url, atomically: true, encoding: .utf8)
    let mapping = try ColumnMapping.load(text: yaml, path: "m.yaml", catalog: Fixtures.catalog)
    return try UsageImporter(catalog: Fixtures.catalog, mapping: mapping, strict: strict)
      .read(contentsOf: url, displayPath: "u.csv")
  }

  @Test func valueMapsTranslateStatusWordsAndCodesAndTheSameNamedColumnIsNotRead() throws {
    // The file's own `status` column holds words Meterbook does not know; the mapping points to `code`.
    let csv = """
      ts,model,in,out,cost,status,code
      2026-01-05T10:00:00Z,gpt-4o,10,10,0.1,weird,200
      2026-01-05T10:00:01Z,gpt-4o,10,10,0.1,weird,429
      2026-01-05T10:00:02Z,gpt-4o,10,10,0.1,weird,504
      2026-01-05T10:00:03Z,gpt-4o,10,10,0.1,weird,418

      """
    let (run, s) = try importing(
      csv,
      mapping: """
        columns:
          timestamp: ts
          input_tokens: in
          output_tokens: out
          cost_usd: cost
          status: {column: code, values: {"200": ok, "504": timeout, "*": error}}
        """)
    #expect(s.kept == 4 && run.status == [0, 1, 2, 1])
  }

  @Test func anUnmappedValueIsABadRowThatSaysSo() throws {
    let (_, s) = try importing(
      "ts,model,input_tokens,output_tokens,cost_usd,level\n2026-01-05T10:00:00Z,gpt-4o,1,1,0,LOUD\n",
      mapping: "columns: {timestamp: ts, status: {column: level, values: {DEFAULT: ok, ERROR: error}}}")
    #expect(
      s.examples.map(\.reason) == [
        "status 'LOUD' is not ok, error or timeout (nor a value the mapping's value map names)"
      ])
  }

  @Test func centsAndSecondsAreScaledExactly() throws {
    let csv = """
      ts,model,input_tokens,output_tokens,cents,secs
      2026-01-05T10:00:00Z,gpt-4o,1,1,12.5,1.5
      2026-01-05T10:00:01Z,gpt-4o,1,1,2.07e-03,0.0004
      2026-01-05T10:00:02Z,gpt-4o,1,1,100,2e1

      """
    let (run, s) = try importing(
      csv,
      mapping: """
        columns:
          timestamp: ts
          cost_usd: {column: cents, unit: cents}
          latency_ms: {column: secs, unit: s}
        """)
    #expect(s.kept == 3)
    // 12.5 cents = $0.125; 2.07e-03 cents = $0.0000207; 100 cents = $1.
    #expect(run.cost == [125_000_000, 20_700, 1_000_000_000])
    // 1.5 s = 1,500 ms; 0.0004 s = 0.4 ms → 0; 2e1 s = 20,000 ms.
    #expect(run.latencyMs == [1500, 0, 20_000])
  }

  @Test func numbersInExponentAndDecimalFormAreReadExactly() throws {
    let csv = """
      ts,model,input_tokens,output_tokens,cost_usd
      2026-01-05T10:00:00Z,gpt-4o,1000.0,2.5e2,2.07e-05
      2026-01-05T10:00:01Z,gpt-4o,1000.5,1,0.1
      2026-01-05T10:00:02Z,gpt-4o,-3,1,0.1
      2026-01-05T10:00:03Z,gpt-4o,NaN,1,0.1
      2026-01-05T10:00:04Z,gpt-4o,1,1,1e400

      """
    let (run, s) = try importing(csv, mapping: "columns: {timestamp: ts}")
    #expect(run.inputTokens == [1000] && run.outputTokens == [250] && run.cost == [20_700])
    #expect(
      s.examples.map(\.reason) == [
        "input_tokens 1000.5 is not a whole number", "input_tokens -3 is negative",
        "input_tokens 'NaN' is not a whole number",
        "cost_usd '1e400' exceeds the limit of $1,000,000.00 for one call",
      ])
  }

  @Test func jsonPathsReadNestedColumnsAndBrokenJSONIsAMissingValue() throws {
    let csv = """
      ts,model,input_tokens,output_tokens,cost_usd,meta
      2026-01-05T10:00:00Z,gpt-4o,100,1,0,"{""usage"": {""details"": {""cached"": 40}}, ""tags"": [""a"", ""b""]}"
      2026-01-05T10:00:01Z,gpt-4o,100,1,0,"{""usage"": {""details"": {""cached"": 4"
      2026-01-05T10:00:02Z,gpt-4o,100,1,0,"{""usage"": null}"
      2026-01-05T10:00:03Z,gpt-4o,100,1,0,"not json at all"
      2026-01-05T10:00:04Z,gpt-4o,100,1,0,"{""usage"": {""details"": {""cached"": ""60""}}, ""tags"": [""x\\u00e9""]}"

      """
    let (run, s) = try importing(
      csv,
      mapping: """
        columns:
          timestamp: ts
          cached_input_tokens: {column: meta, json: usage.details.cached}
          feature_id: {column: meta, json: tags.0}
        """)
    #expect(s.kept == 5)
    #expect(run.cachedTokens == [40, 0, 0, 0, 60])
    #expect(run.dimensions.features == ["a", "unknown", "xé"])
  }

  @Test func alternativesPlusAndBeforeCombine() throws {
    let csv = """
      ts,line,uncached,cached,out,cost_usd
      2026-01-05T10:00:00Z,"gpt-4o-2024-08-06, input",60,40,1,0
      2026-01-05T10:00:01Z,"gpt-4o-mini, output",70,,1,0

      """
    let (run, _) = try importing(
      csv,
      mapping: """
        columns:
          timestamp: ts
          model: {column: line, before: ","}
          input_tokens: {column: uncached, plus: cached}
          cached_input_tokens: [{column: nope, optional: true}, cached]
          output_tokens: out
        """)
    #expect(run.inputTokens == [100, 70] && run.cachedTokens == [40, 0])
    #expect(run.dimensions.models.map(\.id) == ["openai/gpt-4o", "openai/gpt-4o-mini"])
  }

  @Test func aCountColumnWeightsRowsAndSplitsTokensAndCostExactly() throws {
    let csv = """
      ts,model,input_tokens,output_tokens,cost_usd,n
      2026-01-05T10:00:00Z,gpt-4o,10,3,0.000000010,3
      2026-01-05T10:00:01Z,gpt-4o,5,5,0.5,1
      2026-01-05T10:00:02Z,gpt-4o,5,5,0.5,0
      2026-01-05T10:00:03Z,gpt-4o,5,5,0.5,-2
      2026-01-05T10:00:04Z,gpt-4o,5,5,0.5,99999999999

      """
    let (run, s) = try importing(csv, mapping: "columns: {timestamp: ts}\ncalls: n")
    #expect((s.kept, s.calls, run.count) == (2, 4, 4))
    #expect(Array(run.inputTokens[0..<3]) == [4, 3, 3] && Array(run.outputTokens[0..<3]) == [1, 1, 1])
    // 10 nano-dollars over 3 calls: 4 + 3 + 3.
    #expect(Array(run.cost[0..<3]) == [4, 3, 3])
    #expect(s.skippedByReason == ["no calls": 1, "bad call count": 2])
  }

  @Test func aZonelessTimestampNeedsTheMappingsTimezone() throws {
    let csv = "ts,model,input_tokens,output_tokens,cost_usd\n2026-01-05 10:00:00.250,gpt-4o,1,1,0\n"
    do {
      _ = try importing(csv, mapping: "columns: {timestamp: ts}")
      Issue.record("expected an error")
    } catch {
      #expect(
        "\(error)"
          == "u.csv:2:1: timestamp '2026-01-05 10:00:00.250' has no time zone\n  hint: say which zone the file's times are in: add 'timezone: UTC' (or +02:00, or Europe/Berlin) to the mapping (--map)"
      )
    }
    let utc = try importing(csv, mapping: "columns: {timestamp: ts}\ntimezone: UTC").0
    #expect(utc.timestamp == [1_767_607_200])
    let plus2 = try importing(csv, mapping: "columns: {timestamp: ts}\ntimezone: \"+02:00\"").0
    #expect(plus2.timestamp == [1_767_607_200 - 7_200])
    // Berlin is UTC+1 in January and UTC+2 in July.
    let berlin = try importing(
      csv + "2026-07-05 10:00:00,gpt-4o,1,1,0\n", mapping: "columns: {timestamp: ts}\ntimezone: Europe/Berlin"
    ).0
    #expect(berlin.timestamp == [1_767_607_200 - 3_600, 1_783_245_600 - 7_200])
    // A timestamp that names its zone ignores the mapping's.
    let zoned = try importing(
      "ts,model,input_tokens,output_tokens,cost_usd\n2026-01-05T10:00:00+00,gpt-4o,1,1,0\n",
      mapping: "columns: {timestamp: ts}\ntimezone: Europe/Berlin"
    ).0
    #expect(zoned.timestamp == [1_767_607_200])
  }

  @Test func batchRowsArePricedAtTheBatchRate() throws {
    let csv = """
      ts,model,input_tokens,output_tokens,batch
      2026-01-05T10:00:00Z,gpt-4o,1000000,0,false
      2026-01-05T10:00:01Z,gpt-4o,1000000,0,TRUE

      """
    let (run, s) = try importing(csv, mapping: "columns: {timestamp: ts}\nbatch: batch")
    // gpt-4o input $2.50 per 1M; batch × 0.5.
    #expect(run.cost == [2_500_000_000, 1_250_000_000] && s.batchRows == 1)
  }

  @Test func badMappingFilesGetLocatedErrorsWithHints() throws {
    let yaml = """
      columns:
        timestamp: ts
        cost_usd: {column: c, unit: euros}
        status: {column: s, values: {success: fine}}
        latency_ms: {column: l, json: "a..b"}
        model: {column: m, unit: s}
      timezone: Mars/Olympus
      cots: given
      aliases: {mine: openai/gpt-40}
      """
    do {
      _ = try ColumnMapping.load(text: yaml, path: "bad.yaml", catalog: Fixtures.catalog)
      Issue.record("expected an error")
    } catch {
      let text = "\(error)"
      for expected in [
        "bad.yaml:3:", "unknown cost_usd unit 'euros'; expected one of: cents, dollars, micros, nanos, usd",
        "bad.yaml:4:", "'fine' is not a status value; expected one of: ok, error, timeout",
        "'a..b' is not a JSON path",
        "model takes no unit",
        "bad.yaml:7:", "unknown time zone 'Mars/Olympus'",
        "bad.yaml:8:", "unknown key 'cots' in mapping", "did you mean 'cost'?",
        "alias 'mine' names 'openai/gpt-40'", "did you mean 'openai/gpt-4o'?",
      ] {
        #expect(text.contains(expected), "missing: \(expected)\n\(text)")
      }
    }
  }

  @Test func aMappedColumnTheFileLacksIsALocatedError() throws {
    do {
      _ = try importing(
        "ts,model,input_tokens,output_tokens\n2026-01-05T10:00:00Z,gpt-4o,1,1\n",
        mapping: "columns: {timestamp: ts, cost_usd: spend}")
      Issue.record("expected an error")
    } catch {
      #expect(
        "\(error)".hasPrefix(
          "u.csv:1: the mapping reads cost_usd from column 'spend', which the header lacks; the header has: ts, model, input_tokens, output_tokens"
        ))
    }
  }

  @Test func unknownModelsAreReportedOnceWithRowsCostAndADidYouMean() throws {
    let csv = """
      ts,model,input_tokens,output_tokens,cost_usd
      2026-01-05T10:00:00Z,gpt-4o-mnii,1,1,0.25
      2026-01-05T10:00:01Z,gpt-4o-mnii,1,1,0.5
      2026-01-05T10:00:02Z,gpt-4o,1,1,0.5

      """
    let (_, s) = try importing(csv, mapping: "columns: {timestamp: ts}")
    #expect(
      s.unknownModels == [
        .init(
          provider: "unknown", name: "gpt-4o-mnii", rows: 2, calls: 2, cost: Money(nanos: 750_000_000),
          suggestion: "openai/gpt-4o-mini")
      ])
    #expect(
      s.description.contains("unknown model 'gpt-4o-mnii': 2 rows, 2 calls, $0.75; did you mean 'openai/gpt-4o-mini'?"))
  }
}
