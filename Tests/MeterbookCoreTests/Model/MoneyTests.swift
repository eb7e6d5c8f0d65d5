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

  /// The 64-bit path and the 128-bit path agree everywhere, including ties, signs and products
  /// on either side of 2^64 (checked against plain `Int128` arithmetic, where it cannot overflow).
  @Test func scalingGivesTheSameNanosOnEitherSideOfSixtyFourBits() {
    func reference(_ a: Int128, _ n: Int128, _ d: Int128) -> Int128 {
      let (q, r) = (a.magnitude * n.magnitude).quotientAndRemainder(dividingBy: UInt128(d))
      let rounded = Int128(q + (r >= UInt128(d) - r ? 1 : 0))
      return (a < 0) != (n < 0) ? -rounded : rounded
    }
    var rng = SplitMix64(seed: 5)
    let edges: [(Int128, Int128, Int128)] = [
      (5, 1, 2), (-5, 1, 2), (5, -1, 2), (1 << 40, 1 << 23, 3), (1 << 40, 1 << 24, 3), (-(1 << 41), 1 << 23, 7),
      (Int128(Int64.max), 1, 1), (Int128(Int64.max), 2, 1), (999_999, 1_000_000, 2_000_000),
    ]
    let random = (0..<2_000).map { _ -> (Int128, Int128, Int128) in
      let a = Int128(Int64(bitPattern: rng.next()) >> Int(rng.next() % 40))
      let n = Int128(Int64(bitPattern: rng.next()) >> (24 + Int(rng.next() % 38)))
      return (a, n, Int128(1 + rng.next() % 2_000_000))
    }
    for (a, n, d) in edges + random {
      #expect(Money(nanos: a).scaled(by: n, per: d).nanos == reference(a, n, d), "\(a) × \(n) / \(d)")
    }
  }
}
