import Foundation

/// A hash table from byte strings to integers that hashes and compares raw bytes.
///
/// The importer looks up every row's names (customer, feature, model, …) in tables like this
/// one; a `Dictionary` keyed by `String` or by an FNV hash spent more time hashing (SipHash,
/// one byte at a time) and comparing through the generic `String.UTF8View` path than the row
/// took to split. Here a name's bytes are hashed eight at a time, the table is open-addressed
/// with linear probing, and a hit is confirmed with `memcmp` against the stored copy, so two
/// names never share a value by hash collision.
///
/// The hash only places entries; values are whatever the caller inserts, so lookups give the
/// same answers on every machine.
struct ByteStringTable {
  /// Entry number per bucket, -1 when empty; a power of two long, at most half full.
  private var buckets = [Int32](repeating: -1, count: 64)
  private var hashes: [UInt64] = []
  private var values: [Int] = []
  /// Entry `k`'s bytes are `storage[ends[k - 1]..<ends[k]]` (from 0 for the first).
  private var ends: [Int] = []
  private var storage: [UInt8] = []

  /// How many byte strings the table holds.
  var count: Int { values.count }

  /// A 64-bit hash of `s`, eight bytes per step.
  @inline(__always)
  static func hash(_ s: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(s.count)
    guard let base = s.baseAddress else { return SplitMix64.mix(h) }
    let raw = UnsafeRawPointer(base)
    var i = 0
    while i + 8 <= s.count {
      h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
      h ^= h >> 29
      i += 8
    }
    var tail: UInt64 = 0
    var shift: UInt64 = 0
    while i < s.count {
      tail |= UInt64(base[i]) << shift
      shift += 8
      i += 1
    }
    return SplitMix64.mix(h ^ tail)
  }

  /// The value stored for `s` (whose `hash` the caller computed), or `nil`.
  @inline(__always)
  func value(of s: UnsafeBufferPointer<UInt8>, hash h: UInt64) -> Int? {
    let mask = buckets.count - 1
    var b = Int(truncatingIfNeeded: h) & mask
    while true {
      let e = Int(buckets[b])
      if e < 0 { return nil }
      if hashes[e] == h && holds(e, s) { return values[e] }
      b = (b + 1) & mask
    }
  }

  /// Stores `value` for `s`, which the table must not hold yet.
  mutating func insert(_ s: UnsafeBufferPointer<UInt8>, hash h: UInt64, value: Int) {
    if (values.count + 1) * 2 > buckets.count { grow() }
    hashes.append(h)
    values.append(value)
    storage.append(contentsOf: s)
    ends.append(storage.count)
    place(values.count - 1)
  }

  /// Whether entry `e` holds exactly the bytes of `s`.
  @inline(__always)
  private func holds(_ e: Int, _ s: UnsafeBufferPointer<UInt8>) -> Bool {
    let start = e == 0 ? 0 : ends[e - 1]
    guard ends[e] - start == s.count else { return false }
    guard let other = s.baseAddress, s.count > 0 else { return true }
    return storage.withUnsafeBufferPointer { stored in
      stored.baseAddress.map { memcmp($0 + start, other, s.count) == 0 } ?? false
    }
  }

  /// Puts entry `e` in the first free bucket from its hash on.
  private mutating func place(_ e: Int) {
    let mask = buckets.count - 1
    var b = Int(truncatingIfNeeded: hashes[e]) & mask
    while buckets[b] >= 0 { b = (b + 1) & mask }
    buckets[b] = Int32(truncatingIfNeeded: e)
  }

  /// Doubles the buckets and places every entry again.
  private mutating func grow() {
    buckets = [Int32](repeating: -1, count: buckets.count * 2)
    for e in values.indices { place(e) }
  }
}
