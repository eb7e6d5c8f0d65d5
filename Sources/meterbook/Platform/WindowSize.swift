import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The terminal's width, followed across window resizes (SIGWINCH).
///
/// The signal handler only raises a flag (async-signal-safe); the width is read again with
/// `ioctl` the next time output asks for it, which under `width auto` is before each
/// command and as each report is rendered. libedit handles the same signal for the line
/// being edited and then passes it on to this handler.
enum WindowSize {
  private static let resized = Atomic<Bool>(true)
  private static let columns = Atomic<Int>(0)
  private static let installed = Atomic<Bool>(false)

  /// Installs the SIGWINCH handler (the REPL on a terminal).
  static func install() {
    _ = resized.load(ordering: .relaxed)
    var action = sigaction()
    #if canImport(Darwin)
      action.__sigaction_u.__sa_handler = { _ in WindowSize.resized.store(true, ordering: .relaxed) }
    #else
      action.__sigaction_handler.sa_handler = { _ in WindowSize.resized.store(true, ordering: .relaxed) }
    #endif
    sigemptyset(&action.sa_mask)
    action.sa_flags = SA_RESTART
    sigaction(SIGWINCH, &action, nil)
    installed.store(true, ordering: .relaxed)
  }

  /// The width now: read again after a resize (or always, without the handler).
  static var width: Int {
    guard installed.load(ordering: .relaxed) else { return Terminal.width }
    if resized.exchange(false, ordering: .relaxed) { columns.store(Terminal.width, ordering: .relaxed) }
    return columns.load(ordering: .relaxed)
  }
}
