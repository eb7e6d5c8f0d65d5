import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// What an output path is, decided before a byte is written, because the answer decides how
/// to write: a regular file (or a new one) is replaced atomically; standard output, a
/// character device (`/dev/null`, a terminal) and a FIFO are written through, never renamed
/// over (renaming would replace the device node or pipe with a regular file); a symbolic
/// link, a directory, a block device or a socket is refused.
public enum OutputKind: Sendable, Equatable, CustomStringConvertible {
  case standardOutput
  case newFile
  case regularFile
  case device
  case fifo

  /// Classifies `path` (`-` and `/dev/stdout` are standard output).
  /// - Throws: `IOError.cannotWrite` naming why the path is refused.
  public static func classify(_ path: String) throws(IOError) -> OutputKind {
    if ["-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"].contains(path) { return .standardOutput }
    var info = stat()
    guard lstat(path, &info) == 0 else {
      let code = errno
      guard code == ENOENT else { throw IOError.cannotWrite(path: path, reason: SystemReason.describe(code)) }
      let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
      var f = stat()
      guard stat(folder, &f) == 0 else {
        throw IOError.cannotWrite(path: path, reason: "folder '\(folder)' does not exist")
      }
      guard f.st_mode & S_IFMT == S_IFDIR else {
        throw IOError.cannotWrite(path: path, reason: "'\(folder)' is not a folder")
      }
      return .newFile
    }
    switch info.st_mode & S_IFMT {
    case S_IFREG: return .regularFile
    case S_IFCHR: return .device
    case S_IFIFO: return .fifo
    case S_IFLNK:
      let target = SystemReason.linkTarget(path) ?? "?"
      throw IOError.cannotWrite(
        path: path,
        reason:
          "is a symbolic link to '\(target)'; Meterbook never replaces a link: write to '\(target)' itself, or remove the link"
      )
    case S_IFDIR:
      throw IOError.cannotWrite(path: path, reason: "is a directory; expected a file path such as '\(path)/out.csv'")
    default:
      throw IOError.cannotWrite(
        path: path,
        reason: "is \(SystemReason.kind(info.st_mode)); Meterbook writes only regular files, devices and FIFOs")
    }
  }

  /// Whether a manifest belongs beside this output (only beside regular files).
  public var takesManifest: Bool { self == .newFile || self == .regularFile }

  public var description: String {
    switch self {
    case .standardOutput: "standard output"
    case .newFile, .regularFile: "a regular file"
    case .device: "a character device"
    case .fifo: "a FIFO"
    }
  }
}

/// A file written atomically: bytes go to a temporary file beside the destination, and
/// `commit()` renames it into place, so a reader never sees half a file and a failed or
/// cancelled write never destroys the previous version.
///
/// Destinations that are not regular files are never renamed over: standard output, a
/// character device or a FIFO is written through (there is no previous version to protect,
/// and replacing `/dev/null` with a file would break the system); a symbolic link, a directory
/// or anything else is refused (see `OutputKind`).
///
/// The temporary is `.NAME.PID.N.tmp`, created exclusively, registered with
/// `TemporaryFiles` so a signal handler can remove it, and removed on every error path. A
/// process killed with SIGKILL cannot clean up; the next write to the same destination
/// removes temporaries whose process is gone.
public final class AtomicFile: ByteSink {
  public let destination: URL
  public let kind: OutputKind
  private let temporary: URL?
  private var descriptor: Int32
  private var slot: Int?
  private var state = State.writing
  private enum State { case writing, finished, committed, discarded }
  private let isCancelled: () -> Bool
  private static let sequence = Atomic<Int>(0)

  /// Opens a temporary file next to `destination` (or the destination itself when it is
  /// written through).
  /// - Throws: `IOError.cannotWrite` when the folder is missing or not writable, or the
  ///   destination is refused.
  public convenience init(_ destination: URL, isCancelled: @escaping () -> Bool = { false }) throws(IOError) {
    try self.init(path: destination.path, isCancelled: isCancelled)
  }

  /// Opens `path`, where `-` and `/dev/stdout` mean standard output.
  public init(path: String, isCancelled: @escaping () -> Bool = { false }) throws(IOError) {
    self.destination = URL(fileURLWithPath: path)
    self.isCancelled = isCancelled
    kind = try OutputKind.classify(path)
    switch kind {
    case .standardOutput:
      temporary = nil
      descriptor = STDOUT_FILENO
    case .device, .fifo:
      temporary = nil
      descriptor = try Self.openThrough(path, fifo: kind == .fifo, isCancelled: isCancelled)
    case .newFile, .regularFile:
      let folder = destination.deletingLastPathComponent()
      let name = destination.lastPathComponent
      Self.removeStaleTemporaries(of: name, in: folder)
      let n = Self.sequence.wrappingAdd(1, ordering: .relaxed).newValue
      let temp = folder.appendingPathComponent(".\(name).\(getpid()).\(n).tmp")
      temporary = temp
      var existing = stat()
      let mode: mode_t = kind == .regularFile && stat(path, &existing) == 0 ? existing.st_mode & 0o777 : 0o666
      descriptor = open(temp.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
      guard descriptor >= 0 else {
        throw IOError.cannotWrite(
          path: path, reason: SystemReason.describe(errno) + " (creating a temporary file in '\(folder.path)')")
      }
      slot = TemporaryFiles.register(temp.path)
      // Keep the mode of the file being replaced, beyond what the umask allowed.
      if kind == .regularFile { _ = fchmod(descriptor, mode) }
    }
  }

  deinit { discard() }

  /// Opens a device or FIFO for writing through.
  ///
  /// A FIFO is opened non-blocking, which fails
  /// with ENXIO while no program reads it: that is retried every 100 ms for 10 s.
  private static func openThrough(_ path: String, fifo: Bool, isCancelled: () -> Bool) throws(IOError) -> Int32 {
    let deadline = Date().addingTimeInterval(InputFile.defaultWriterWait)
    while true {
      let fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC | O_NOFOLLOW | (fifo ? O_NONBLOCK : 0))
      if fd >= 0 {
        var info = stat()
        let type = fstat(fd, &info) == 0 ? info.st_mode & S_IFMT : 0
        guard type == S_IFCHR || type == S_IFIFO else {
          close(fd)
          throw IOError.cannotWrite(path: path, reason: "changed while opening; expected a device or FIFO")
        }
        return fd
      }
      let code = errno
      guard fifo && code == ENXIO else { throw IOError.cannotWrite(path: path, reason: SystemReason.describe(code)) }
      if isCancelled() { throw IOError.cancelled }
      if Date() >= deadline {
        throw IOError.cannotWrite(
          path: path,
          reason:
            "no reader connected to the FIFO within \(Int(InputFile.defaultWriterWait)) s; start the reading program first"
        )
      }
      usleep(100_000)
    }
  }

  /// Removes `.NAME.PID.N.tmp` files beside the destination whose process no longer exists
  /// (left by a SIGKILL or a power cut).
  static func removeStaleTemporaries(of name: String, in folder: URL) {
    let prefix = ".\(name)."
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
    for entry in entries where entry.hasPrefix(prefix) && entry.hasSuffix(".tmp") {
      let middle = entry.dropFirst(prefix.count).dropLast(4).split(separator: ".")
      guard middle.count == 2, let pid = Int32(middle[0]), Int(middle[1]) != nil, pid != getpid() else { continue }
      if kill(pid, 0) != 0 && errno == ESRCH { unlink(folder.appendingPathComponent(entry).path) }
    }
  }

  public func write(_ bytes: UnsafeRawBufferPointer) throws(IOError) {
    guard state == .writing else {
      throw IOError.cannotWrite(path: destination.path, reason: "written after it was finished")
    }
    do {
      try writeAll(bytes, to: descriptor, path: destination.path, isCancelled: isCancelled)
    } catch {
      discard()
      throw error
    }
  }

  /// Flushes the temporary to disk and closes it; errors that only show at `fsync` or
  /// `close` (a full disk on some file systems) are reported here, and the temporary removed.
  public func finish() throws(IOError) {
    guard state == .writing else { return }
    guard temporary != nil else {
      state = .finished
      return
    }
    let failed = fsync(descriptor) != 0 ? errno : (close(descriptor) != 0 ? errno : 0)
    if failed != 0 {
      discard()
      throw IOError.cannotWrite(path: destination.path, reason: SystemReason.describe(failed))
    }
    descriptor = -1
    state = .finished
  }

  /// Renames the finished temporary over the destination, after checking the destination is
  /// still a regular file or absent (it may have changed since the file was opened).
  public func publish() throws(IOError) {
    if state == .writing { try finish() }
    guard state == .finished else { return }
    guard let temporary else {
      closeThrough()
      state = .committed
      return
    }
    var info = stat()
    if lstat(destination.path, &info) == 0 && info.st_mode & S_IFMT != S_IFREG {
      discard()
      throw IOError.cannotWrite(
        path: destination.path, reason: "became \(SystemReason.kind(info.st_mode)) while writing; not replaced")
    }
    guard rename(temporary.path, destination.path) == 0 else {
      let reason = SystemReason.describe(errno)
      discard()
      throw IOError.cannotWrite(path: destination.path, reason: reason)
    }
    TemporaryFiles.unregister(slot)
    slot = nil
    state = .committed
    // Make the rename itself durable.
    let folder = open(destination.deletingLastPathComponent().path, O_RDONLY | O_CLOEXEC)
    if folder >= 0 {
      fsync(folder)
      close(folder)
    }
  }

  /// Flushes to disk and renames the temporary file over the destination.
  public func commit() throws(IOError) {
    try finish()
    try publish()
  }

  /// Abandons the write: closes and removes the temporary (the destination is untouched).
  public func discard() {
    switch state {
    case .committed, .discarded: return
    case .writing, .finished: break
    }
    if let temporary {
      if descriptor >= 0 { close(descriptor) }
      unlink(temporary.path)
      TemporaryFiles.unregister(slot)
      slot = nil
    } else {
      closeThrough()
    }
    descriptor = -1
    state = .discarded
  }

  private func closeThrough() {
    if descriptor > STDERR_FILENO { close(descriptor) }
    descriptor = -1
  }

  /// Writes `text` to `url` atomically; with `replacing: false`, fails when `url` exists.
  public static func write(_ text: String, to url: URL, replacing: Bool = true) throws(IOError) {
    let file = try AtomicFile(url)
    try file.write(Array(text.utf8))
    if replacing { try file.commit() } else { try file.commitNew() }
  }

  /// Flushes to disk and links the temporary file in as the destination only if no file of
  /// that name exists: the check and the creation are one step (`link` fails with EEXIST), so
  /// a file that appears meanwhile is never replaced.
  public func commitNew() throws(IOError) {
    try finish()
    guard let temporary, state == .finished else {
      discard()
      throw IOError.cannotWrite(path: destination.path, reason: "is not a regular file; expected a new file name")
    }
    guard link(temporary.path, destination.path) == 0 else {
      let code = errno
      discard()
      throw IOError.cannotWrite(
        path: destination.path,
        reason: code == EEXIST
          ? "exists; Meterbook never replaces a file you did not ask to replace: choose another name"
          : SystemReason.describe(code))
    }
    unlink(temporary.path)
    TemporaryFiles.unregister(slot)
    slot = nil
    state = .committed
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

/// Passes bytes on, but first checks `isCancelled`: writers flush every megabyte, so any
/// writer behind it stops within a megabyte of Ctrl-C, without polling code of its own.
public final class CancellableSink: ByteSink {
  let base: ByteSink
  let isCancelled: () -> Bool
  public private(set) var bytesWritten = 0
  public init(_ base: ByteSink, isCancelled: @escaping () -> Bool) {
    self.base = base
    self.isCancelled = isCancelled
  }
  public func write(_ bytes: UnsafeRawBufferPointer) throws(IOError) {
    if isCancelled() { throw IOError.cancelled }
    // Large buffers go in 4 MB slices so a slow device still sees the cancellation.
    var offset = 0
    repeat {
      let end = min(bytes.count, offset + (4 << 20))
      try base.write(UnsafeRawBufferPointer(rebasing: bytes[offset..<end]))
      bytesWritten += end - offset
      offset = end
      if offset < bytes.count && isCancelled() { throw IOError.cancelled }
    } while offset < bytes.count
  }
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

/// Writes every byte to a descriptor, retrying short and interrupted writes and waiting (in
/// 100 ms polls) on a non-blocking pipe that is full.
func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32, path: String, isCancelled: () -> Bool = { false })
  throws(IOError)
{
  guard let base = bytes.baseAddress else { return }
  var offset = 0
  while offset < bytes.count {
    let n = Foundation.write(descriptor, base + offset, bytes.count - offset)
    if n < 0 {
      switch errno {
      case EINTR: continue
      case EAGAIN, EWOULDBLOCK:
        var p = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
        _ = poll(&p, 1, 100)
        if isCancelled() { throw IOError.cancelled }
        continue
      default:
        throw IOError.cannotWrite(path: path, reason: SystemReason.describe(errno))
      }
    }
    offset += n
  }
}

/// Problems reading or writing files.
public enum IOError: Error, Equatable, CustomStringConvertible {
  case cannotWrite(path: String, reason: String)
  case cannotRead(path: String, reason: String)
  /// The caller's `isCancelled` said stop (Ctrl-C); nothing was replaced.
  case cancelled
  /// The data cannot be represented in the output format (an OTLP time after 2262).
  case cannotEncode(reason: String)

  public var description: String {
    switch self {
    case .cannotWrite(let path, let reason): "cannot write '\(path)': \(reason)"
    case .cannotRead(let path, let reason): "cannot read '\(path)': \(reason)"
    case .cancelled: "cancelled"
    case .cannotEncode(let reason): "cannot encode: \(reason)"
    }
  }
}
