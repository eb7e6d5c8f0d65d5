import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// `errno` in words a user can act on: what is wrong, not just its C name.
enum SystemReason {
  static func describe(_ code: Int32) -> String {
    switch code {
    case ENOENT: "no such file or folder"
    case EISDIR: "is a directory; expected a file"
    case EACCES, EPERM: "permission denied"
    case ELOOP: "too many levels of symbolic links (a symbolic link loop)"
    case ENOTDIR: "a part of the path is not a folder"
    case ENAMETOOLONG: "the path is too long"
    case ENOSPC: "no space left on the device (the disk is full)"
    case EDQUOT: "the disk quota is exceeded"
    case EFBIG: "the file would exceed this process's file size limit (ulimit -f)"
    case EROFS: "the file system is read-only"
    case EIO: "input/output error (the device failed)"
    case ENXIO: "no such device (nothing is reading the FIFO)"
    default: String(cString: strerror(code))
    }
  }

  /// What kind of file `mode` is, in words.
  static func kind(_ mode: mode_t) -> String {
    switch mode & S_IFMT {
    case S_IFDIR: "a directory"
    case S_IFLNK: "a symbolic link"
    case S_IFIFO: "a FIFO (named pipe)"
    case S_IFCHR: "a character device"
    case S_IFBLK: "a block device"
    case S_IFSOCK: "a socket"
    default: "a regular file"
    }
  }

  /// The target a symbolic link names, or nil.
  static func linkTarget(_ path: String) -> String? {
    var buffer = [CChar](repeating: 0, count: 4097)
    let n = readlink(path, &buffer, 4096)
    guard n >= 0 else { return nil }
    return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}

/// A file opened for reading, or an `IOError` that names the real cause: missing, a
/// directory, permission denied, a symbolic link loop, a link to nothing.
///
/// FIFOs and pipes (`<(cat x.csv)` is `/dev/fd/63`) are read too, but never by blocking: the
/// descriptor is non-blocking and every wait is a `poll` of at most 100 ms that checks
/// `isCancelled`, so Ctrl-C works while waiting, and a FIFO that no program writes to gives
/// up after `writerWait` seconds instead of hanging forever.
public final class InputFile {
  public enum Kind: Sendable, Equatable { case regular, fifo, device }

  /// How long to wait for a writer to connect to a FIFO, in seconds.
  public static let defaultWriterWait: Double = 10

  public let path: String
  public let kind: Kind
  /// The size of a regular file (nil for pipes and devices).
  public let size: UInt64?
  private var descriptor: Int32
  /// A byte read while probing a FIFO for a writer, handed out first.
  private var pending: [UInt8] = []
  private let isCancelled: () -> Bool

  /// Opens `url` for reading.
  ///
  /// `displayPath` is the path errors show.
  public init(
    _ url: URL, displayPath: String? = nil, writerWait: Double = InputFile.defaultWriterWait,
    isCancelled: @escaping () -> Bool = { false }
  ) throws(IOError) {
    let shown = displayPath ?? url.path
    path = shown
    self.isCancelled = isCancelled
    let fd = open(url.path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
    guard fd >= 0 else {
      let code = errno
      var link = stat()
      if code == ENOENT, lstat(url.path, &link) == 0, link.st_mode & S_IFMT == S_IFLNK {
        let target = SystemReason.linkTarget(url.path) ?? "?"
        throw IOError.cannotRead(path: shown, reason: "is a symbolic link to '\(target)', which does not exist")
      }
      throw IOError.cannotRead(path: shown, reason: SystemReason.describe(code))
    }
    var info = stat()
    guard fstat(fd, &info) == 0 else {
      let code = errno
      close(fd)
      throw IOError.cannotRead(path: shown, reason: SystemReason.describe(code))
    }
    descriptor = fd
    switch info.st_mode & S_IFMT {
    case S_IFREG:
      kind = .regular
      size = UInt64(max(0, info.st_size))
      // Regular files never block; plain reads are simplest.
      _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
    case S_IFIFO, S_IFSOCK:
      kind = .fifo
      size = nil
      try waitForWriter(seconds: writerWait)
    case S_IFCHR:
      kind = .device
      size = nil
    default:
      close(fd)
      descriptor = -1
      throw IOError.cannotRead(path: shown, reason: "is \(SystemReason.kind(info.st_mode)); expected a file")
    }
  }

  deinit { if descriptor >= 0 { close(descriptor) } }

  /// Waits until a FIFO has a writer: a read of one byte says "data" (kept), `EAGAIN` says
  /// "a writer is connected, no data yet", 0 says "no writer" (then poll and try again).
  private func waitForWriter(seconds: Double) throws(IOError) {
    let deadline = Date().addingTimeInterval(seconds)
    var byte: UInt8 = 0
    while true {
      let n = Foundation.read(descriptor, &byte, 1)
      if n == 1 {
        pending = [byte]
        return
      }
      if n < 0 {
        if errno == EAGAIN || errno == EWOULDBLOCK { return }
        if errno != EINTR { throw IOError.cannotRead(path: path, reason: SystemReason.describe(errno)) }
      }
      var p = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
      // POLLHUP: a writer connected and already left (the input is empty or buffered).
      if poll(&p, 1, 100) > 0, p.revents & Int16(POLLHUP) != 0, p.revents & Int16(POLLIN) == 0 { return }
      if isCancelled() { throw IOError.cancelled }
      if Date() >= deadline {
        throw IOError.cannotRead(
          path: path,
          reason:
            "no writer connected to the FIFO within \(Int(seconds)) s; start the program that writes to it first, or pass a regular file"
        )
      }
    }
  }

  /// Moves the read position (regular files only).
  public func seek(to offset: UInt64) throws(IOError) {
    guard lseek(descriptor, off_t(offset), SEEK_SET) >= 0 else {
      throw IOError.cannotRead(path: path, reason: SystemReason.describe(errno))
    }
  }

  /// Reads up to `count` bytes into `buffer`; returns 0 only at the end.
  ///
  /// Waits for a slow
  /// pipe in 100 ms polls that check `isCancelled`.
  public func read(into buffer: UnsafeMutableRawBufferPointer) throws(IOError) -> Int {
    guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
    if !pending.isEmpty {
      let n = min(pending.count, buffer.count)
      for k in 0..<n { buffer[k] = pending[k] }
      pending.removeFirst(n)
      return n
    }
    while true {
      let n = Foundation.read(descriptor, base, buffer.count)
      if n >= 0 { return n }
      switch errno {
      case EINTR:
        if isCancelled() { throw IOError.cancelled }
      case EAGAIN, EWOULDBLOCK:
        var p = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        _ = poll(&p, 1, 100)
        if isCancelled() { throw IOError.cancelled }
      default:
        throw IOError.cannotRead(path: path, reason: SystemReason.describe(errno))
      }
    }
  }

  /// Reads until `count` bytes or the end; fewer bytes mean the end was reached.
  public func read(upTo count: Int) throws(IOError) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: count)
    var filled = 0
    while filled < count {
      let result = out.withUnsafeMutableBytes { b in
        Result { () throws(IOError) -> Int in try read(into: UnsafeMutableRawBufferPointer(rebasing: b[filled...])) }
      }
      let n = try result.get()
      if n == 0 { break }
      filled += n
    }
    out.removeLast(count - filled)
    return out
  }

  /// A whole (small) file as UTF-8 text, with the real cause when it cannot be read:
  /// larger than `maximumBytes`, missing, a directory, not UTF-8 (with the offset of the first
  /// bad byte).
  public static func text(
    _ url: URL, displayPath: String? = nil, maximumBytes: Int, isCancelled: @escaping () -> Bool = { false }
  ) throws(IOError) -> String {
    let file = try InputFile(url, displayPath: displayPath, isCancelled: isCancelled)
    if let size = file.size, size > UInt64(maximumBytes) {
      throw IOError.cannotRead(
        path: file.path, reason: "is \(size / 1_048_576) MB; expected at most \(maximumBytes / 1_048_576) MB")
    }
    let bytes = try file.read(upTo: maximumBytes + 1)
    guard bytes.count <= maximumBytes else {
      throw IOError.cannotRead(path: file.path, reason: "is larger than \(maximumBytes / 1_048_576) MB")
    }
    guard let text = String(validating: bytes, as: UTF8.self) else {
      let offset = firstInvalidUTF8(bytes)
      throw IOError.cannotRead(
        path: file.path, reason: "is not valid UTF-8 text (first bad byte at offset \(offset)); expected text")
    }
    return text
  }

  /// The offset of the first byte that breaks UTF-8.
  static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int {
    var decoder = UTF8()
    var iterator = bytes.makeIterator()
    var offset = 0
    while true {
      switch decoder.decode(&iterator) {
      case .scalarValue(let s): offset += UTF8.width(s)
      case .emptyInput: return offset
      case .error: return offset
      }
    }
  }
}
