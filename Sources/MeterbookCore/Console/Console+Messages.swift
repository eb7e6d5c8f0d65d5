/// Messages fitted to a live terminal.
///
/// Reports fit their width as they render, but a status ("loaded …: TITLE") or a one-line
/// error is a sentence of any length, which the terminal would otherwise break mid-word.
extension Console.Result {
  /// The status lines, and the error and hint lines of a failed command, wrapped at word
  /// boundaries to `width` columns (continuations indented by two); the quoted source line of a
  /// located diagnostic and its caret are left as they are.
  func wrappingMessages(to width: Int) -> Console.Result {
    var r = self
    r.status = Self.wrapped(status, width: width)
    if !ok { r.output = Self.wrapped(output, width: width, only: { $0.hasPrefix("error: ") || $0.hasPrefix("  hint: ") }) }
    return r
  }

  private static func wrapped(_ text: String, width: Int, only: (Substring) -> Bool = { _ in true }) -> String {
    guard width >= 20, !text.isEmpty else { return text }
    return text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
      visibleCount(String(line)) > width && only(line)
        ? wrap(String(line), width: width, indent: 2).joined(separator: "\n") : String(line)
    }.joined(separator: "\n")
  }
}
