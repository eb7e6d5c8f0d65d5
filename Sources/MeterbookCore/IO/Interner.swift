import Foundation

/// Interns names to dense ids per dimension, appending new ones to the dimension's table.
///
/// A row's bytes are looked up as bytes (`ByteStringTable`); only a byte string seen for the
/// first time becomes a `String`, which is then matched by `String` equality, so two spellings
/// that Swift treats as the same name (composed and decomposed accents) keep sharing one id.
struct Interner {
  /// The interned dimensions, in slot order.
  static let slots = ["task", "customer", "organization", "product", "feature", "tier", "region"]
  /// The slot of task types.
  static let task = 0
  /// Name → id per slot, consulted only for byte strings not seen before.
  private var names = [[String: Int]](repeating: [:], count: Interner.slots.count)
  /// Byte string → id per slot: every spelling seen so far.
  private var seen = [ByteStringTable](repeating: ByteStringTable(), count: Interner.slots.count)

  mutating func id(_ s: String, slot: Int, in table: inout [String]) -> Int {
    Array(s.utf8).withUnsafeBufferPointer { id($0, slot: slot, in: &table) }
  }

  @inline(__always)
  mutating func id(_ s: UnsafeBufferPointer<UInt8>, slot: Int, in table: inout [String]) -> Int {
    let h = ByteStringTable.hash(s)
    if let i = seen[slot].value(of: s, hash: h) { return i }
    let key = String(decoding: s, as: UTF8.self)
    let i: Int
    if let known = names[slot][key] {
      i = known
    } else {
      table.append(key)
      i = table.count - 1
      names[slot][key] = i
    }
    seen[slot].insert(s, hash: h, value: i)
    return i
  }
}
