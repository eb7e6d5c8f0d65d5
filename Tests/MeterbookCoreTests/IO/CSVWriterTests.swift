import Testing

@testable import MeterbookCore

struct CSVWriterTests {
  @Test func quotesFieldsThatNeedIt() {
    #expect(CSVWriter.field("plain") == Array("plain".utf8))
    #expect(CSVWriter.field("a,b") == Array("\"a,b\"".utf8))
    #expect(CSVWriter.field("say \"hi\"") == Array("\"say \"\"hi\"\"\"".utf8))
  }

  @Test func writesNineteenFieldsPerRowWithExactCost() throws {
    let s = Fixtures.scenario(customers: 5, days: 1)
    let r = try Simulator(scenario: s).run().run
    let lines = try Fixtures.csv(r).split(separator: "\r\n")
    #expect(lines.count == r.count + 1)
    let first = lines[1].split(separator: ",", omittingEmptySubsequences: false)
    #expect(first.count == 19)
    #expect(String(first[8]) == Money(nanos: r.cost[0]).decimalString(places: 9).trimmingZeros)
    #expect(first[1].hasPrefix("2026-01-05T") && first[1].hasSuffix("Z"))
    #expect(first[18].count == 32)
  }
}

extension String {
  /// "0.001200000" → "0.0012" (at least two decimals), as the CSV writes amounts.
  var trimmingZeros: String {
    var s = self
    while s.hasSuffix("0"), let dot = s.firstIndex(of: "."), s.distance(from: dot, to: s.endIndex) > 3 {
      s.removeLast()
    }
    return s
  }
}
