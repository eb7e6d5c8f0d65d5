import ArgumentParser
import MeterbookCore

/// How a command fails: the message goes to stderr, the exit code says why.
enum Failure {
  /// Prints located diagnostics and exits 1.
  static func report<T>(_ body: () throws(DiagnosticsError) -> T) throws -> T {
    do {
      return try body()
    } catch {
      Terminal.error(error.description)
      throw ExitCode(1)
    }
  }

  static var cancelled: ExitCode {
    Terminal.error("cancelled")
    return ExitCode(130)
  }

  static func message(_ text: String) -> ExitCode {
    Terminal.error("error: \(text)")
    return ExitCode(1)
  }
}
