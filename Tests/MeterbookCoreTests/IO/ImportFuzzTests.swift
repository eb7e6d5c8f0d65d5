import Foundation
import Testing

@testable import MeterbookCore

/// Mangled exports import or fail with a message; they never crash.
struct ImportFuzzTests {
  static let nasty = [
    "", "NaN", "-1", "1e400", "-0", "99999999999999999999999", "1.5", "{", "{\"a\":", "null", "\"", "\u{0}",
    "2026-02-30T25:61:61Z", "9999-99-99 99:99:99", "1e-400", "  ", "true", "[]", "{}", "💥", "-1e-9",
  ]

  @Test(arguments: ["litellm", "langfuse", "helicone", "openai-usage", "openai-costs"])
  func mangledSamplesNeverCrash(_ preset: String) throws {
    let mapping = try ColumnMapping.resolve(preset, library: Fixtures.library, catalog: Fixtures.catalog)
    let sample = try String(
      contentsOf: MappingPresetTests.samples.appendingPathComponent("\(preset).csv"), encoding: .utf8)
    let lines = sample.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var rng = SplitMix64(seed: 15)
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mb-fuzz-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let variants: [String] =
      ["", lines[0], lines[0] + "\n"]
      + (0..<60).map { _ in
        var body = lines.dropFirst().filter { !$0.isEmpty }.map { line -> String in
          var fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
          let k = Int(rng.next() % UInt64(fields.count))
          fields[k] = Self.nasty[Int(rng.next() % UInt64(Self.nasty.count))]
          return fields.joined(separator: ",")
        }
        if rng.next() % 4 == 0 { body.append(String(repeating: ",", count: Int(rng.next() % 50))) }
        return ([lines[0]] + body).joined(separator: rng.next() % 2 == 0 ? "\n" : "\r\n")
      }
    for (k, text) in variants.enumerated() {
      let url = dir.appendingPathComponent("v\(k).csv")
      try text.write(to: url, atomically: true, encoding: .utf8)
      for strict in [false, true] {
        do {
          let (run, s) = try UsageImporter(catalog: Fixtures.catalog, mapping: mapping, strict: strict)
            .read(contentsOf: url, displayPath: "v.csv")
          #expect(s.kept + s.skipped == s.read && run.count == s.calls, "\(preset) variant \(k)")
          #expect(run.cost.allSatisfy { $0 >= 0 })
        } catch {
          #expect(!"\(error)".isEmpty)
        }
      }
    }
  }
}
