import Foundation
import MeterbookCore
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Signals, handled so that no signal leaves a half-written temporary file behind.
///
/// - Ctrl-C (SIGINT) inside `polling { }` — work that checks `requested` every few
///   milliseconds — only sets a flag: the work stops, removes its temporaries, and the
///   command exits 130. Outside such work (an import, a render) and when `install` was asked
///   to, Ctrl-C exits at once. A second Ctrl-C while the first is pending always exits.
/// - SIGTERM and SIGHUP exit 143 and 129.
/// Every exit goes through `TemporaryFiles.exit`, which unlinks the live temporaries (an
/// async-signal-safe walk over preallocated C strings) and waits for an export that is
/// between its two renames.
/// - SIGXFSZ is ignored, so a write over `ulimit -f` fails with EFBIG (reported, temporary
///   removed) instead of killing the process with a core dump.
enum Interrupt {
  private static let flag = Atomic<Bool>(false)
  private static let polled = Atomic<Int>(0)
  private static let exitUnlessPolled = Atomic<Bool>(false)

  /// Whether Ctrl-C was pressed since the last `reset()`.
  static var requested: Bool { flag.load(ordering: .relaxed) }
  static func reset() { flag.store(false, ordering: .relaxed) }

  /// Installs the handlers without SA_RESTART, so a blocking read returns on Ctrl-C.
  ///
  /// `exitUnlessPolled`: Ctrl-C outside `polling { }` exits at once (subcommands); without
  /// it, the first Ctrl-C only sets the flag (the REPL polls it at its prompt).
  static func install(exitUnlessPolled: Bool = false) {
    TemporaryFiles.prepare()
    _ = flag.load(ordering: .relaxed)
    _ = polled.load(ordering: .relaxed)
    Self.exitUnlessPolled.store(exitUnlessPolled, ordering: .relaxed)
    signal(SIGXFSZ, SIG_IGN)
    handle(SIGINT) { _ in
      if Interrupt.exitUnlessPolled.load(ordering: .relaxed) && Interrupt.polled.load(ordering: .relaxed) == 0 {
        Interrupt.say("\ncancelled\n")
        TemporaryFiles.exit(130)
        return
      }
      if Interrupt.flag.exchange(true, ordering: .relaxed) {
        Interrupt.say("\ncancelled\n")
        TemporaryFiles.exit(130)
      }
    }
    handle(SIGTERM) { _ in TemporaryFiles.exit(143) }
    handle(SIGHUP) { _ in TemporaryFiles.exit(129) }
    // A parent may have started us with these blocked (the mask is inherited across exec).
    var set = sigset_t()
    sigemptyset(&set)
    for s in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&set, s) }
    pthread_sigmask(SIG_UNBLOCK, &set, nil)
  }

  /// Runs `body`, which polls `requested`, with Ctrl-C as a flag rather than an exit.
  static func polling<T>(_ body: () throws -> T) rethrows -> T {
    polled.add(1, ordering: .relaxed)
    defer { polled.subtract(1, ordering: .relaxed) }
    return try body()
  }

  /// Writes a fixed message to stderr (async-signal-safe: no allocation).
  private static func say(_ message: StaticString) {
    _ = write(STDERR_FILENO, message.utf8Start, message.utf8CodeUnitCount)
  }

  private static func handle(_ signal: Int32, _ handler: @convention(c) (Int32) -> Void) {
    var action = sigaction()
    #if canImport(Darwin)
      action.__sigaction_u.__sa_handler = handler
    #else
      action.__sigaction_handler.sa_handler = handler
    #endif
    sigemptyset(&action.sa_mask)
    action.sa_flags = 0
    sigaction(signal, &action, nil)
  }
}
