import Foundation
import TestSupport
import Testing

@testable import MeterbookCore

/// Every analyzer's report on a workbook with long real model ids, at 80 and 120 columns:
/// golden text, no line past the width, and no identifying cell cut.
@Suite(.serialized)
struct AnalyzerReportGoldenTests {
  /// The workbook's base run and its analysis context, made once.
  static let fixture = Result { () throws -> (LongNamesWorkbook, AnalysisContext) in
    let book = try LongNamesWorkbook()
    let console = book.console(width: 80)
    guard let session = console.session else { throw ConsoleError("the long-names workbook did not load") }
    return (book, session.context(try session.result(for: "base")))
  }

  static var context: AnalysisContext {
    get throws { try fixture.get().1 }
  }

  @Test(arguments: AnalyzerName.allCases, [80, 120])
  func analyzerReportMatchesItsGoldenText(analyzer: AnalyzerName, width: Int) throws {
    let text = TextRenderer(width: width).render(analyzer.report(try Self.context))
    assertSnapshot(text, named: "report-\(analyzer.rawValue)-\(width)")
    for line in text.split(separator: "\n") { #expect(line.count <= width, "\(analyzer) at \(width): \(line)") }
  }

  @Test func theLongModelIdIsInTheRun() throws {
    let c = try Self.context
    #expect(c.run.dimensions.models.map(\.id).contains(LongNamesWorkbook.longModel))
  }

  /// Reads back an identifying column from the drawn box: the pieces of each cell, in order,
  /// must spell every row's identifier whole (a wrapped cell continues on the next lines).
  @Test(arguments: [80, 100, 120])
  func noIdentifyingCellIsCutInAnyAnalyzerTable(width: Int) throws {
    let renderer = TextRenderer(width: width)
    var checked = 0
    for analyzer in AnalyzerName.allCases {
      for case .table(let original) in analyzer.report(try Self.context).blocks {
        let t = original.fit.recordsAsColumns ? original.recordsAsColumns : original
        guard let layout = TableLayout(t, width: width) else { continue }
        let lines = renderer.table(original)
        let body = lines.drop { !$0.hasPrefix("├") }.dropFirst().prefix { $0.hasPrefix("│") }
        for id in t.fit.identifiers(of: t) {
          guard let position = layout.columns.firstIndex(of: id) else {
            Issue.record("\(analyzer) at \(width): identifier column '\(t.columns[id])' hidden")
            continue
          }
          let drawn = body.map { line in
            line.split(separator: "│", omittingEmptySubsequences: false)[position + 1].trimmingCharacters(
              in: .whitespaces)
          }.joined()
          let expected = t.rows.map { $0[id] }.joined()
          #expect(
            drawn.filter { $0 != " " } == expected.filter { $0 != " " },
            "\(analyzer) at \(width): '\(t.columns[id])' of '\(t.title)'")
          #expect(!drawn.contains("…") || expected.contains("…"))
          checked += 1
        }
      }
    }
    #expect(checked > 20)
  }
}
