extension LatencyHistogram {
  /// A histogram that millions of values go to, as one count per bucket: recording is an
  /// increment, where the sparse form scans its entries.
  ///
  /// The usage digest counts each task type's output tokens in one while it is built, then
  /// keeps the sparse `histogram`. Its counts take 14 KB once the first value arrives.
  struct Dense: Sendable {
    private var counts: [UInt64] = []

    init() {}

    /// Adds one value.
    @inline(__always)
    mutating func record(_ v: UInt32) {
      if counts.isEmpty { counts = Array(repeating: 0, count: LatencyHistogram.bucketCount) }
      counts[Int(LatencyHistogram.bucket(v))] += 1
    }

    /// Adds every count of `other`.
    mutating func merge(_ other: Dense) {
      guard !other.counts.isEmpty else { return }
      guard !counts.isEmpty else {
        counts = other.counts
        return
      }
      for b in counts.indices { counts[b] += other.counts[b] }
    }

    /// The same counts as a (sparse) histogram.
    var histogram: LatencyHistogram {
      LatencyHistogram(
        sortedBuckets: counts.indices.filter { counts[$0] > 0 }.map { (bucket: UInt64($0), count: counts[$0]) })
    }
  }
}
