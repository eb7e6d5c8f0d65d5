import Foundation
import Testing

@testable import MeterbookCore

/// Each shipped preset imports a small sample of its tool's export to the cent.
///
/// The samples (`Samples/*.csv`) follow each tool's documented layout; the expected totals are
/// worked out by hand in the comments (list prices from `scenarios/catalog/2026-q4.yaml`), not
/// taken from Meterbook's output.
struct MappingPresetTests {
  static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Samples")

  func load(_ preset: String) throws -> (Run, UsageImporter.Summary) {
    let mapping = try ColumnMapping.resolve(preset, library: Fixtures.library, catalog: Fixtures.catalog)
    #expect(mapping.name == preset)
    return try UsageImporter(catalog: Fixtures.catalog, mapping: mapping)
      .read(contentsOf: Self.samples.appendingPathComponent("\(preset).csv"), displayPath: "\(preset).csv")
  }

  func ids(_ run: Run) -> [String] { (0..<run.count).map { run.dimensions.models[Int(run.model[$0])].id } }

  @Test func everyPresetIsShippedAndLoads() throws {
    #expect(
      ColumnMapping.presetNames(in: Fixtures.library) == [
        "cube", "helicone", "langfuse", "litellm", "openai-costs", "openai-usage",
      ])
    for name in ColumnMapping.presetNames(in: Fixtures.library) {
      let m = try ColumnMapping.resolve(name, library: Fixtures.library, catalog: Fixtures.catalog)
      #expect(!m.about.isEmpty, "\(name) says what it reads")
    }
  }

  @Test func liteLLMSpendLogsImportToTheCent() throws {
    let (run, s) = try load("litellm")
    #expect((s.read, s.kept, s.calls, s.skipped) == (6, 6, 6, 0), "\(s)")
    // 2.1e-05 + 0.00645 + 0.0013600000000000001 (rounds to 0.00136) + 0.0 + 4.5e-03 + 1.2e-06
    // = 0.0123322 dollars.
    #expect(run.totalCost == Money(nanos: 12_332_200))
    #expect(run.cost == [21_000, 6_450_000, 1_360_000, 0, 4_500_000, 1_200])
    #expect(
      ids(run) == [
        "openai/gpt-4o-mini", "anthropic/claude-sonnet-4-5", "google/gemini-2.5-flash", "openai/gpt-4o",
        "bedrock/anthropic.claude-sonnet-4-5-20250929-v1:0", "together_ai/llama-3-8b-instruct",
      ])
    // Cached tokens from metadata JSON: Anthropic's cache_read_input_tokens, OpenAI's cached_tokens.
    #expect(run.cachedTokens == [0, 1500, 0, 0, 200, 0])
    #expect(run.inputTokens == [100, 2000, 1200, 0, 1000, 20])
    // status success/failure through the value map.
    #expect(run.status == [0, 0, 0, 1, 0, 0])
    #expect(run.latencyMs == [850, 4200, 1500, 30000, 2000, 400])
    // startTime has no zone; the preset says UTC: 2025-10-01 12:00:00 UTC = 1759320000.
    #expect(run.timestamp[0] == 1_759_320_000)
    // end_user, else user.
    #expect(run.dimensions.customers == ["cust_acme", "default_user_id", "cust_globex"])
    #expect(
      s.unknownModels == [
        .init(
          provider: "together_ai", name: "llama-3-8b-instruct", rows: 1, calls: 1, cost: Money(nanos: 1_200),
          suggestion: "bedrock/meta.llama3-3-70b-instruct-v1:0")
      ])
    #expect(s.aliased.map(\.logged).contains("claude-sonnet-4-5-20250929"))
  }

  @Test func langfuseGenerationsImportToTheCent() throws {
    let (run, s) = try load("langfuse")
    #expect((s.kept, s.skipped) == (4, 0), "\(s)")
    // 0.00578 + 0.0021 (given) + $0 (ERROR, computed) + gpt-4o-mini 2000 × 0.15 + 500 × 0.60 per 1M
    // = 0.0006 (computed: calculatedTotalCost empty) → 0.00848 dollars.
    #expect(run.cost == [5_780_000, 2_100_000, 0, 600_000])
    #expect(run.totalCost == Money(nanos: 8_480_000))
    // input = usageDetails.input + input_cached_tokens (Langfuse counts input without cached).
    #expect(run.inputTokens == [1824, 1500, 300, 2000])
    #expect(run.cachedTokens == [1024, 0, 0, 0])
    #expect(run.outputTokens == [250, 120, 0, 500])
    // latency in seconds → ms (2.0005 s rounds half away from zero to 2001 ms).
    #expect(run.latencyMs == [1234, 500, 30000, 2001])
    // level: DEFAULT and WARNING are ok, ERROR is an error.
    #expect(run.status == [0, 0, 1, 0])
    #expect(ids(run) == ["openai/gpt-4o", "anthropic/claude-haiku-4-5", "openai/gpt-4o-mini", "openai/gpt-4o-mini"])
    #expect(run.dimensions.features == ["summarize-ticket", "classify-intent", "draft-reply"])
    #expect(s.costComputed)
    #expect(s.inferred.contains { $0.field == "provider" && $0.how == "from the model name, by the catalog" })
  }

  @Test func heliconeExportImportsToTheCent() throws {
    let (run, s) = try load("helicone")
    #expect((s.kept, s.skipped) == (6, 0), "\(s)")
    // 0.00027 (given) + $0 (429: error) + gpt-4o 500 × 2.50 + 100 × 10 per 1M = 0.00225 (computed)
    // + $0 (500, given 0) + 0.015 (given) + gpt-4o-mini timeout: 800 × 0.15 per 1M = 0.00012
    // = 0.01764 dollars.
    #expect(run.cost == [270_000, 0, 2_250_000, 0, 15_000_000, 120_000])
    #expect(run.totalCost == Money(nanos: 17_640_000))
    // HTTP codes: 200 ok, 429 and 500 errors, 504 a timeout.
    #expect(run.status == [0, 1, 0, 1, 0, 2])
    #expect(run.latencyMs == [812, 0, 0, 2000, 6000, 30000])
    #expect(run.dimensions.customers == ["user_1", "user_2", "user_3"])
  }

  @Test func openAIUsageBucketsWeighRowsByRequestsAndPriceBatchRows() throws {
    let (run, s) = try load("openai-usage")
    // 3 rows holding 5 + 4 + 3 = 12 requests are 12 calls.
    #expect((s.read, s.kept, s.calls, s.batchRows) == (3, 3, 12, 1), "\(s)")
    #expect(run.count == 12)
    // Row 1, gpt-4o: 6,000 fresh × $2.50 + 4,000 cached × $1.25 + 2,000 out × $10 per 1M = $0.04.
    // Row 2, gpt-4o-mini: 3,000 × $0.15 + 1,000 × $0.60 per 1M = $0.00105.
    // Row 3, gpt-4o batch: (7,000 × $2.50 + 1,000 × $10 per 1M) × 0.5 = $0.01375.
    // Total $0.0548.
    #expect(run.totalCost == Money(nanos: 54_800_000))
    #expect(run.cost[0..<5].reduce(0, +) == 40_000_000)
    #expect(Array(run.cost[5..<9]) == [262_500, 262_500, 262_500, 262_500])
    // 7,000 input tokens over 3 calls: 2,334 + 2,333 + 2,333; the batch rate halves each call.
    #expect(Array(run.inputTokens[9..<12]) == [2334, 2333, 2333])
    #expect(Array(run.cost[9..<12]) == [4_587_500, 4_581_250, 4_581_250])
    #expect(run.inputTokens.reduce(0) { $0 + Int($1) } == 20_000)
    #expect(run.cachedTokens.reduce(0) { $0 + Int($1) } == 4_000)
    #expect(Set(ids(run)) == ["openai/gpt-4o", "openai/gpt-4o-mini"])
    #expect(run.dimensions.products == ["proj_support", "proj_search"])
  }

  @Test func openAICostsGiveCostBreakdownsWithoutTokens() throws {
    let (run, s) = try load("openai-costs")
    #expect((s.kept, s.skipped) == (4, 0), "\(s)")
    // 0.0412 + 0.0950 + 1.2e-3 + 0.00805 = 0.14545 dollars.
    #expect(run.totalCost == Money(nanos: 145_450_000))
    #expect(!s.tokensKnown && run.inputTokens.allSatisfy { $0 == 0 })
    #expect(
      ids(run) == [
        "openai/gpt-4o", "openai/gpt-4o", "openai/gpt-4o-mini", "openai/gpt-5-nano-2025-08-07",
      ])
    #expect(s.unknownModels.map(\.suggestion) == ["openai/gpt-4.1-nano"])
    #expect(s.unknownModels.map(\.cost) == [Money(nanos: 8_050_000)])
    var context = AnalysisContext(imported: run, catalog: Fixtures.catalog)
    context.tokensKnown = s.tokensKnown
    // Cost breakdowns still work; the reports that need tokens say so.
    let summary = AnalyzerName.summary.report(context)
    #expect(!MarkdownRenderer().render(summary).contains("no token counts"))
    for name in AnalyzerName.allCases where name.needsTokens {
      let text = MarkdownRenderer().render(name.report(context))
      #expect(text.contains("The imported usage has no token counts"), "\(name.rawValue)")
    }
  }

  @Test func aPathStillWorksAndAnUnknownPresetSuggestsTheNearest() throws {
    let path = Fixtures.library.url(of: "mappings/litellm").path
    let m = try ColumnMapping.resolve(path, library: Fixtures.library)
    #expect(m.timezone == .offset(0))
    do {
      _ = try ColumnMapping.resolve("litelm", library: Fixtures.library)
      Issue.record("expected an error")
    } catch {
      #expect(
        "\(error)".contains(
          "no mapping file or preset named 'litelm'; presets: cube, helicone, langfuse, litellm, openai-costs, openai-usage"
        ))
      #expect("\(error)".contains("did you mean 'litellm'?"))
    }
  }
}
