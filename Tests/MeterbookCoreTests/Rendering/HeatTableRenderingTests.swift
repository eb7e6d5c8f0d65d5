import Foundation
import TestSupport
import Testing

@testable import MeterbookCore

/// The heat table in every renderer: shaded text (values when they fit, shades only when
/// not), a markdown table with the best cell marked, a CSV matrix, JSON numbers.
struct HeatTableRenderingTests {
  static let small = HeatTable(
    title: "margin.flat by customers (rows) and fee (columns)", rowName: "customers", columnName: "fee",
    rows: ["100", "200", "300"], columns: ["10", "20", "30", "40"],
    values: [[-120, 400, 900, 1_400], [-40, 1_200, 2_400, 3_600], [30, 2_000, 3_900, 5_800]], unit: .dollars,
    best: .init(row: 2, column: 3))

  static var large: HeatTable {
    let labels = (0..<41).map { String($0 * 5) }
    return HeatTable(
      title: "calls by customers (rows) and days (columns)", rowName: "customers", columnName: "days", rows: labels,
      columns: labels, values: (0..<41).map { r in (0..<41).map { c in Double(r * c) } }, unit: .count,
      best: .init(row: 40, column: 40))
  }

  @Test func aSmallHeatTableShowsShadesAndValuesAt80Columns() {
    assertSnapshot(
      TextRenderer(width: 80).render(Report(title: "", blocks: [.heat(Self.small)])), named: "heat-small-80")
  }

  @Test func aLargeHeatTableFallsBackToShadesAndStaysInsideTheWidth() {
    // 41 columns need at least 46 characters a line; from 80 columns up nothing is cut.
    for width in [80, 100, 120] {
      let lines = TextRenderer(width: width).render(.heat(Self.large))
      #expect(lines.allSatisfy { visibleCount($0) <= width }, "width \(width): \(lines.map(\.count).max() ?? 0)")
      let cell = width >= 9 + 1 + 82 ? 2 : 1
      #expect(lines[2...42].allSatisfy { $0.filter { "░▒▓█*".contains($0) }.count == 41 * cell }, "41 rows of 41 cells")
      #expect(lines[42].hasSuffix(width >= 9 + 1 + 82 ? "**" : "*"), "the best cell is marked")
      #expect(
        lines[43].trimmingCharacters(in: .whitespaces).hasPrefix("0 "), "the column axis starts at the first value")
    }
    assertSnapshot(
      TextRenderer(width: 80).render(Report(title: "", blocks: [.heat(Self.large)])), named: "heat-large-80")
  }

  @Test func shadesGoFromLowestToHighest() {
    #expect(Charts.Heat.level(-120, lo: -120, hi: 5_800) == 0)
    #expect(Charts.Heat.level(5_800, lo: -120, hi: 5_800) == 3)
    #expect(Charts.Heat.level(3_000, lo: 0, hi: 4_000) == 3)
    #expect(Charts.Heat.level(1_999, lo: 0, hi: 4_000) == 1)
    #expect(Charts.Heat.level(7, lo: 7, hi: 7) == 1)
  }

  @Test func markdownIsAPlainTableWithTheBestCellMarked() {
    let md = MarkdownRenderer().render(Report(title: "", blocks: [.heat(Self.small)]))
    #expect(
      md.contains(
        """
        | customers \\ fee | 10 | 20 | 30 | 40 |
        |---:|---:|---:|---:|---:|
        | 100 | -$120.00 | $400.00 | $900.00 | $1,400.00 |
        | 200 | -$40.00 | $1,200.00 | $2,400.00 | $3,600.00 |
        | 300 | $30.00 | $2,000.00 | $3,900.00 | **$5,800.00 (best)** |
        """), "\(md)")
  }

  @Test func csvIsAMatrixOfRawNumbers() {
    #expect(
      CSVRenderer.render(Report(title: "", blocks: [.heat(Self.small)])) == """
        customers \\ fee,10,20,30,40
        100,-120,400,900,1400
        200,-40,1200,2400,3600
        300,30,2000,3900,5800
        """)
  }

  @Test func jsonKeepsNumbersAndRoundTrips() throws {
    let report = Report(title: "grid", blocks: [.heat(Self.small)])
    let data = try JSONEncoder().encode(report)
    #expect(try JSONDecoder().decode(Report.self, from: data) == report)
    let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let block = try #require((object["blocks"] as? [[String: Any]])?.first)
    #expect(block["kind"] as? String == "heat")
    #expect(((block["heat"] as? [String: Any])?["values"] as? [[Double]])?.last == [30, 2_000, 3_900, 5_800])
  }
}
