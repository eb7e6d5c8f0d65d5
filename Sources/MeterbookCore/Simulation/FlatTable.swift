/// An immutable array the generator's threads read through a raw pointer.
///
/// Reading a Swift array from several threads retains and releases its buffer, and those
/// atomic reference counts on one shared cache line make threads contend; a `FlatTable`'s
/// `buffer` is a plain pointer, valid as long as the table (held by the `SimulationPlan`) lives.
final class FlatTable<Element: Sendable>: @unchecked Sendable {
  /// The elements; never written after `init`, which is what makes the unchecked `Sendable` true.
  let buffer: UnsafeBufferPointer<Element>

  init(_ elements: [Element]) {
    let storage = UnsafeMutableBufferPointer<Element>.allocate(capacity: elements.count)
    _ = storage.initialize(from: elements)
    buffer = UnsafeBufferPointer(storage)
  }

  deinit {
    UnsafeMutableBufferPointer(mutating: buffer).deinitialize().deallocate()
  }

  /// Entries `start..<start + count`, which the caller keeps within the table (the plan's rows
  /// are computed from its own dimensions); on the generator's path, so no range is checked.
  @inline(__always)
  func row(_ start: Int, _ count: Int) -> UnsafeBufferPointer<Element> {
    UnsafeBufferPointer(start: buffer.baseAddress?.advanced(by: start), count: count)
  }
}
