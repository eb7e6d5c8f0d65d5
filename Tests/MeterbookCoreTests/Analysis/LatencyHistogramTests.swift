import Foundation
import Testing

@testable import MeterbookCore

struct LatencyHistogramTests {
  /// The exact nearest-rank percentile: the ⌈p·n⌉-th smallest value.
  func exact(_ values: [UInt32], _ p: Double) -> Double {
    let sorted = values.sorted()
    return Double(sorted[max(0, Int((p * Double(sorted.count)).rounded(.up)) - 1)])
  }

  @Test func valuesUnder128msAreExact() {
    let h = LatencyHistogram(1...100)
    // ⌈0.5·100⌉ = 50th value, ⌈0.95·100⌉ = 95th, ⌈0.99·100⌉ = 99th.
    #expect(h.percentile(0.5) == 50)
    #expect(h.percentile(0.95) == 95)
    #expect(h.percentile(0.99) == 99)
    #expect(h.count == 100)
  }

  @Test func aLargeValueReportsItsBucketsMidpoint() {
    // 1000 has 10 bits: shift 3, bucket 3·64 + 1000>>3 = 317, covering 1000...1007.
    #expect(LatencyHistogram.bucket(1000) == 317)
    #expect(LatencyHistogram.bounds(317) == 1000...1007)
    #expect(LatencyHistogram([1000]).percentile(0.5) == 1003)
    // 128 starts the first two-wide bucket: 128...129.
    #expect(LatencyHistogram.bounds(LatencyHistogram.bucket(129)) == 128...129)
  }

  @Test func percentilesStayWithin1In128OfTheExactValue() {
    var rng = SplitMix64(seed: 42)
    let values = (0..<20_000).map { _ in UInt32(truncatingIfNeeded: rng.next() % 2_000_000) }
    let h = LatencyHistogram(values)
    for p in [0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 1.0] {
      let truth = exact(values, p)
      #expect(abs(h.percentile(p) - truth) <= truth / 128, "p\(p): \(h.percentile(p)) vs \(truth)")
    }
  }

  @Test func interpolatedQuantilesStayWithin1In128OfTheValues() {
    // Output-token counts: a heavy tail from 1 to about 60,000.
    var rng = SplitMix64(seed: 9)
    for n in [1, 2, 7, 1_000, 20_001] {
      let values = (0..<n).map { _ in UInt32(exp(rng.unit() * 11)) }
      let h = LatencyHistogram(values)
      for p in [0, 0.05, 0.5, 0.95, 0.999, 1] {
        // Linear interpolation between the order statistics around p·(n−1) (type 7), computed
        // here on the sorted values.
        let sorted = values.sorted().map(Double.init)
        let x = p * Double(n - 1)
        let lo = Int(x)
        let truth = lo + 1 < n ? sorted[lo] + (sorted[lo + 1] - sorted[lo]) * (x - Double(lo)) : sorted[lo]
        #expect(abs(h.quantile(p) - truth) <= truth / 128, "n \(n) p\(p): \(h.quantile(p)) vs \(truth)")
      }
    }
    // Under 128 every bucket holds one value: exact. 1...100 at 0.95: 95 + 0.05·(96 − 95).
    #expect(abs(LatencyHistogram(1...100).quantile(0.95) - 95.05) < 1e-9)
  }

  @Test func aDenseHistogramHoldsTheSameCountsAsTheSparseOne() {
    var rng = SplitMix64(seed: 5)
    let values = (0..<5_000).map { _ in UInt32(truncatingIfNeeded: rng.next() >> 33) }
    var dense = LatencyHistogram.Dense()
    var other = LatencyHistogram.Dense()
    for (k, v) in values.enumerated() {
      if k % 3 == 0 { other.record(v) } else { dense.record(v) }
    }
    dense.merge(other)
    #expect(dense.histogram == LatencyHistogram(values))
    #expect(LatencyHistogram.Dense().histogram == LatencyHistogram())
    // The largest value lands in the last bucket.
    #expect(Int(LatencyHistogram.bucket(.max)) == LatencyHistogram.bucketCount - 1)
  }

  @Test func mergingEqualsTheHistogramOfTheUnion() {
    var rng = SplitMix64(seed: 7)
    let a = (0..<3_000).map { _ in UInt32(truncatingIfNeeded: rng.next() % 90_000) }
    let b = (0..<5_000).map { _ in UInt32(truncatingIfNeeded: rng.next() % 400) }
    var merged = LatencyHistogram(a)
    merged.merge(LatencyHistogram(b))
    #expect(merged == LatencyHistogram(a + b))
    #expect(merged.count == 8_000)
    var empty = LatencyHistogram()
    empty.merge(merged)
    #expect(empty == merged)
  }

  @Test func theLargestLatencyFitsABucket() {
    let h = LatencyHistogram([UInt32.max, 0])
    #expect(h.percentile(1) >= Double(UInt32.max) * (1 - 1.0 / 128))
    #expect(h.percentile(0.5) == 0)
  }
}
