import Foundation
import Synchronization

/// A streaming RFC 4180 reader: reads a file in 4 MB chunks and hands each record's fields
/// to a callback as byte buffers, so memory stays proportional to one chunk, not the file,
/// and no field costs an allocation or a reference count.
///
/// Quoted fields may hold commas, doubled quotes and line breaks. A quote that is never
/// closed is reported as a malformed row, never a crash.
public struct CSVReader {
  public enum Problem: Error, Equatable, CustomStringConvertible {
    case unterminatedQuote(row: Int)
    case cannotRead(path: String, reason: String)
    case cancelled
    public var description: String {
      switch self {
      case .unterminatedQuote(let row): "row \(row): a quoted field is never closed"
      case .cannotRead(let path, let reason): "cannot read '\(path)': \(reason)"
      case .cancelled: "cancelled"
      }
    }

    init(_ error: IOError, path: String) {
      switch error {
      case .cancelled: self = .cancelled
      case .cannotRead(let p, let reason), .cannotWrite(let p, let reason): self = .cannotRead(path: p, reason: reason)
      case .cannotEncode(let reason): self = .cannotRead(path: path, reason: reason)
      }
    }
  }

  /// Bytes read by every `read` in this process since it started.
  ///
  /// A progress display samples
  /// it against the file's size: the importer that drives the reader (sequential or split
  /// across cores) needs no progress hook of its own.
  public static let bytesRead = Atomic<Int>(0)

  /// What a read saw, for callers that split a file.
  public struct Stats: Sendable {
    /// Records counted (blank lines included): the last row number.
    public var rows = 0
    /// Whether any `"` appeared, in which case a split at a line break may have cut a
    /// quoted field.
    public var sawQuote = false
  }

  /// Calls `record(rowNumber, fields)` for every record (row 1 is the file's first line).
  ///
  /// Returning `false` stops reading. The buffers are only valid during the call. With
  /// `range`, reads only those bytes (which must start at a record).
  ///
  /// The file is opened by `InputFile`: a missing file, a directory, a permission problem or
  /// a link loop is a `Problem.cannotRead` naming that cause; a FIFO or pipe is read without
  /// blocking (Ctrl-C via `isCancelled` works while waiting; no writer within `writerWait`
  /// seconds is an error).
  @discardableResult
  public static func read(
    contentsOf url: URL, range: Range<UInt64>? = nil, chunkSize: Int = 4 << 20,
    writerWait: Double = InputFile.defaultWriterWait, isCancelled: @escaping () -> Bool = { false },
    record: (Int, [UnsafeBufferPointer<UInt8>]) throws -> Bool
  ) throws -> Stats {
    let (handle, bytesInRange) = try open(url, range: range, writerWait: writerWait, isCancelled: isCancelled)
    var remaining = bytesInRange
    var stats = Stats()
    var row = 0
    var fields: [UnsafeBufferPointer<UInt8>] = []
    // One buffer for the whole read: the bytes carried over from the last chunk are moved to its
    // front and the next chunk is read in behind them, so no byte is copied twice. Unescaped
    // quoted fields go to `scratch`, as large as the buffer, so the buffers handed out stay valid.
    var buffer = ChunkBuffer(capacity: max(1, chunkSize))
    defer { buffer.deallocate() }
    var carried = 0
    while true {
      // A record longer than half a chunk makes the buffer grow rather than read in small steps.
      if buffer.bytes.count - carried < max(1, chunkSize / 2) { buffer.reserve(carried + max(1, chunkSize)) }
      let capacity = buffer.bytes.count
      var filled = carried
      var atEnd = false
      do {
        while filled < capacity, remaining > 0 {
          let want = Int(min(UInt64(capacity - filled), remaining))
          let n = try handle.read(
            into: UnsafeMutableRawBufferPointer(
              UnsafeMutableBufferPointer(rebasing: buffer.bytes[filled..<(filled + want)])))
          if n == 0 { break }
          filled += n
          remaining -= UInt64(n)
        }
        atEnd = filled < capacity
      } catch {
        throw Problem(error, path: url.path)
      }
      if isCancelled() { throw Problem.cancelled }
      let chunk = UnsafeBufferPointer(rebasing: buffer.bytes[carried..<filled])
      bytesRead.add(chunk.count, ordering: .relaxed)
      if atEnd && filled == 0 {
        stats.rows = row
        return stats
      }
      if !stats.sawQuote, let base = chunk.baseAddress, memchr(base, 0x22, chunk.count) != nil {
        stats.sawQuote = true
      }
      let (consumed, stop) = try records(
        in: UnsafeBufferPointer(rebasing: buffer.bytes[..<filled]), scratch: buffer.scratch, atEnd: atEnd, row: &row,
        fields: &fields, record: record)
      if stop || atEnd {
        stats.rows = row
        return stats
      }
      carried = filled - consumed
      if carried > 64 << 20 { throw Problem.cannotRead(path: url.path, reason: "a record is longer than 64 MB") }
      buffer.moveToFront(consumed..<filled)
    }
  }

  /// Opens `url` at the start of `range` (the whole file without one); also returns how many bytes
  /// are left to read.
  private static func open(
    _ url: URL, range: Range<UInt64>?, writerWait: Double, isCancelled: @escaping () -> Bool
  ) throws -> (InputFile, UInt64) {
    do {
      let handle = try InputFile(url, writerWait: writerWait, isCancelled: isCancelled)
      guard let range else { return (handle, .max) }
      try handle.seek(to: range.lowerBound)
      return (handle, range.upperBound - range.lowerBound)
    } catch {
      throw Problem(error, path: url.path)
    }
  }

  /// Hands every complete record in `buf` to `record`, counting rows; returns where the first
  /// incomplete record starts (the bytes to carry into the next chunk) and whether `record` asked
  /// to stop.
  @inline(__always)
  private static func records(
    in buf: UnsafeBufferPointer<UInt8>, scratch: UnsafeMutableBufferPointer<UInt8>, atEnd: Bool, row: inout Int,
    fields: inout [UnsafeBufferPointer<UInt8>], record: (Int, [UnsafeBufferPointer<UInt8>]) throws -> Bool
  ) throws -> (consumed: Int, stop: Bool) {
    let n = buf.count
    var used = 0
    var start = 0
    while start < n {
      guard
        let end = try scanRecord(
          buf, from: start, scratch: scratch, used: &used, atEnd: atEnd, row: row, fields: &fields)
      else { break }
      row += 1
      start = end >= n && atEnd ? n : end
      if fields.count == 1 && fields[0].isEmpty { continue }  // a blank line
      if try !record(row, fields) { return (start, true) }
    }
    return (start, false)
  }

  /// Splits the record that starts at `start` into `fields` (quoted ones unescaped into `scratch`
  /// from `used` on); returns the index just past it, or `nil` when the buffer ends inside it and
  /// more bytes may follow.
  ///
  /// - Throws: `Problem.unterminatedQuote` for a quote still open at the end of the file.
  @inline(__always)
  private static func scanRecord(
    _ buf: UnsafeBufferPointer<UInt8>, from start: Int, scratch: UnsafeMutableBufferPointer<UInt8>,
    used: inout Int, atEnd: Bool, row: Int, fields: inout [UnsafeBufferPointer<UInt8>]
  ) throws -> Int? {
    let n = buf.count
    fields.removeAll(keepingCapacity: true)
    var j = start
    var fieldStart = start
    while true {
      if j >= n {
        guard atEnd else { return nil }
        fields.append(UnsafeBufferPointer(rebasing: buf[fieldStart..<n]))
        return j
      }
      if j == fieldStart && buf[j] == 0x22 {
        let out = used
        guard let close = unquote(buf, from: j, into: scratch, used: &used, atEnd: atEnd) else {
          if atEnd { throw Problem.unterminatedQuote(row: row + 1) }
          return nil
        }
        fields.append(UnsafeBufferPointer(rebasing: scratch[out..<used]))
        j = close + 1
        if j < n && buf[j] == 0x2C {
          j += 1
          fieldStart = j
          continue
        }
        if j >= n { return atEnd ? j : nil }
        if buf[j] == 0x0A || buf[j] == 0x0D { return lineEnd(buf, at: j, atEnd: atEnd) }
        // Text after a closing quote: start a new (lenient) field there.
        fieldStart = j
        continue
      }
      // An unquoted field: a quote inside it is an ordinary byte.
      j = nextDelimiter(buf, from: j)
      if j >= n { continue }
      fields.append(UnsafeBufferPointer(rebasing: buf[fieldStart..<j]))
      if buf[j] != 0x2C { return lineEnd(buf, at: j, atEnd: atEnd) }
      j += 1
      fieldStart = j
    }
  }

  /// The index of the first comma, CR or LF at or after `from`, or `buf.count` when there is none.
  ///
  /// Eight bytes are tested at a time (SWAR): a byte of `w ^ c` is zero where `w` holds `c`, and
  /// `(x - 0x01…01) & ~x & 0x80…80` flags zero bytes exactly up to the first one, which is all
  /// the search needs; splitting a 100 MB file one byte at a time took an eighth of the import.
  @inline(__always)
  static func nextDelimiter(_ buf: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
    let n = buf.count
    guard let base = buf.baseAddress else { return n }
    let raw = UnsafeRawPointer(base)
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    @inline(__always) func zeros(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & highs }
    var j = from
    while j + 8 <= n {
      let w = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: j, as: UInt64.self))
      let found = zeros(w ^ (ones &* 0x2C)) | zeros(w ^ (ones &* 0x0A)) | zeros(w ^ (ones &* 0x0D))
      if found != 0 { return j + found.trailingZeroBitCount >> 3 }
      j += 8
    }
    while j < n {
      let b = base[j]
      if b == 0x2C || b == 0x0A || b == 0x0D { return j }
      j += 1
    }
    return n
  }

  /// Copies the quoted field whose opening quote is at `quote` into `scratch` from `used` on, with
  /// `""` unescaped; returns the index of its closing quote, or `nil` when the buffer ends first
  /// (or may: before the end of the file, a last-byte quote could open an escaped pair).
  @inline(__always)
  private static func unquote(
    _ buf: UnsafeBufferPointer<UInt8>, from quote: Int, into scratch: UnsafeMutableBufferPointer<UInt8>,
    used: inout Int, atEnd: Bool
  ) -> Int? {
    let n = buf.count
    var k = quote + 1
    while k < n {
      if buf[k] == 0x22 {
        if k + 1 < n && buf[k + 1] == 0x22 {
          scratch[used] = 0x22
          used += 1
          k += 2
          continue
        }
        if k + 1 >= n && !atEnd { return nil }
        return k
      }
      scratch[used] = buf[k]
      used += 1
      k += 1
    }
    return nil
  }

  /// The index just past the line break at `j` (CR, LF or CR LF); `nil` when a CR ends the buffer
  /// before the end of the file, since an LF that completes it may start the next chunk (read as
  /// a line of its own, it shifted every later row number by one).
  @inline(__always)
  private static func lineEnd(_ buf: UnsafeBufferPointer<UInt8>, at j: Int, atEnd: Bool) -> Int? {
    guard buf[j] == 0x0D else { return j + 1 }
    guard j + 1 < buf.count else { return atEnd ? j + 1 : nil }
    return buf[j + 1] == 0x0A ? j + 2 : j + 1
  }

}
