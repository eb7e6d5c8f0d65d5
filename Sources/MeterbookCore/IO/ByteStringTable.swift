import Foundation

/// A hash table from byte strings to integers that hashes and compares raw bytes.
///
/// The importer looks up every row's names (customer, feature, model, …) in tables like this
/// one; a `Dictionary` keyed by `String` or by an FNV hash spent more time hashing (SipHash,
/// one byte at a time) and comparing through the generic `String.UTF8View` path than the row
/// took to split. Here a name's bytes are hashed eight at a time, the table is open-addressed
/// with linear probing, and a hit is confirmed by comparing the stored copy eight bytes at a
/// time, so two names never share a value by hash collision.
///
/// The hash only places entries; values are whatever the caller inserts, so lookups give the
/// same answers on every machine.
struct ByteStringTable {
  /// One byte string: its hash, where its bytes are in `storage`, and its value.
  private struct Entry {
    var hash: UInt64
    var start: Int
    var count: Int
    var value: Int
  }

  /// Entry number per bucket, -1 when empty; a power of two long, at most half full.
  private var buckets = [Int32](repeating: -1, count: 64)
  private var entries: [Entry] = []
  private var storage: [UInt8] = []

  /// How many byte strings the table holds.
  var count: Int { entries.count }

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
      let entry = entries[e]
      if entry.hash == h && entry.count == s.count && holds(entry, s) { return entry.value }
      b = (b + 1) & mask
    }
  }

  /// Stores `value` for `s`, which the table must not hold yet.
  mutating func insert(_ s: UnsafeBufferPointer<UInt8>, hash h: UInt64, value: Int) {
    if (entries.count + 1) * 2 > buckets.count { grow() }
    entries.append(Entry(hash: h, start: storage.count, count: s.count, value: value))
    storage.append(contentsOf: s)
    place(entries.count - 1)
  }

  /// Whether `entry`'s bytes are those of `s` (of the same length), compared eight at a time.
  @inline(__always)
  private func holds(_ entry: Entry, _ s: UnsafeBufferPointer<UInt8>) -> Bool {
    storage.withUnsafeBytes { stored in
      guard let base = stored.baseAddress, let other = s.baseAddress else { return true }  // both empty
      let mine = base + entry.start
      let theirs = UnsafeRawPointer(other)
      var i = 0
      while i + 8 <= entry.count {
        guard
          mine.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            == theirs.loadUnaligned(fromByteOffset: i, as: UInt64.self)
        else { return false }
        i += 8
      }
      while i < entry.count {
        guard mine.load(fromByteOffset: i, as: UInt8.self) == theirs.load(fromByteOffset: i, as: UInt8.self) else {
          return false
        }
        i += 1
      }
      return true
    }
  }

  /// Puts entry `e` in the first free bucket from its hash on.
  private mutating func place(_ e: Int) {
    let mask = buckets.count - 1
    var b = Int(truncatingIfNeeded: entries[e].hash) & mask
    while buckets[b] >= 0 { b = (b + 1) & mask }
    buckets[b] = Int32(truncatingIfNeeded: e)
  }

  /// Doubles the buckets and places every entry again.
  private mutating func grow() {
    buckets = [Int32](repeating: -1, count: buckets.count * 2)
    for e in entries.indices { place(e) }
  }
}
