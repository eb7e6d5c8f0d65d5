import Foundation

extension CSVReader {
  /// The reader's chunk of file bytes and the scratch space its quoted fields are unescaped
  /// into, allocated once per read.
  ///
  /// Reading a chunk straight in behind the bytes carried over from the last one, instead of
  /// into a fresh array that is then appended to the carry, saves three passes over every byte
  /// (zero-fill, copy, zero-fill of the scratch); on a 100 MB file that was a sixth of the
  /// import. Both grow only for a record longer than a chunk.
  struct ChunkBuffer {
    /// The file bytes; only the prefix the reader filled is meaningful.
    private(set) var bytes: UnsafeMutableBufferPointer<UInt8>
    /// As large as `bytes`: a chunk's unescaped fields never take more room than the chunk.
    private(set) var scratch: UnsafeMutableBufferPointer<UInt8>

    init(capacity: Int) {
      bytes = .allocate(capacity: capacity)
      scratch = .allocate(capacity: capacity)
    }

    /// Makes room for `count` bytes, keeping the ones already there.
    mutating func reserve(_ count: Int) {
      guard count > bytes.count else { return }
      let grown = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: count)
      if let to = grown.baseAddress, let from = bytes.baseAddress { to.update(from: from, count: bytes.count) }
      bytes.deallocate()
      bytes = grown
      scratch.deallocate()
      scratch = .allocate(capacity: count)
    }

    /// Moves the bytes of `range` (an unfinished record) to the front, where the next chunk
    /// continues them.
    func moveToFront(_ range: Range<Int>) {
      guard let base = bytes.baseAddress, range.lowerBound > 0, !range.isEmpty else { return }
      memmove(base, base + range.lowerBound, range.count)
    }

    func deallocate() {
      bytes.deallocate()
      scratch.deallocate()
    }
  }
}
