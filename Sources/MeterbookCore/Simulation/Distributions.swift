import Foundation

/// The random draws the simulator needs beyond normals (`Ziggurat`) and weighted indexes
/// (`AliasTable`), as extensions on its one generator.
extension SplitMix64 {
  /// A Poisson draw with mean `lambda`: Knuth's product method below 30, a rounded normal
  /// approximation above (where the two differ by far less than the sampling noise).
  mutating func poisson(_ lambda: Double) -> Int {
    guard lambda > 0 else { return 0 }
    if lambda < 30 {
      let limit = FastExp.shared(-lambda)
      var k = 0
      var p = unit()
      while p > limit {
        k += 1
        p *= unit()
      }
      return k
    }
    return max(0, Int((lambda + normal() * lambda.squareRoot()).rounded()))
  }

  /// An index drawn from cumulative weights `cdf` (last element is the total), by binary
  /// search: for the population's one-off draws, where building an alias table would cost more.
  mutating func pick(_ cdf: [Double]) -> Int {
    let target = unit() * (cdf.last ?? 0)
    var lo = 0
    var hi = cdf.count - 1
    while lo < hi {
      let mid = (lo + hi) >> 1
      if cdf[mid] > target { hi = mid } else { lo = mid + 1 }
    }
    return lo
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
