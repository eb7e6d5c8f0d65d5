import Testing

@testable import MeterbookCore

/// Alias tables draw each index with its weight's share, never a zero weight, and uniformly
/// when every weight is zero.
struct AliasTableTests {
  func frequencies(_ weights: [Double], draws n: Int, seed: UInt64 = 17) -> [Int] {
    var table: [UInt64] = []
    var builder = AliasBuilder()
    builder.append(weights, to: &table)
    var rng = SplitMix64(seed: seed)
    var counts = [Int](repeating: 0, count: weights.count)
    table.withUnsafeBufferPointer { t in
      for _ in 0..<n { counts[rng.pick(alias: t)] += 1 }
    }
    return counts
  }

  @Test func indexesAreDrawnInProportionToTheirWeights() {
    let weights = [0, 1, 2, 3, 0, 4, 0.5, 0.001, 7]
    let n = 2_000_000
    let counts = frequencies(weights, draws: n)
    let total = weights.reduce(0, +)
    for (i, w) in weights.enumerated() {
      let p = w / total
      let expected = Double(n) * p
      #expect(abs(Double(counts[i]) - expected) <= 5 * (expected * (1 - p)).squareRoot(), "index \(i): \(counts[i])")
    }
    #expect(counts[0] == 0 && counts[4] == 0)
  }

  @Test func allZeroWeightsDrawUniformly() {
    let counts = frequencies([0, 0, 0, 0], draws: 400_000)
    #expect(counts.allSatisfy { abs($0 - 100_000) < 2_000 }, "\(counts)")
  }

  @Test func theTwentyFourHoursOfBusinessHoursKeepTheirShares() {
    let weights = (0..<24).map { BusinessHours().weight(localHour: $0) }
    let n = 1_000_000
    let counts = frequencies(weights, draws: n, seed: 3)
    let total = weights.reduce(0, +)
    for h in 0..<24 {
      let expected = Double(n) * weights[h] / total
      #expect(abs(Double(counts[h]) - expected) <= 5 * expected.squareRoot(), "hour \(h)")
    }
  }
}
