import Testing

@testable import MeterbookCore

/// Numbers as tools print them, read exactly.
struct DecimalTextTests {
  func nanos(_ text: String) -> Int64? { DecimalText(parsing: Array(text.utf8))?.scaled(toUnitExponent: -9) }

  @Test(arguments: [
    ("2.07e-05", 20_700), ("1E+3", 1_000_000_000_000), ("0.1", 100_000_000), ("-12.5", -12_500_000_000),
    ("0.0013600000000000001", 1_360_000), ("1.0000000005", 1_000_000_001), ("  7 ", 7_000_000_000),
    ("+.5", 500_000_000),
  ])
  func dollarTextBecomesExactNanos(_ text: String, _ expected: Int64) {
    #expect(nanos(text) == expected)
  }

  @Test(arguments: ["", "NaN", "inf", "-", "1e", "0x10", "1.2.3", "1,000", "e5", "١٢"])
  func nonNumbersAreRejected(_ text: String) {
    #expect(DecimalText(parsing: Array(text.utf8)) == nil)
  }

  @Test func hugeValuesAreBoundedNotTrapped() {
    #expect(nanos("1e400") == nil)
    #expect(nanos("9" + String(repeating: "9", count: 80)) == nil)
    #expect(nanos("1e-400") == 0)
    #expect(nanos("1e99999999999999999999") == nil)
    let big = DecimalText(parsing: Array(String(repeating: "9", count: 40).utf8))
    #expect(big?.multiplied(by: DecimalText(digits: 99_999_999_999, exponent: 30)).scaled(toUnitExponent: 0) == nil)
  }

  @Test func scalesAndSumsStayExact() {
    let cents = DecimalText(digits: 1, exponent: -2)
    #expect(DecimalText(parsing: Array("12.5".utf8))?.multiplied(by: cents).scaled(toUnitExponent: -9) == 125_000_000)
    let a = DecimalText(parsing: Array("800".utf8))
    let b = DecimalText(parsing: Array("1024.0".utf8))
    #expect(a.flatMap { x in b.flatMap { x.adding($0) } }?.scaled(toUnitExponent: 0) == 1824)
    #expect(DecimalText(parsing: Array("1000.0".utf8))?.isWhole == true)
    #expect(DecimalText(parsing: Array("1000.5".utf8))?.isWhole == false)
  }
}
