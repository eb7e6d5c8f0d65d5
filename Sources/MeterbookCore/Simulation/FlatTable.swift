/// An immutable array the generator's threads read through a raw pointer.
///
/// Reading a Swift array from several threads retains and releases its buffer, and those
/// atomic reference counts on one shared cache line make threads contend; a `FlatTable`'s
/// `buffer` is a plain pointer, valid as long as the table (held by the `SimulationPlan`) lives.
final class FlatTable<Element: Sendable>: @unchecked Sendable {
  /// The first element (allocated even for an empty table, so it is never `nil`).
  private let base: UnsafeMutablePointer<Element>
  /// The elements; never written after `init`, which is what makes the unchecked `Sendable` true.
  let buffer: UnsafeBufferPointer<Element>

  init(_ elements: [Element]) {
    base = .allocate(capacity: max(1, elements.count))
    let storage = UnsafeMutableBufferPointer(start: base, count: elements.count)
    _ = storage.initialize(from: elements)
    buffer = UnsafeBufferPointer(storage)
  }

  deinit {
    base.deinitialize(count: buffer.count)
    base.deallocate()
  }

  /// Entries `start..<start + count`, which the caller keeps within the table (the plan's rows
  /// are computed from its own dimensions); on the generator's path, so no range is checked.
  @inline(__always)
  func row(_ start: Int, _ count: Int) -> UnsafeBufferPointer<Element> {
    UnsafeBufferPointer(start: base + start, count: count)
  }

  /// Entry `i`, in place (unchecked, as `row`).
  ///
  /// The generator reads the fields of a large element (a model) through it; reading the
  /// element by value copied all of it, a `memcpy` per call.
  @inline(__always)
  func pointer(_ i: Int) -> UnsafePointer<Element> { UnsafePointer(base + i) }
}
