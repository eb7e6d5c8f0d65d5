import Foundation
import TestSupport
import Testing

@testable import MeterbookCore

/// A whole report, from a fixed simulation, rendered three ways.
struct ReportRenderingTests {
  static let report: Report = {
    let s = Fixtures.scenario(
      customers: 30, days: 7, seed: 21, traffic: [.weekend(factor: 0.3, holidays: [], holidayFactor: 0.2)])
    let r = try! Simulator(scenario: s).run()
    return SummaryAnalyzer().report(AnalysisContext(r))
  }()

  @Test(arguments: [80, 120])
  func summaryReportMatchesItsGoldenTextFile(width: Int) {
    let text = TextRenderer(width: width).render(Self.report)
    assertSnapshot(text, named: "summary-\(width)")
    for line in text.split(separator: "\n") { #expect(line.count <= width, "\(line)") }
  }

  @Test func summaryReportMatchesItsGoldenMarkdownFile() {
    let md = MarkdownRenderer().render(Self.report)
    assertSnapshot(md, named: "summary-markdown")
    #expect(md.hasPrefix("## Executive summary\n\n- **Domain:**"))
    #expect(md.contains("```mermaid\npie showData"))
  }

  @Test func jsonRoundTripsTheReport() throws {
    let json = JSONRenderer.render([
      CellOutput(
        cell: Cell(id: "s", kind: .markdown(""), location: .init(file: "", line: 1, column: 1)), report: Self.report)
    ])
    #expect(json.contains("\"kind\" : \"keyFigures\""))
    let decoded = try JSONDecoder().decode(ReportEnvelope.self, from: Data(json.utf8))
    #expect(decoded.cells.first?.report == Self.report)
  }

  struct ReportEnvelope: Decodable {
    struct Entry: Decodable {
      var id: String
      var report: Report
    }
    var cells: [Entry]
  }
}
