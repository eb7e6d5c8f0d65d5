extension UsageDigest {
  /// What re-pricing a cell's calls on another model needs beyond the cube's sums: the fresh
  /// (not cached) input, the output of successful calls, and the calls past a long-context
  /// threshold apart.
  ///
  /// A call's price is linear in its tokens except that a long prompt switches the whole call
  /// to long-context rates, so the calls past each catalog threshold are summed on their own,
  /// by band (`LedgerUsage.band`). Most cells have none and pay 16 bytes and an empty array.
  public struct CellTokens: Sendable, Hashable {
    /// `max(0, input − cached)` of the billable calls.
    public var fresh: Int64 = 0
    /// Output tokens of the successful calls (a timeout's output is not re-priced).
    public var output: Int64 = 0
    /// The calls past one or more thresholds (errors too, for their cost), by band, ascending.
    public var long: [Band] = []

    /// The sums of a cell's calls in one band above 0.
    public struct Band: Sendable, Hashable {
      public var band: UInt8
      public var sums: LedgerUsage.Sums
    }

    public init() {}

    /// Adds one call (status as in `Run.status`), banded against `thresholds`.
    @inline(__always)
    mutating func add(input: UInt32, output: UInt32, cached: UInt32, cost: Int64, status: UInt8, thresholds: [Int]) {
      if status != 1 { fresh += Int64(input > cached ? input - cached : 0) }
      if status == 0 { self.output += Int64(output) }
      guard !thresholds.isEmpty, Int(input) > thresholds[0] else { return }
      var sums = LedgerUsage.Sums()
      sums.add(input: input, output: output, cached: cached, cost: cost, status: status)
      add(Band(band: LedgerUsage.band(input, thresholds: thresholds), sums: sums))
    }

    /// Adds another part's tokens of the same cell.
    mutating func merge(_ other: CellTokens) {
      fresh += other.fresh
      output += other.output
      for b in other.long { add(b) }
    }

    /// Adds `b` to its band's sums, keeping the bands in order.
    private mutating func add(_ b: Band) {
      let i = long.firstIndex { $0.band >= b.band } ?? long.count
      if i < long.count && long[i].band == b.band {
        long[i].sums += b.sums
      } else {
        long.insert(b, at: i)
      }
    }
  }
}
