import Crypto
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// An advisory `flock(2)` on a folder.
///
/// Exports take it exclusively for the two renames that
/// publish a file and its manifest, and `verify` takes it shared while it opens the pair, so
/// two processes exporting to the same path publish one after the other (the last one wins,
/// whole) and a verify never sees one export's file with another's manifest. Locking the
/// folder itself leaves no lock file behind.
final class FolderLock {
  private var descriptor: Int32

  /// Waits for the lock in 5 ms steps (the holder only renames two files), checking
  /// `isCancelled`.
  init(_ folder: URL, exclusive: Bool, isCancelled: () -> Bool = { false }) throws(IOError) {
    descriptor = open(folder.path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw IOError.cannotWrite(path: folder.path, reason: SystemReason.describe(errno)) }
    while flock(descriptor, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) != 0 {
      let code = errno
      guard code == EWOULDBLOCK || code == EINTR else {
        close(descriptor)
        descriptor = -1
        // A file system without locks: go on unlocked rather than refuse to export.
        return
      }
      if isCancelled() {
        close(descriptor)
        descriptor = -1
        throw IOError.cancelled
      }
      usleep(5_000)
    }
  }

  func release() {
    if descriptor >= 0 { close(descriptor) }
    descriptor = -1
  }

  deinit { release() }
}

/// Drops bytes (for hashing without keeping them).
final class DiscardSink: ByteSink {
  func write(_ bytes: UnsafeRawBufferPointer) throws(IOError) {}
}

/// Passes bytes on while computing their SHA-256 and count, so an export is hashed as it is
/// written instead of held in memory or read back.
public final class HashingSink: ByteSink {
  let base: ByteSink
  private var hasher = SHA256()
  public private(set) var count = 0
  public init(_ base: ByteSink) { self.base = base }
  public func write(_ bytes: UnsafeRawBufferPointer) throws(IOError) {
    try base.write(bytes)
    hasher.update(bufferPointer: bytes)
    count += bytes.count
  }
  /// The digest of everything written, as lowercase hex.
  public var hex: String { hasher.finalize().map { String(format: "%02x", $0) }.joined() }
}

extension RunManifest {
  /// What an export wrote.
  public struct Outcome: Sendable {
    public var manifest: RunManifest
    public var kind: OutputKind
    /// Where the manifest went, or nil when none was written (then `note` says why).
    public var manifestURL: URL?
    public var note: String?
    public var bytes: Int
  }

  /// Streams an export to `path` and publishes it together with its manifest.
  ///
  /// The pair protocol: the data goes to a temporary file (hashed while written), the
  /// manifest (with that hash) to a second temporary, both are flushed, then — holding an
  /// exclusive `FolderLock` and with exit signals deferred — the manifest is renamed into
  /// place and then the data. So at every instant the destination holds the old pair, the new
  /// pair, or (only after SIGKILL or a power cut between the two renames) the new manifest
  /// beside the old data, which `verify` reports as a mismatched pair. A cancelled or failed
  /// write leaves the old pair and no temporary.
  ///
  /// Only regular files get a manifest: `-`, `/dev/stdout`, a device or a FIFO is written
  /// through and `Outcome.note` says the manifest was skipped. `rows` is read after `body`
  /// ran, so a streamed export counts its rows as it writes them.
  public static func export(
    to path: String, recipe: Recipe, catalog: ModelCatalog?, inputs: [Input], rows: @autoclosure () -> Int,
    isCancelled: @escaping @Sendable () -> Bool = { false },
    write body: (ByteSink) throws -> Void
  ) throws -> Outcome {
    let url = URL(fileURLWithPath: path)
    let kind = try OutputKind.classify(path)
    let manifestURL = Self.url(for: url)
    if kind.takesManifest {
      // Refuse a manifest path that is a link or a directory before writing anything.
      let manifestKind = try OutputKind.classify(manifestURL.path)
      guard manifestKind.takesManifest else {
        throw IOError.cannotWrite(
          path: manifestURL.path, reason: "is \(manifestKind); the manifest must be a regular file")
      }
    }
    let data = try AtomicFile(path: path, isCancelled: isCancelled)
    let hashing = HashingSink(data)
    do {
      try body(CancellableSink(hashing, isCancelled: isCancelled))
      if isCancelled() { throw IOError.cancelled }
      try data.finish()
    } catch {
      data.discard()
      throw error
    }
    let manifest = RunManifest(
      recipe: recipe, catalog: catalog, inputs: inputs, rows: rows(),
      outputs: [Output(path: url.lastPathComponent, sha256: hashing.hex, bytes: hashing.count)])
    guard kind.takesManifest else {
      try data.publish()
      return Outcome(
        manifest: manifest, kind: kind, manifestURL: nil,
        note: "no manifest: \(path) is \(kind), not a regular file", bytes: hashing.count)
    }
    let manifestFile = try AtomicFile(manifestURL, isCancelled: isCancelled)
    try manifestFile.write(Array(manifest.json.utf8))
    try manifestFile.finish()
    if isCancelled() { throw IOError.cancelled }
    let lock = try FolderLock(url.deletingLastPathComponent(), exclusive: true, isCancelled: isCancelled)
    TemporaryFiles.beginCommit()
    defer {
      TemporaryFiles.endCommit()
      lock.release()
    }
    try manifestFile.publish()
    do {
      try data.publish()
    } catch {
      // The data could not replace the old file: withdraw the manifest that describes it, so
      // the folder holds data without a manifest (reported as such) rather than a mismatch.
      unlink(manifestURL.path)
      throw error
    }
    return Outcome(manifest: manifest, kind: kind, manifestURL: manifestURL, note: nil, bytes: hashing.count)
  }
}
