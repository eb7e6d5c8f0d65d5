import Foundation
import Testing

@testable import MeterbookCore

/// CSV and JSON for scripts: plain numbers, unit-suffixed keys, and the exact inverse of
/// every `Format` form for tables of formatted strings.
struct ScriptOutputTests {
  static let amounts: [Int128] = [
    0, 1, 999, 1_234_567, 99_999_999, 1_000_000_000, 1_372_590_000_000, 123_456_789_012_345, -5_000_000,
    -1_372_594_999_999,
  ]

  @Test func everyMoneyTextReadsBackAsItsDollars() throws {
    for nanos in Self.amounts {
      let m = Money(nanos: nanos)
      let text = Format.money(m)
      let places = abs(nanos) < Money.nanosPerDollar && nanos != 0 ? 4 : 2
      let parsed = try #require(FormattedNumber.parse(text), "\(text)")
      #expect(parsed.unit == .usd)
      #expect(parsed.value == Double(m.decimalString(places: places)), "\(text)")
      if nanos >= 0 { #expect(FormattedNumber.parse("+" + text)?.value == parsed.value) }
    }
    #expect(FormattedNumber.parse(Format.money(dollars: -12.345))?.value == -12.35)
    #expect(FormattedNumber.parse(Format.money(dollars: .nan)) == nil)
  }

  @Test func everyIntegerPercentFixedAndMillisecondTextReadsBack() throws {
    for n in [0, 7, 999, 1000, 63_430, -1_234_567, Int(Int32.max)] {
      #expect(
        FormattedNumber.parse(Format.integer(n)).map { $0.value == Double(n) && $0.unit == .count } == true, "\(n)")
      #expect(
        FormattedNumber.parse(ValueUnit.milliseconds.format(Double(n))).map { $0.value == Double(n) && $0.unit == .ms }
          == true)
    }
    for x in [0.0, 0.125, 0.359, 1, 12.5, -0.0042, 1234.5678] {
      for places in 0...4 {
        let fixed = Format.fixed(x, places: places)
        let digits = Double(fixed.replacingOccurrences(of: ",", with: ""))
        let parsed = try #require(FormattedNumber.parse(fixed))
        #expect(parsed.value == digits && parsed.unit == (places == 0 ? .count : .number), "\(fixed)")
        let percent = Format.percent(x, places: places)
        #expect(
          FormattedNumber.parse(percent).map {
            $0.value == Double(Format.fixed(x * 100, places: places).replacingOccurrences(of: ",", with: ""))
              && $0.unit == .pct
          } == true, "\(percent)")
      }
    }
    #expect(FormattedNumber.parse("+0.3 pp").map { $0.value == 0.3 && $0.unit == .pct } == true)
    for text in ["–", "∞", "-∞", ">9e18", "3 (-$95.35)", "flat", "1,23", "12,3456", "$", "5$", "1.", ".5", "$12%"] {
      #expect(FormattedNumber.parse(text) == nil, "\(text)")
    }
  }

  @Test func scriptNumbersArePlainDigits() {
    #expect(ScriptNumber.text(1372.59) == "1372.59")
    #expect(ScriptNumber.text(63430) == "63430")
    #expect(ScriptNumber.text(-0.0000000001) == "0")
    #expect(ScriptNumber.text(0.000001) == "0.000001")
    #expect(ScriptNumber.text(.infinity) == "")
    #expect(ScriptNumber.rounded(0.1 + 0.2) == 0.3)
  }

  @Test func keysNameTheUnitOnce() {
    #expect(ScriptKey.make("AI cost", unit: .usd, fallback: "x") == "ai_cost_usd")
    #expect(ScriptKey.make("margin %", unit: .pct, fallback: "x") == "margin_pct")
    #expect(ScriptKey.make("top 10% share", unit: .pct, fallback: "x") == "top_10_share_pct")
    #expect(ScriptKey.make("calls", unit: .count, fallback: "x") == "calls")
    #expect(ScriptKey.make("latency ms", unit: .ms, fallback: "x") == "latency_ms")
    #expect(ScriptKey.make("%", unit: nil, fallback: "column_5") == "column_5")
    #expect(ScriptKey.unique(["a", "b", "a"]) == ["a", "b", "a_2"])
  }

  static let table = Table(
    title: "Plans", columns: ["plan", "revenue", "calls", "share", "change"], numeric: [false, true, true, true, true],
    cells: [
      [
        TableCell("flat, old"), .money(Money(nanos: 1_372_590_000_000)), .count(63_430), .percent(0.125),
        TableCell(text: "–", value: .nan, unit: .pct),
      ],
      [TableCell("usage"), .money(Money(nanos: -5_000_000)), .count(7), .percent(1), .percent(0.5)],
    ])

  @Test func csvHoldsRawNumbersUnderUnitKeys() {
    let csv = CSVRenderer.render(
      Report(
        title: "t",
        blocks: [
          .table(Self.table),
          .keyFigures([
            KeyFigure(label: "error rate", value: "0.6%", raw: 0.006),
            KeyFigure(label: "AI cost", value: "$548.86", raw: 548.86),
          ]),
        ]))
    #expect(
      csv == """
        plan,revenue_usd,calls,share_pct,change_pct
        "flat, old",1372.59,63430,12.5,
        usage,-0.005,7,100,50

        error_rate_pct,ai_cost_usd
        0.6,548.86
        """)
    #expect(!csv.contains("$"))
  }

  @Test func jsonHoldsNumbersAsNumbersAndReadsBackTheSameTable() throws {
    let json = JSONRenderer.render([
      CellOutput(
        cell: Cell(id: "t", kind: .markdown(""), location: .init(file: "", line: 1, column: 1)),
        report: Report(title: "t", blocks: [.table(Self.table)]))
    ])
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    let cells = try #require(object["cells"] as? [[String: Any]])
    let report = try #require(cells.first?["report"] as? [String: Any])
    let table = try #require((report["blocks"] as? [[String: Any]])?.first?["table"] as? [String: Any])
    let rows = try #require(table["rows"] as? [[String: Any]])
    #expect(rows.first?["revenue_usd"] as? Double == 1372.59)
    #expect(rows.first?["calls"] as? Int == 63430)
    #expect(rows.first?["share_pct"] as? Double == 12.5)
    #expect(rows.first?["change_pct"] is NSNull)
    #expect(rows.first?["plan"] as? String == "flat, old")
    struct Envelope: Decodable {
      struct Entry: Decodable { var report: Report }
      var cells: [Entry]
    }
    let decoded = try JSONDecoder().decode(Envelope.self, from: Data(json.utf8))
    #expect(decoded.cells.first?.report.blocks == [.table(Self.table)])
  }

  @Test func aTableOfFormattedStringsStillGivesScriptsNumbers() {
    let t = Table(
      title: "", columns: ["name", "cost", "note"], numeric: [false, true, false],
      rows: [["42", "$1,234.50", "12%"], ["b", "–", "x"]])
    #expect(t.cells[0].map(\.value) == [nil, 1234.5, nil])
    #expect(CSVRenderer.render(Report(title: "", blocks: [.table(t)])) == "name,cost_usd,note\n42,1234.5,12%\nb,,x")
  }
}
