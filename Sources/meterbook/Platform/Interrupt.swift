import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Ctrl-C as a flag that long work polls, instead of killing the process.
enum Interrupt {
  private static let flag = Atomic<Bool>(false)

  /// Whether Ctrl-C was pressed since the last `reset()`.
  static var requested: Bool { flag.load(ordering: .relaxed) }
  static func reset() { flag.store(false, ordering: .relaxed) }

  /// Installs a SIGINT handler without SA_RESTART, so a blocking read returns on Ctrl-C.
  static func install() {
    var action = sigaction()
    #if canImport(Darwin)
      action.__sigaction_u.__sa_handler = { _ in Interrupt.flag.store(true, ordering: .relaxed) }
    #else
      action.__sigaction_handler.sa_handler = { _ in Interrupt.flag.store(true, ordering: .relaxed) }
    #endif
    sigemptyset(&action.sa_mask)
    action.sa_flags = 0
    sigaction(SIGINT, &action, nil)
    // A parent may have started us with SIGINT blocked (the mask is inherited across exec).
    var set = sigset_t()
    sigemptyset(&set)
    sigaddset(&set, SIGINT)
    pthread_sigmask(SIG_UNBLOCK, &set, nil)
  }
}
