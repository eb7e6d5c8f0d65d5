import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The temporary files this process is writing, kept where a signal handler can reach them.
///
/// A handler for SIGTERM, SIGHUP or a second Ctrl-C may not allocate, lock or touch Swift
/// strings, yet it must remove half-written temporaries before `_exit`, or every interrupted
/// export leaves a `.FILE.PID.N.tmp` behind. So each live temporary's path is copied, as a
/// NUL-terminated C string, into one of 64 preallocated slots, and a 64-bit atomic mask says
/// which slots are live; `removeAll()` only loads that mask and calls `unlink(2)`, both
/// async-signal-safe.
///
/// The two renames that publish an export and its manifest are bracketed by
/// `beginCommit()`/`endCommit()`: a signal that asks to exit meanwhile is deferred until both
/// renames are done, so only SIGKILL (or a power cut) can split the pair.
public enum TemporaryFiles {
  static let slotCount = 64
  static let slotBytes = 4096

  /// Slot storage, allocated once and never freed.
  nonisolated(unsafe) static let paths: UnsafeMutablePointer<CChar> = {
    let p = UnsafeMutablePointer<CChar>.allocate(capacity: slotCount * slotBytes)
    p.initialize(repeating: 0, count: slotCount * slotBytes)
    return p
  }()
  static let live = Atomic<UInt64>(0)
  /// Serializes choosing a free slot (the handler never takes it).
  static let allocation = Mutex<Int>(0)
  static let committing = Atomic<Int>(0)
  static let pendingExit = Atomic<Int32>(0)

  /// Forces the lazily initialized storage into existence.
  ///
  /// Call it before installing a
  /// signal handler that uses `exit(_:)`, so the handler never runs an initializer.
  public static func prepare() {
    _ = paths
    _ = live.load(ordering: .relaxed)
    _ = committing.load(ordering: .relaxed)
    _ = pendingExit.load(ordering: .relaxed)
  }

  /// Paths currently registered (for tests and diagnostics).
  public static var registered: [String] {
    let mask = live.load(ordering: .acquiring)
    return (0..<slotCount).filter { mask & (1 << UInt64($0)) != 0 }.map { String(cString: paths + $0 * slotBytes) }
  }

  /// Records `path` as live; returns its slot, or nil when all 64 slots are taken or the path
  /// is longer than a slot (the file is then still removed on errors, just not by a handler).
  static func register(_ path: String) -> Int? {
    prepare()
    let bytes = path.utf8CString
    guard bytes.count <= slotBytes else { return nil }
    return allocation.withLock { _ -> Int? in
      let used = live.load(ordering: .acquiring)
      guard used != UInt64.max else { return nil }
      let slot = (~used).trailingZeroBitCount
      bytes.withUnsafeBufferPointer { b in
        if let base = b.baseAddress { (paths + slot * slotBytes).update(from: base, count: b.count) }
      }
      live.bitwiseOr(1 << UInt64(slot), ordering: .releasing)
      return slot
    }
  }

  /// Forgets a slot (after its file was renamed into place or removed).
  static func unregister(_ slot: Int?) {
    guard let slot else { return }
    live.bitwiseAnd(~(1 << UInt64(slot)), ordering: .releasing)
  }

  /// Unlinks every live temporary.
  ///
  /// Async-signal-safe.
  public static func removeAll() { remove(slots: live.load(ordering: .acquiring)) }

  /// Unlinks the live temporaries whose slots are set in `mask`; async-signal-safe.
  static func remove(slots mask: UInt64) {
    let mask = mask & live.load(ordering: .acquiring)
    var slot = 0
    while slot < slotCount {
      if mask & (1 << UInt64(slot)) != 0 { unlink(paths + slot * slotBytes) }
      slot += 1
    }
  }

  /// The slots of live temporaries under the folder `prefix` (a test removes its own only:
  /// tests running beside it have live temporaries too).
  static func slots(under prefix: String) -> UInt64 {
    let mask = live.load(ordering: .acquiring)
    return (0..<slotCount).reduce(0) { found, slot in
      mask & (1 << UInt64(slot)) != 0 && String(cString: paths + slot * slotBytes).hasPrefix(prefix)
        ? found | 1 << UInt64(slot) : found
    }
  }

  /// Removes live temporaries and ends the process with `code`, unless an export is between
  /// its two renames: then the exit happens as soon as they are done.
  ///
  /// Async-signal-safe; for
  /// signal handlers (SIGTERM, SIGHUP, a second Ctrl-C).
  public static func exit(_ code: Int32) {
    pendingExit.store(code, ordering: .sequentiallyConsistent)
    if committing.load(ordering: .sequentiallyConsistent) > 0 { return }
    removeAll()
    _exit(code)
  }

  /// Marks the start of a publish (renames); honours an exit requested just before.
  static func beginCommit() {
    committing.add(1, ordering: .sequentiallyConsistent)
    let code = pendingExit.load(ordering: .sequentiallyConsistent)
    if code != 0 {
      removeAll()
      _exit(code)
    }
  }

  /// Marks the end of a publish; performs an exit a signal asked for meanwhile.
  static func endCommit() {
    let left = committing.subtract(1, ordering: .sequentiallyConsistent).newValue
    let code = pendingExit.load(ordering: .sequentiallyConsistent)
    if left == 0 && code != 0 {
      removeAll()
      _exit(code)
    }
  }
}
