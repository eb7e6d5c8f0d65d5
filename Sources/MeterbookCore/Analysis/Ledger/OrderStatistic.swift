/// Order statistics without a full sort: the ledger takes percentiles of a task's hundreds of
/// thousands of calls for dozens of models, where sorting each column dominated its time.
enum OrderStatistic {
  /// The `p` quantile (0...1) of `values` by linear interpolation, as `quantile(_:_:)` computes
  /// it, found by selection in expected linear time; 0 when empty.
  static func quantile<T: BinaryInteger>(_ values: [T], _ p: Double) -> Double {
    guard !values.isEmpty else { return 0 }
    var a = values
    let x = max(0, min(1, p)) * Double(a.count - 1)
    let lo = Int(x.rounded(.down))
    let low = select(&a, lo)
    guard lo + 1 < a.count, x > Double(lo) else { return Double(low) }
    // After selection every element right of `lo` is at least `low`: the next order statistic
    // is their minimum.
    let high = a[(lo + 1)...].min() ?? low
    return Double(low) + Double(high - low) * (x - Double(lo))
  }

  /// The nearest-rank 95th percentile, as the performance report computes it.
  static func nearestRankP95<T: BinaryInteger>(_ values: [T]) -> Double {
    guard !values.isEmpty else { return 0 }
    var a = values
    let rank = Int((0.95 * Double(a.count)).rounded(.up)) - 1
    return Double(select(&a, min(a.count - 1, max(0, rank))))
  }

  /// Rearranges `a` so that `a[k]` is the k-th smallest, smaller or equal ones to its left and
  /// larger or equal ones to its right (Hoare partitioning, median-of-three pivots:
  /// deterministic).
  static func select<T: Comparable>(_ a: inout [T], _ k: Int) -> T {
    var (left, right) = (0, a.count - 1)
    while left < right {
      let mid = left + (right - left) / 2
      let pivot = [a[left], a[mid], a[right]].sorted()[1]
      var (i, j) = (left, right)
      while i <= j {
        while a[i] < pivot { i += 1 }
        while a[j] > pivot { j -= 1 }
        if i <= j {
          a.swapAt(i, j)
          i += 1
          j -= 1
        }
      }
      if k <= j {
        right = j
      } else if k >= i {
        left = i
      } else {
        return a[k]
      }
    }
    return a[k]
  }
}
