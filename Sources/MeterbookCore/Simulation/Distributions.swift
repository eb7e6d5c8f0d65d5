import Foundation

/// The random draws the simulator needs, as extensions on its one generator.
extension SplitMix64 {
  /// A standard normal pair by Marsaglia's polar method (no trigonometry; one logarithm
  /// per accepted pair, 21% of candidate pairs rejected).
  @inline(__always)
  mutating func normalPair() -> (Double, Double) {
    while true {
      let u = 2 * unit() - 1
      let v = 2 * unit() - 1
      let s = u * u + v * v
      if s > 0 && s < 1 {
        let f = (-2 * Foundation.log(s) / s).squareRoot()
        return (u * f, v * f)
      }
    }
  }

  /// A uniform draw in `range`.
  @inline(__always)
  mutating func uniform(_ range: ClosedRange<Double>) -> Double {
    range.lowerBound + unit() * (range.upperBound - range.lowerBound)
  }

  /// A Poisson draw with mean `lambda`: Knuth's product method below 30, a rounded normal
  /// approximation above (where the two differ by far less than the sampling noise).
  mutating func poisson(_ lambda: Double) -> Int {
    guard lambda > 0 else { return 0 }
    if lambda < 30 {
      let limit = Foundation.exp(-lambda)
      var k = 0
      var p = unit()
      while p > limit {
        k += 1
        p *= unit()
      }
      return k
    }
    let (z, _) = normalPair()
    return max(0, Int((lambda + z * lambda.squareRoot()).rounded()))
  }

  /// An index drawn from cumulative weights `cdf` (last element is the total).
  @inline(__always)
  mutating func pick(_ cdf: UnsafeBufferPointer<Double>) -> Int {
    let target = unit() * cdf[cdf.count - 1]
    var lo = 0
    var hi = cdf.count - 1
    while lo < hi {
      let mid = (lo + hi) >> 1
      if cdf[mid] > target { hi = mid } else { lo = mid + 1 }
    }
    return lo
  }

  mutating func pick(_ cdf: [Double]) -> Int {
    cdf.withUnsafeBufferPointer { pick($0) }
  }
}

/// Cumulative sums of non-negative weights.
func cumulative(_ weights: [Double]) -> [Double] {
  var total = 0.0
  return weights.map {
    total += max(0, $0)
    return total
  }
}
