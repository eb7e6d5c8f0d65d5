import Testing

@testable import MeterbookCore

/// How a table gives way on a narrow terminal: identifiers whole, hidden columns named.
struct TableLayoutTests {
  static let longModel = "bedrock/anthropic.claude-opus-4-5-20251101-v1:0"

  @Test func aLongIdentifierWrapsAfterASeparatorInsteadOfBeingCut() {
    let t = Table(title: "", columns: ["model", "calls"], numeric: [false, true], rows: [[Self.longModel, "1,069"]])
    let lines = TextRenderer(width: 40).table(t)
    // 40 columns leave 33 for cells: calls keeps its 5, the model gets 28 and breaks after
    // the last '-' within them.
    #expect(
      Array(lines.dropFirst(3).prefix(2)) == [
        "│ bedrock/anthropic.claude-    │ 1,069 │",
        "│ opus-4-5-20251101-v1:0       │       │",
      ])
    #expect(!lines.joined().contains("…"))
  }

  @Test func columnsHideFromTheRightAndAreNamedUnderTheTable() {
    let t = Table(
      title: "", columns: ["customer", "calls", "cost", "p95 ms"], numeric: [false, true, true, true],
      rows: [["a-very-long-customer-name-01", "1,000", "$12.50", "2,000"]])
    let lines = TextRenderer(width: 40).table(t)
    // customer 28 + calls 5 + the 3 columns' borders (10) = 40 once cost and p95 ms are hidden;
    // everything needs 28 + 5 + 6 + 5 (p95 ms wraps its header) + 13 = 57.
    #expect(lines[1] == "│ customer                     │ calls │")
    let note = lines.joined(separator: " ").split(separator: " ").joined(separator: " ")
    #expect(note.contains("hidden: cost, p95 ms — widen to 57 columns"))
    #expect(lines.allSatisfy { $0.count <= 40 })
  }

  @Test func aTableThatFitsIsDrawnAsIs() {
    let t = Table(
      title: "", columns: ["customer", "calls"], numeric: [false, true], rows: [["cust_0001", "12"]])
    #expect(
      TextRenderer(width: 80).table(t) == [
        "┌───────────┬───────┐", "│ customer  │ calls │", "├───────────┼───────┤", "│ cust_0001 │    12 │",
        "└───────────┴───────┘",
      ])
  }

  @Test func recordsAsColumnsPutsEachRecordInAColumn() {
    let t = Table(
      title: "", columns: ["plan", "revenue", "margin %"], numeric: [false, true, true],
      rows: [["flat", "$100.00", "50.0%"], ["usage", "$80.00", "25.0%"]], fit: TableFit(recordsAsColumns: true))
    let side = t.recordsAsColumns
    #expect(side.columns == ["plan", "flat", "usage"])
    #expect(side.rows == [["revenue", "$100.00", "$80.00"], ["margin %", "50.0%", "25.0%"]])
    #expect(side.cells[0][1].value == 100)
  }

  @Test func moneyDropsItsCentsBeforeAnyColumnHides() {
    let t = Table(
      title: "", columns: ["plan", "revenue", "margin", "cost"], numeric: [false, true, true, true],
      rows: [["flat", "$35,950.00", "$26,706.81", "$9,243.19"]])
    // With cents: 4 + 10 + 10 + 9 + 13 = 46; whole dollars: 4 + 7 + 7 + 6 + 13 = 37.
    #expect(TextRenderer(width: 50).table(t)[3] == "│ flat │ $35,950.00 │ $26,706.81 │ $9,243.19 │")
    #expect(TextRenderer(width: 40).table(t)[3] == "│ flat │ $35,950 │ $26,707 │ $9,243 │")
  }
}
