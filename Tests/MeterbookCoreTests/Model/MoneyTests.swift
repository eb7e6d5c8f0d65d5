import Testing

@testable import MeterbookCore

struct MoneyTests {
  @Test(arguments: [
    ("29", Int64(29_000_000_000)), ("0.0375", 37_500_000), ("-1.5", -1_500_000_000), ("$1,250.50", 1_250_500_000_000),
    ("0.000000001", 1),
  ])
  func parsesDecimalTextExactly(text: String, nanos: Int64) throws {
    #expect(try Money(parsing: text).nanos == nanos)
  }

  @Test(arguments: ["", "abc", "1.2.3", "0.0000000001", "1e5", "--1"])
  func rejectsMalformedAmounts(text: String) {
    #expect(throws: MoneyParseError.self) { try Money(parsing: text) }
  }

  @Test func formatsWithRoundingHalfAwayFromZero() {
    #expect(Money(nanos: 1_005_000_000).decimalString(places: 2) == "1.01")
    #expect(Money(nanos: -1_005_000_000).decimalString(places: 2) == "-1.01")
    #expect(Money(nanos: 50_005_000_000).decimalString(places: 3) == "50.005")
    #expect(Money(nanos: 7).decimalString(places: 9) == "0.000000007")
  }

  @Test func scalingRoundsOnce() {
    // $0.005 × 10,001 units = $50.005 exactly.
    #expect(Money(nanos: 5_000_000).scaled(by: 10_001, per: 1).decimalString(places: 3) == "50.005")
    // One third of a dollar rounds to the nano-dollar.
    #expect(Money(dollars: 1).scaled(by: 1, per: 3).nanos == 333_333_333)
  }
}
