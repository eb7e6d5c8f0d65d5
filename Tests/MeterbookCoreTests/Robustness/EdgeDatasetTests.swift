import Foundation
import Testing

@testable import MeterbookCore

/// Every analyzer, chart type and export format on datasets at the edges of what Meterbook
/// accepts: each gives a result or a located error.
///
/// A trap anywhere fails the whole run.
@Suite("Edge datasets")
struct EdgeDatasetTests {
  static let header = CallRecord.fieldNames.joined(separator: ",")

  /// One CSV row with sensible defaults.
  static func row(
    _ i: Int, at time: String = "2026-01-05T09:15:02Z", model: (String, String) = ("OpenAI", "gpt-4o"),
    input: String = "1000",
    output: String = "200", cached: String = "0", cost: String = "0.0045", quality: String = "0.9",
    customer: String = "c1",
    organization: String = "o1", feature: String = "f1"
  ) -> String {
    let id = String(i, radix: 16)
    let callID = String(repeating: "0", count: max(0, 16 - id.count)) + id
    return [
      callID, time, model.0, model.1, "chat", input, output, cached, cost, "900", quality, "ok", customer, organization,
      "p1", feature,
      "pro", "us-east", callID + callID,
    ].joined(separator: ",")
  }

  static func hour(day: Int, hour: Int, minute: Int = 0) -> String {
    let d = day < 10 ? "0\(day)" : "\(day)"
    let h = hour < 10 ? "0\(hour)" : "\(hour)"
    let m = minute < 10 ? "0\(minute)" : "\(minute)"
    return "2026-01-\(d)T\(h):\(m):00Z"
  }

  /// The datasets that must import and analyze.
  static let accepted: [(String, [String])] = [
    ("one row", [row(0)]),
    ("all rows in one hour", (0..<60).map { row($0, at: hour(day: 5, hour: 9, minute: $0), customer: "c\($0 % 3)") }),
    ("one customer, one model, four weeks", (0..<200).map { row($0, at: hour(day: 1 + $0 % 28, hour: 10)) }),
    ("zero costs everywhere", (0..<480).map { row($0, at: hour(day: 1 + $0 / 24, hour: $0 % 24), cost: "0") }),
    (
      "a customer silent at night",
      (0..<300).map { row($0, at: hour(day: 1 + $0 / 10, hour: 8 + $0 % 10), customer: $0 % 2 == 0 ? "day" : "other") }
        + (0..<25).map { row(1_000 + $0, at: hour(day: 1 + $0, hour: 2, minute: 30), customer: "other") }
    ),
    (
      "the largest cost of one call, up to the run limit",
      (0..<1_000).map { row($0, at: hour(day: 1 + $0 % 28, hour: $0 % 24), cost: "1000000") }
    ),
    ("the largest token counts", [row(0, input: "4294967295", output: "4294967295", cached: "4294967295")]),
    ("the earliest timestamp", [row(0, at: "1970-01-01T00:00:00Z"), row(1, at: "1970-01-02T00:00:00Z")]),
    ("the latest timestamp", [row(0, at: "2199-12-30T00:00:00Z"), row(1, at: "2199-12-31T23:59:59Z")]),
    (
      "models outside the catalog",
      (0..<30).map { row($0, at: hour(day: 1 + $0, hour: 12), model: ("Acme", "m\($0 % 7)")) }
    ),
    (
      "many customers and organizations",
      (0..<3_000).map {
        row(
          $0, at: hour(day: 1 + $0 % 28, hour: $0 % 24), customer: "c\($0)", organization: "o\($0)",
          feature: "f\($0 % 500)")
      }
    ),
  ]

  static func write(_ rows: [String], name: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "edge-\(UUID().uuidString)-\(name.filter(\.isLetter)).csv")
    try (header + "\n" + rows.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
    return url
  }

  static func importRun(_ rows: [String], name: String) throws -> (Run, UsageImporter.Summary) {
    let url = try write(rows, name: name)
    defer { try? FileManager.default.removeItem(at: url) }
    return try UsageImporter(catalog: Fixtures.catalog).read(contentsOf: url, displayPath: "edge.csv")
  }

  @Test("every analyzer, chart and export gives a result on each accepted edge dataset", arguments: accepted.indices)
  func everythingRuns(_ k: Int) throws {
    let (name, rows) = Self.accepted[k]
    let (run, summary) = try Self.importRun(rows, name: name)
    #expect(summary.kept == rows.count, "\(name): \(summary)")
    let context = AnalysisContext(imported: run, catalog: Fixtures.catalog)
    for analyzer in AnalyzerName.allCases {
      let report = analyzer.report(context)
      let text = TextRenderer(width: 80).render(report) + MarkdownRenderer().render(report)
      #expect(!text.isEmpty, "\(name): \(analyzer.rawValue)")
      for bad in ["nan", "inf%", "$-0.00"] {
        #expect(!text.contains(bad), "\(name): \(analyzer.rawValue) shows '\(bad)'")
      }
    }
    for type in ChartQuery.types {
      for dims in [["provider"], ["day"], ["customer", "model"]] {
        let metrics = type == "stacked" || type == "grouped" ? ["cost", "calls"] : ["cost"]
        let report = try ChartBuilder.report(
          ChartQuery(metrics: metrics, dimensions: dims, top: 10, type: type), on: run)
        #expect(!TextRenderer(width: 80).render(report).isEmpty, "\(name): \(type) by \(dims)")
      }
    }
    for format in RunExport.formats {
      let bytes = try RunExport.bytes(run, format: format, catalog: Fixtures.catalog)
      #expect(bytes.count > 0, "\(name): \(format)")
    }
  }

  @Test("the run's total cost stops at one billion dollars, with the row that passes it")
  func runCostLimit() throws {
    let rows =
      (0..<1_000).map { Self.row($0, at: Self.hour(day: 1 + $0 % 28, hour: 12), cost: "1000000") } + [
        Self.row(1_000, cost: "0.01")
      ]
    #expect {
      _ = try Self.importRun(rows, name: "over")
    } throws: { error in
      guard case .limit(_, let row, let reason, _) = error as? UsageImporter.ImportError else { return false }
      return row == 1_002 && reason.contains("$1,000,000,000.00")
    }
  }

  @Test("costs outside 0 … $1,000,000 and quality outside 0 … 1 are bad rows, not traps")
  func badValuesAreRows() throws {
    let rows = [
      Self.row(0, cost: "-5"), Self.row(1, cost: "9000000000"), Self.row(2, cost: "1000000.000000001"),
      Self.row(3, quality: "7.5"),
      Self.row(4, quality: "nan"), Self.row(5),
    ]
    let (run, summary) = try Self.importRun(rows, name: "bad")
    #expect(run.count == 1)
    #expect(summary.skippedByReason == ["cost out of range": 3, "bad quality": 2])
    #expect(summary.examples.map(\.row) == [2, 3, 4, 5, 6])
  }

  @Test("timestamps outside 1970 … 2199 are bad rows; a span over 3,660 days is a located error")
  func timeLimits() throws {
    let (run, summary) = try Self.importRun(
      [Self.row(0, at: "0001-01-01T00:00:00Z"), Self.row(1, at: "2300-01-01T00:00:00Z"), Self.row(2)], name: "time")
    #expect(run.count == 1)
    #expect(summary.skippedByReason == ["timestamp out of range": 2])
    #expect {
      _ = try Self.importRun(
        [Self.row(0, at: "1990-01-01T00:00:00Z"), Self.row(1, at: "2026-01-01T00:00:00Z")], name: "span")
    } throws: { error in
      guard case .limit(_, let row, let reason, _) = error as? UsageImporter.ImportError else { return false }
      return row == 3 && reason.contains("13,150 days") && reason.contains("3,660")
    }
  }

  @Test("65,536 organizations import; one more is a located error naming the column", arguments: [false, true])
  func dimensionLimit(_ oneMore: Bool) throws {
    let count = Limits.organizations + (oneMore ? 1 : 0)
    let rows = (0..<count).map { Self.row($0, organization: "o\($0)") }
    if oneMore {
      #expect {
        _ = try Self.importRun(rows, name: "orgs")
      } throws: { error in
        guard case .limit(_, _, let reason, _) = error as? UsageImporter.ImportError else { return false }
        return reason.hasPrefix("organization_id has more than 65,536 distinct values")
      }
    } else {
      let (run, _) = try Self.importRun(rows, name: "orgs")
      #expect(run.dimensions.organizations.count == Limits.organizations)
      let report = AnalyzerName.understanding.report(AnalysisContext(imported: run, catalog: Fixtures.catalog))
      #expect(!report.title.isEmpty)
    }
  }

  @Test("a business-hours customer's quiet nights give a finite realtime report")
  func quietNights() throws {
    let (name, rows) = Self.accepted[4]
    let (run, _) = try Self.importRun(rows, name: name)
    let text = TextRenderer(width: 120).render(
      AnalyzerName.realtime.report(AnalysisContext(imported: run, catalog: Fixtures.catalog)))
    #expect(!text.contains("nan") && !text.contains("inf"))
  }
}
