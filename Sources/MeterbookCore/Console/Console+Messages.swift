/// Messages fitted to a live terminal.
///
/// Reports fit their width as they render, but a status ("loaded …: TITLE") or a one-line
/// error is a sentence of any length, which the terminal would otherwise break mid-word.
extension Console.Result {
  /// The status lines, and the error, hint and located-diagnostic lines of a failed command,
  /// wrapped at word boundaries to `width` columns (continuations indented by two); the quoted
  /// source line of a located diagnostic and its caret are left as they are.
  func wrappingMessages(to width: Int) -> Console.Result {
    var r = self
    r.status = Self.wrapped(status, width: width)
    if !ok {
      r.output = Self.wrapped(
        output, width: width,
        only: { $0.hasPrefix("error: ") || $0.hasPrefix("  hint: ") || Self.isDiagnosticHeader($0) })
    }
    return r
  }

  /// A message of the REPL's own (its banner, its advice after a failed load) wrapped at word
  /// boundaries to `width` columns, as statuses are.
  public static func wrapped(_ text: String, width: Int) -> String { wrapped(text, width: width, only: { _ in true }) }

  private static func wrapped(_ text: String, width: Int, only: (Substring) -> Bool) -> String {
    guard width >= 20, !text.isEmpty else { return text }
    return text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
      guard visibleCount(String(line)) > width && only(line) else { return String(line) }
      // An indented line ("  hint: …") keeps its indent, and its continuations go two further.
      let lead = String(line.prefix { $0 == " " })
      return wrap(String(line.dropFirst(lead.count)), width: width - lead.count, indent: 2).map { lead + $0 }
        .joined(separator: "\n")
    }.joined(separator: "\n")
  }

  /// Whether `line` is the first line of a located diagnostic (`FILE:LINE:COL: error: …`);
  /// the lines under it that quote the source start with spaces.
  private static func isDiagnosticHeader(_ line: Substring) -> Bool {
    !line.hasPrefix(" ") && (line.contains(": error: ") || line.contains(": warning: "))
  }
}
