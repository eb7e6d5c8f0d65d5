import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A file written atomically: bytes go to a temporary file beside the destination, and
/// `commit()` renames it into place, so a reader never sees half a file and a failed or
/// cancelled write never destroys the previous version.
public final class AtomicFile: ByteSink {
  public let destination: URL
  private let temporary: URL
  private var descriptor: Int32
  private var committed = false

  /// Opens a temporary file next to `destination`.
  /// - Throws: `IOError.cannotWrite` when the folder is missing or not writable.
  public init(_ destination: URL) throws(IOError) {
    self.destination = destination
    let folder = destination.deletingLastPathComponent()
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
      throw IOError.cannotWrite(path: destination.path, reason: "folder '\(folder.path)' does not exist")
    }
    self.temporary = folder.appendingPathComponent(".\(destination.lastPathComponent).\(getpid()).tmp")
    descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard descriptor >= 0 else {
      throw IOError.cannotWrite(path: destination.path, reason: String(cString: strerror(errno)))
    }
  }

  deinit {
    if !committed {
      if descriptor >= 0 { close(descriptor) }
      unlink(temporary.path)
    }
  }

  public func write(_ bytes: UnsafeRawBufferPointer) throws(IOError) {
    try writeAll(bytes, to: descriptor, path: destination.path)
  }

  /// Flushes to disk and renames the temporary file over the destination.
  public func commit() throws(IOError) {
    guard !committed else { return }
    fsync(descriptor)
    close(descriptor)
    descriptor = -1
    guard rename(temporary.path, destination.path) == 0 else {
      let reason = String(cString: strerror(errno))
      unlink(temporary.path)
      throw IOError.cannotWrite(path: destination.path, reason: reason)
    }
    committed = true
  }

  /// Writes `text` to `url` atomically.
  public static func write(_ text: String, to url: URL) throws(IOError) {
    let file = try AtomicFile(url)
    try file.write(Array(text.utf8))
    try file.commit()
  }
}

/// Somewhere bytes can be streamed: a file, standard output, memory.
public protocol ByteSink: AnyObject {
  func write(_ bytes: UnsafeRawBufferPointer) throws(IOError)
}

extension ByteSink {
  /// Writes an array of bytes.
  public func write(_ bytes: [UInt8]) throws(IOError) {
    let result: Result<Void, IOError> = bytes.withUnsafeBytes { b in Result { () throws(IOError) in try write(b) } }
    try result.get()
  }
}

/// Collects bytes in memory (for tests and hashing).
public final class MemorySink: ByteSink {
  public private(set) var bytes: [UInt8] = []
  public init() {}
  public func write(_ b: UnsafeRawBufferPointer) throws(IOError) { bytes.append(contentsOf: b) }
  public var string: String { String(decoding: bytes, as: UTF8.self) }
}

/// Writes to an open file descriptor such as standard output.
public final class DescriptorSink: ByteSink, Sendable {
  let descriptor: Int32
  public init(descriptor: Int32) { self.descriptor = descriptor }
  public static let standardOutput = DescriptorSink(descriptor: 1)
  public func write(_ bytes: UnsafeRawBufferPointer) throws(IOError) {
    try writeAll(bytes, to: descriptor, path: "<stdout>")
  }
}

/// Writes every byte to a descriptor, retrying short and interrupted writes.
func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32, path: String) throws(IOError) {
  var offset = 0
  while offset < bytes.count {
    let n = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
    if n < 0 {
      if errno == EINTR { continue }
      throw IOError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
    }
    offset += n
  }
}

/// Problems reading or writing files.
public enum IOError: Error, Equatable, CustomStringConvertible {
  case cannotWrite(path: String, reason: String)
  case cannotRead(path: String, reason: String)

  public var description: String {
    switch self {
    case .cannotWrite(let path, let reason): "cannot write '\(path)': \(reason)"
    case .cannotRead(let path, let reason): "cannot read '\(path)': \(reason)"
    }
  }
}
