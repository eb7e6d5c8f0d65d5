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

/// Everything the program asks of the terminal and the OS, in one place.
#if canImport(Glibc)
  private let rusageSelf = __rusage_who_t(RUSAGE_SELF.rawValue)
#endif

enum Terminal {
  static var stdinIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }
  static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
  static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

  /// Colors only on a terminal, never with `NO_COLOR` or `TERM=dumb`.
  static var colorEnabled: Bool {
    let env = ProcessInfo.processInfo.environment
    return stdoutIsTerminal && env["NO_COLOR"] == nil && env["TERM"] != "dumb"
  }

  /// Columns of the terminal, `$COLUMNS`, or 100 when neither is known.
  static var width: Int {
    var size = winsize()
    if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
    if let c = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), c > 0 { return c }
    return 100
  }

  /// Writes to standard error.
  static func error(_ text: String) {
    FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
  }

  /// Peak resident memory of this process, in bytes.
  static var peakResidentBytes: Int {
    var usage = rusage()
    #if canImport(Glibc)
      getrusage(rusageSelf, &usage)
    #else
      getrusage(RUSAGE_SELF, &usage)
    #endif
    #if canImport(Darwin)
      return Int(usage.ru_maxrss)
    #else
      return Int(usage.ru_maxrss) * 1024
    #endif
  }

  /// Current resident memory, in bytes (Linux `/proc/self/statm`; 0 elsewhere).
  static var residentBytes: Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
  }
}

/// A one-line progress bar on standard error, drawn only when stderr is a terminal and the
/// work has already taken more than a second (never in pipes or CI logs).
final class ProgressBar {
  private let label: String
  private let start = Date()
  private var drawn = false
  private let enabled = Terminal.stderrIsTerminal

  init(_ label: String) { self.label = label }

  func update(_ fraction: Double) {
    guard enabled, Date().timeIntervalSince(start) > 1 else { return }
    let width = 30
    let filled = Int((fraction * Double(width)).rounded())
    let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
    FileHandle.standardError.write(Data("\r\(label) \(bar) \(Int(fraction * 100))%".utf8))
    drawn = true
  }

  func finish() {
    if drawn { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
  }
}

/// A progress bar drawn by its own thread from a fraction it samples every 100 ms, for work
/// that cannot call back (an import split across cores reports only a shared byte count).
///
/// Nothing is drawn unless stderr is a terminal and the work lasts over a second.
final class ProgressTicker: Sendable {
  private let stopped = Atomic<Bool>(false)
  private let done = DispatchSemaphore(value: 0)

  init(_ label: String, fraction: @escaping @Sendable () -> Double?) {
    guard Terminal.stderrIsTerminal else {
      done.signal()
      return
    }
    Thread.detachNewThread { [self] in
      let bar = ProgressBar(label)
      while !stopped.load(ordering: .relaxed) {
        if let f = fraction() { bar.update(min(1, max(0, f))) }
        usleep(100_000)
      }
      bar.finish()
      done.signal()
    }
  }

  /// Stops and erases the bar (waits for the drawing thread, so later output is clean).
  func finish() {
    guard !stopped.exchange(true, ordering: .relaxed) else { return }
    done.wait()
  }

  /// Import progress: bytes the CSV reader consumed since now, over the file's size.
  static func importing(_ path: String) -> ProgressTicker {
    let start = CSVReader.bytesRead.load(ordering: .relaxed)
    let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    return ProgressTicker("importing") {
      guard size > 0 else { return nil }
      return Double(CSVReader.bytesRead.load(ordering: .relaxed) - start) / Double(size)
    }
  }
}
