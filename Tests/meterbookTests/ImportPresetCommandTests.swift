import Foundation
import Testing

/// `analyze`, `convert` with `--map PRESET`: the import report on stderr, results on stdout.
@Suite struct ImportPresetCommandTests {
  let sample = "Tests/MeterbookCoreTests/IO/Samples/"

  @Test func analyzeWithAPresetPrintsTheImportReport() throws {
    let r = try Binary.run(["analyze", sample + "openai-usage.csv", "--map", "openai-usage", "--format", "markdown"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(
      r.stderr.hasPrefix(
        "read 3 rows: 3 kept, 0 skipped; the kept rows hold 12 calls; cost computed from the catalog (1 row at batch rates)"
      ))
    #expect(r.stderr.contains("model 'gpt-4o-2024-08-06' read as openai/gpt-4o (alias rules)"))
    #expect(r.stdout.contains("| $0.0548 |"))
  }

  @Test func convertWithAPresetWritesTheCallsAndNamesThePresetInTheManifest() throws {
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("mb-conv-\(UUID().uuidString).csv").path
    defer {
      try? FileManager.default.removeItem(atPath: out)
      try? FileManager.default.removeItem(atPath: out + ".manifest.json")
    }
    let r = try Binary.run(["convert", sample + "langfuse.csv", "--map", "langfuse", "--to", "csv", "--out", out])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stderr.contains("latency_ms: from latency × 1000"))
    let manifest = try String(contentsOfFile: out + ".manifest.json", encoding: .utf8)
    #expect(manifest.contains("\"map\" : \"langfuse\"") || manifest.contains("\"map\":\"langfuse\""))
    let verify = try Binary.run(["verify", out])
    #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
  }

  @Test func anUnknownPresetAndAZonelessFileAreLocatedErrors() throws {
    let r = try Binary.run(["analyze", sample + "litellm.csv", "--map", "litelm"])
    #expect(r.status != 0)
    #expect(r.stderr.contains("no mapping file or preset named 'litelm'"))
    #expect(r.stderr.contains("did you mean 'litellm'?"))
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mb-tz-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let map = dir.appendingPathComponent("m.yaml").path
    try
      "columns: {timestamp: startTime, cost_usd: spend, input_tokens: prompt_tokens, output_tokens: completion_tokens, status: {column: status, values: {success: ok, failure: error}}}\n"
      .write(toFile: map, atomically: true, encoding: .utf8)
    let z = try Binary.run(["analyze", sample + "litellm.csv", "--map", map])
    #expect(z.status != 0)
    #expect(z.stderr.contains("litellm.csv:2:8: timestamp '2025-10-01 12:00:00.123' has no time zone"))
    #expect(z.stderr.contains("hint: say which zone the file's times are in: add 'timezone: UTC'"))
  }
}
