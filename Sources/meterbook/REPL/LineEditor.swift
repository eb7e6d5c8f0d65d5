import CLibEdit
import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// The only door to libedit (readline-compatible API): prompt, history, tab completion.
///
/// libedit calls back through C function pointers, which cannot capture context. The
/// completion provider therefore lives in a global `Mutex`, set by `install` and read by the
/// callbacks; the last computed candidates sit in another so the generator (called once per
/// match index) is stateless. Everything runs on the main thread; the mutexes make that
/// sound under Swift 6's rules rather than assumed.
enum LineEditor {
  typealias Provider = @Sendable (String) -> [String]?

  private static let provider = Mutex<Provider?>(nil)
  private static let candidates = Mutex<[String]>([])

  /// Configures libedit: locale (or non-ASCII input is dropped), program name, completion.
  static func install(completions: @escaping Provider) {
    setlocale(LC_CTYPE, "")
    meterbook_set_readline_name()
    provider.withLock { $0 = completions }
    meterbook_set_completion(attemptCompletion)
  }

  /// Reads a line with editing; `nil` on Ctrl-D at an empty line (or on Ctrl-C, told apart
  /// by `Interrupt.requested`).
  static func readLine(prompt: String) -> String? {
    guard let raw = readline(prompt) else { return nil }
    defer { free(raw) }
    return String(cString: raw)
  }

  // MARK: History

  /// Loads history from `url` and bounds it to `limit` entries.
  static func loadHistory(_ url: URL, limit: Int) {
    try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    stifle_history(Int32(limit))
    _ = read_history(url.path)
  }

  /// Adds `line` unless it repeats the previous entry, and saves at once (so a SIGHUP loses nothing).
  static func remember(_ line: String, in url: URL, limit: Int) {
    let trimmed = line.trimmingCharacters(in: .whitespaces)
    guard !trimmed.isEmpty else { return }
    let count = meterbook_history_length()
    if count > 0, let last = history_get(meterbook_history_base() + count - 1), let text = last.pointee.line,
      String(cString: text) == trimmed
    {
      return
    }
    add_history(trimmed)
    _ = write_history(url.path)
    _ = history_truncate_file(url.path, Int32(limit))
  }
}

/// libedit's attempted-completion callback.
private func attemptCompletion(_ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32)
  -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
{
  let buffer = meterbook_line_buffer().map { String(cString: $0) } ?? ""
  let prefix = String(buffer.utf8.prefix(Int(end))) ?? buffer
  guard let provider = LineEditor.providerSnapshot(), let list = provider(prefix) else {
    meterbook_set_completion_over(0)
    return nil  // filename completion
  }
  meterbook_set_completion_over(1)
  LineEditor.setCandidates(list)
  guard !list.isEmpty else { return nil }
  return rl_completion_matches(text, completionGenerator)
}

/// Returns candidate `state` (0, 1, 2, ...) as a malloc'd string; libedit frees it.
private func completionGenerator(_ text: UnsafePointer<CChar>?, _ state: Int32) -> UnsafeMutablePointer<CChar>? {
  let list = LineEditor.candidateSnapshot()
  guard Int(state) < list.count else { return nil }
  return strdup(list[Int(state)])
}

extension LineEditor {
  fileprivate static func providerSnapshot() -> Provider? { provider.withLock { $0 } }
  fileprivate static func setCandidates(_ list: [String]) { candidates.withLock { $0 = list } }
  fileprivate static func candidateSnapshot() -> [String] { candidates.withLock { $0 } }
}
