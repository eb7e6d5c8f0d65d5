/// A latency distribution in log-spaced buckets that merge by adding counts, so a percentile
/// of any group of cube cells comes from their histograms without the calls.
///
/// Any `UInt32` measure fits the same buckets: the usage digest also keeps each task type's
/// output tokens in one (`UsageDigest.outputTokens`), for the ledger's latency estimates.
///
/// Values under 128 ms keep a bucket each (exact); above, every power of two is cut into 64
/// buckets (the HdrHistogram layout with 7 significant bits), so a bucket spans less than 1/64
/// of its lower bound. A percentile reports its bucket's midpoint, within 1/128 (0.8%) of the
/// exact nearest-rank value. Only buckets that occur are stored, as sorted `(bucket, count)`
/// pairs: a cell of one call holds one pair, not a dense array. (`hdrhistogram-swift` allocates
/// a dense count array per histogram, kilobytes for this range, which a cube of a million
/// cells cannot afford.)
public struct LatencyHistogram: Sendable, Hashable {
  /// The only occurring bucket, packed as `bucket << 40 | count`, or 0 (most cells hold one
  /// call, and this keeps them free of a heap allocation).
  private var single: UInt64 = 0
  /// With two or more buckets: all of them in increasing order, packed likewise.
  private var several: [UInt64] = []

  /// Occurring buckets in increasing order, each packed as `bucket << 40 | count`.
  var entries: [UInt64] { single != 0 ? [single] : several }

  public init() {}

  /// A histogram of `values` (milliseconds).
  public init(_ values: some Sequence<UInt32>) {
    for v in values { record(v) }
  }

  /// A histogram of buckets with their counts, in increasing bucket order, counts positive.
  init(sortedBuckets: [(bucket: UInt64, count: UInt64)]) {
    let packed = sortedBuckets.map { $0.bucket << Self.countBits | $0.count }
    if packed.count == 1 { single = packed[0] } else { several = packed }
  }

  /// Buckets a `UInt32` can fall in: 128 exact ones, then 64 for each of the 25 powers of two
  /// above 127.
  static let bucketCount = 25 * 64 + 128

  /// Bits of a packed entry that hold its count.
  private static let countBits: UInt64 = 40
  private static let countMask: UInt64 = (1 << 40) - 1

  /// The calls recorded.
  public var count: Int { entries.reduce(0) { $0 + Int($1 & Self.countMask) } }

  /// The bucket of `v`: `v` itself under 128, else 64 per power of two.
  @inline(__always)
  static func bucket(_ v: UInt32) -> UInt64 {
    let shift = max(0, (32 - v.leadingZeroBitCount) - 7)
    return UInt64(shift) << 6 + UInt64(v >> UInt32(shift))
  }

  /// The smallest and largest value of bucket `b`.
  static func bounds(_ b: UInt64) -> ClosedRange<UInt64> {
    guard b >= 128 else { return b...b }
    let shift = b / 64 - 1
    let mantissa = b - shift * 64
    return (mantissa << shift)...(((mantissa + 1) << shift) - 1)
  }

  /// Adds one call of `v` milliseconds.
  @inline(__always)
  public mutating func record(_ v: UInt32) { add(bucket: Self.bucket(v), count: 1) }

  /// Adds `n` calls to bucket `b`, keeping the entries sorted.
  private mutating func add(bucket b: UInt64, count n: UInt64) {
    let key = b << Self.countBits
    if several.isEmpty {
      if single == 0 {
        single = key | n
      } else if single >> Self.countBits == b {
        single += n
      } else {
        several = single < key ? [single, key | n] : [key | n, single]
        single = 0
      }
      return
    }
    // Cells hold few buckets: a linear scan from the end (latencies mostly repeat) is fastest.
    var i = several.count
    while i > 0 && several[i - 1] >= key {
      if several[i - 1] >> Self.countBits == b {
        several[i - 1] += n
        return
      }
      i -= 1
    }
    several.insert(key | n, at: i)
  }

  /// Adds every count of `other` (the histogram of the union of both groups of calls).
  public mutating func merge(_ other: LatencyHistogram) {
    if other.single != 0 {
      add(bucket: other.single >> Self.countBits, count: other.single & Self.countMask)
      return
    }
    guard !other.several.isEmpty else { return }
    let mine = entries
    var merged: [UInt64] = []
    merged.reserveCapacity(mine.count + other.several.count)
    var (i, j) = (0, 0)
    while i < mine.count || j < other.several.count {
      let a = i < mine.count ? mine[i] >> Self.countBits : .max
      let b = j < other.several.count ? other.several[j] >> Self.countBits : .max
      if a == b {
        merged.append(mine[i] + (other.several[j] & Self.countMask))
        (i, j) = (i + 1, j + 1)
      } else if a < b {
        merged.append(mine[i])
        i += 1
      } else {
        merged.append(other.several[j])
        j += 1
      }
    }
    (single, several) = (0, merged)
  }

  /// The `p` quantile (0...1) by linear interpolation between the order statistics around
  /// `p·(n−1)`, as `OrderStatistic.quantile` computes it on the values, each taken as its
  /// bucket's midpoint; 0 when empty.
  ///
  /// Each midpoint is within 1/128 of the value it stands for, and the interpolation is a
  /// weighted mean of two of them, so the result is within 1/128 of the exact quantile (equal to
  /// it when both values are under 128).
  public func quantile(_ p: Double) -> Double {
    let n = count
    guard n > 0 else { return 0 }
    let x = max(0, min(1, p)) * Double(n - 1)
    let lo = Int(x.rounded(.down))
    let low = value(rank: lo)
    guard lo + 1 < n, x > Double(lo) else { return low }
    return low + (value(rank: lo + 1) - low) * (x - Double(lo))
  }

  /// The midpoint of the bucket holding the `rank`-th smallest value (0-based); 0 past the end.
  private func value(rank: Int) -> Double {
    var seen = 0
    for e in entries {
      seen += Int(e & Self.countMask)
      if seen > rank {
        let range = Self.bounds(e >> Self.countBits)
        return Double((range.lowerBound + range.upperBound) / 2)
      }
    }
    return 0
  }

  /// The nearest-rank `p` percentile (0...1) as the midpoint of its bucket; 0 when empty.
  ///
  /// The exact nearest-rank value (the `⌈p·n⌉`-th smallest) lies in the reported bucket, so the
  /// result is within 1/128 of it, and equal to it under 128 ms.
  public func percentile(_ p: Double) -> Double {
    let n = count
    guard n > 0 else { return 0 }
    return value(rank: min(n - 1, max(0, Int((p * Double(n)).rounded(.up)) - 1)))
  }
}
