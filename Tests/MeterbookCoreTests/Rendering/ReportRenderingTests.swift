import Foundation
import TestSupport
import Testing

@testable import MeterbookCore

/// A whole report, from a fixed simulation, rendered three ways.
struct ReportRenderingTests {
  /// The report of a fixed simulation, made once for every test.
  static let rendered = Result {
    let s = Fixtures.scenario(
      customers: 30, days: 7, seed: 21, traffic: [.weekend(factor: 0.3, holidays: [], holidayFactor: 0.2)])
    let r = try Simulator(scenario: s).run()
    return SummaryAnalyzer().report(AnalysisContext(r))
  }
  static func report() throws -> Report { try rendered.get() }

  @Test(arguments: [80, 120])
  func summaryReportMatchesItsGoldenTextFile(width: Int) throws {
    let text = TextRenderer(width: width).render(try Self.report())
    assertSnapshot(text, named: "summary-\(width)")
    for line in text.split(separator: "\n") { #expect(line.count <= width, "\(line)") }
  }

  @Test func summaryReportMatchesItsGoldenMarkdownFile() throws {
    let md = MarkdownRenderer().render(try Self.report())
    assertSnapshot(md, named: "summary-markdown")
    #expect(md.hasPrefix("## Executive summary\n\n- **Domain:**"))
    #expect(md.contains("```mermaid\npie showData"))
  }

  @Test func jsonRoundTripsTheReport() throws {
    let report = try Self.report()
    let json = JSONRenderer.render([
      CellOutput(
        cell: Cell(id: "s", kind: .markdown(""), location: .init(file: "", line: 1, column: 1)), report: report)
    ])
    #expect(json.contains("\"kind\" : \"keyFigures\""))
    let decoded = try JSONDecoder().decode(ReportEnvelope.self, from: Data(json.utf8))
    #expect(decoded.cells.first?.report == report)
  }

  struct ReportEnvelope: Decodable {
    struct Entry: Decodable {
      var id: String
      var report: Report
    }
    var cells: [Entry]
  }
}
