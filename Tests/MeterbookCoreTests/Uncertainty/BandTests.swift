import Testing

@testable import MeterbookCore

struct BandTests {
  private let ninety = Uncertainty(seeds: 10, interval: 0.9)

  @Test func quantilesInterpolateBetweenNeighboursAsTypeSeven() throws {
    let band = try #require(Band<Double>([5, 1, 4, 2, 3], ninety))
    // h = 4 × 0.05 = 0.2 → 1 + 0.2 × (2 − 1); median 3; h = 3.8 → 4 + 0.8 × (5 − 4).
    #expect(abs(band.low - 1.2) < 1e-12)
    #expect(band.median == 3)
    #expect(abs(band.high - 4.8) < 1e-12)
  }

  @Test func lowNeverExceedsMedianNorMedianHigh() throws {
    var rng = SplitMix64(seed: 11)
    for n in 1...60 {
      let values = (0..<n).map { _ in rng.unit() * 1000 - 500 }
      for interval in [0.5, 0.8, 0.9, 0.98] {
        let b = try #require(Band(values, Uncertainty(seeds: n, interval: interval)))
        #expect(b.low <= b.median && b.median <= b.high)
        #expect((values.min() ?? 0) <= b.low && b.high <= (values.max() ?? 0))
      }
    }
  }

  @Test func oneValueIsABandOfWidthZero() throws {
    let b = try #require(Band([Money(dollars: 7)], ninety))
    #expect(b.low == Money(dollars: 7) && b.median == Money(dollars: 7) && b.high == Money(dollars: 7))
    #expect(Band<Money>([], ninety) == nil)
  }

  @Test func theOrderOfTheSeedsDoesNotMatter() {
    let values = (1...37).map { Money(nanos: $0 * $0 * 1_000_003) }
    #expect(Band(values, ninety) == Band(values.reversed(), ninety))
  }

  @Test func moneyMediansAreExactToTheNanoDollar() throws {
    let b = try #require(Band([Money(dollars: 1), Money(dollars: 2)], ninety))
    #expect(b.median == Money(nanos: 1_500_000_000))
    // Odd sums of nanos round half up.
    let odd = try #require(Band([Money(nanos: 1), Money(nanos: 2)], ninety))
    #expect(odd.median == Money(nanos: 2))
  }

  @Test func aNinetyPercentBandOfStandardNormalsSpansMinusToPlusOnePointSixFour() throws {
    var rng = SplitMix64(seed: 5)
    let draws = (0..<20_000).map { _ in rng.normal() }
    let b = try #require(Band(draws, Uncertainty(seeds: draws.count, interval: 0.9)))
    #expect(abs(b.low + 1.645) < 0.05)
    #expect(abs(b.median) < 0.03)
    #expect(abs(b.high - 1.645) < 0.05)
  }

  @Test func labelsNameTheQuantilesAsPercentiles() {
    #expect(Uncertainty(interval: 0.9).label == "P5–P95")
    #expect(Uncertainty(interval: 0.8).label == "P10–P90")
    #expect(Uncertainty(interval: 0.95).label == "P2.5–P97.5")
  }
}
