/// Walker's alias method (Vose's 1991 construction): an index drawn with given weights in O(1),
/// from one 64-bit draw, where a cumulative table needs a binary search with unpredictable
/// branches.
///
/// A table of `n` entries splits the total weight into `n` columns of equal height; column
/// `i` keeps `i` for the share `p_i` of its height and gives the rest to one other index, its
/// alias. A draw multiplies the 64-bit random number by `n`: the high word picks a column
/// (uniformly, Lemire's multiply-shift) and the low word, a uniform fraction independent
/// of it, is compared with `p_i`. Each entry packs `p_i` (48 bits, so probabilities are exact to
/// 2^−48) above the alias (16 bits, so at most 65,536 entries, the limit on models and features).
/// Zero weights are never drawn; all-zero (or non-finite) weights draw uniformly.
///
/// The tables are flat `[UInt64]` rows (one per day × task for models, per region for hours,
/// per customer for features) so the generator reads them through one pointer; `AliasBuilder`
/// builds them, reusing its work lists, so a table costs no allocation.
enum AliasTable {
  /// The most entries a table may have (its alias is 16 bits).
  static let maxEntries = 1 << 16

}

/// Builds alias tables into caller-owned rows, reusing its work lists (no allocation once they
/// have grown to the largest table).
struct AliasBuilder {
  private var scaled: [Double] = []
  private var small: [Int32] = []
  private var large: [Int32] = []

  /// The alias table of `weights`, appended to `out`.
  mutating func append(_ weights: [Double], to out: inout [UInt64]) {
    let start = out.count
    out.append(contentsOf: repeatElement(0, count: weights.count))
    weights.withUnsafeBufferPointer { w in
      out.withUnsafeMutableBufferPointer { build(w, into: UnsafeMutableBufferPointer(rebasing: $0[start...])) }
    }
  }

  /// Fills `table` (as many entries as `weights`) with the alias table of `weights`.
  mutating func build(_ weights: UnsafeBufferPointer<Double>, into table: UnsafeMutableBufferPointer<UInt64>) {
    let n = weights.count
    guard n > 0 else { return }
    precondition(n <= AliasTable.maxEntries && table.count == n, "alias table of \(n) entries")
    var total = 0.0
    for w in weights where w > 0 { total += w }
    let uniform = !(total > 0 && total.isFinite)
    scaled.removeAll(keepingCapacity: true)
    small.removeAll(keepingCapacity: true)
    large.removeAll(keepingCapacity: true)
    for (i, w) in weights.enumerated() {
      let p = uniform ? 1 : max(0, w) * Double(n) / total
      scaled.append(p)
      if p < 1 { small.append(Int32(i)) } else { large.append(Int32(i)) }
    }
    while let s = small.popLast() {
      guard let l = large.popLast() else {
        // Only rounding leaves a column short with no donor: it is (almost exactly) full.
        table[Int(s)] = UInt64(s)
        continue
      }
      table[Int(s)] = Self.threshold(scaled[Int(s)]) << 16 | UInt64(l)
      scaled[Int(l)] = (scaled[Int(l)] + scaled[Int(s)]) - 1
      if scaled[Int(l)] < 1 { small.append(l) } else { large.append(l) }
    }
    // A full column is its own alias (its threshold is then irrelevant).
    while let l = large.popLast() { table[Int(l)] = UInt64(l) }
  }

  /// `p` in [0, 1) as a 48-bit fraction.
  private static func threshold(_ p: Double) -> UInt64 { UInt64(max(0, min(p, 1 - 0x1p-48)) * 0x1p48) }
}

extension SplitMix64 {
  /// An index drawn from the alias table `table` (see `AliasTable`).
  @inline(__always)
  mutating func pick(alias table: UnsafeBufferPointer<UInt64>) -> Int {
    let (column, fraction) = next().multipliedFullWidth(by: UInt64(table.count))
    // The high word of `x · n` is below `n`, so it is an index of the table as it is.
    let entry = table[Int(truncatingIfNeeded: column)]
    // Branch-free (the comparison is a coin flip the predictor cannot learn): all ones when
    // the fraction falls below the column's share (both are 48-bit, so the sign tells).
    let keep = UInt64(bitPattern: Int64(bitPattern: (fraction >> 16) &- (entry >> 16)) >> 63)
    return Int(truncatingIfNeeded: column & keep | entry & 0xFFFF & ~keep)
  }
}
