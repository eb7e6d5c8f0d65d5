/// Markdown text from a workbook's `md:` cell, wrapped to the terminal width in text mode.
///
/// Markdown joins the lines of a paragraph, so a paragraph is reflowed as one text and
/// wrapped at word boundaries; a list item or a quote continues under its own text. Headings,
/// pipe-table rows and fenced code keep their lines as written (a code line is never
/// re-broken; a table row is data).
enum MarkdownWrap {
  static func lines(_ text: String, width: Int) -> [String] {
    var out: [String] = []
    // The block being reflowed: its first-line lead, continuation lead, and words.
    var lead = ""
    var hang = ""
    var words: [Substring] = []
    var fenced = false
    func flush() {
      guard !words.isEmpty else { return }
      let body = wrap(words.joined(separator: " "), width: max(20, width - hang.count), indent: 0)
      out.append(contentsOf: body.enumerated().map { ($0 == 0 ? lead : hang) + $1 })
      words = []
    }
    for raw in text.trimmingCharacters(in: .newlines).split(separator: "\n", omittingEmptySubsequences: false) {
      let line = String(raw)
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed.hasPrefix("```") {
        flush()
        fenced.toggle()
        out.append(line)
      } else if fenced || trimmed.hasPrefix("#") || trimmed.hasPrefix("|") {
        flush()
        out.append(line)
      } else if trimmed.isEmpty {
        flush()
        out.append("")
      } else if let marker = listMarker(line) {
        flush()
        lead = String(line.prefix(marker))
        hang = String(repeating: " ", count: marker)
        words = line.dropFirst(marker).split(separator: " ")
      } else if trimmed.hasPrefix(">") {
        if words.isEmpty || lead != "> " { flush() }
        (lead, hang) = ("> ", "> ")
        words += trimmed.drop { $0 == ">" || $0 == " " }.split(separator: " ")
      } else {
        if words.isEmpty { (lead, hang) = ("", "") }
        words += trimmed.split(separator: " ")
      }
    }
    flush()
    return out
  }

  /// The length of a list item's marker with its indent (`- `, `* `, `12. `), or `nil`.
  private static func listMarker(_ line: String) -> Int? {
    let indent = line.prefix { $0 == " " }.count
    let rest = line.dropFirst(indent)
    if rest.hasPrefix("- ") || rest.hasPrefix("* ") || rest.hasPrefix("+ ") { return indent + 2 }
    let digits = rest.prefix { $0.isASCII && $0.isNumber }.count
    guard digits > 0, rest.dropFirst(digits).hasPrefix(". ") else { return nil }
    return indent + digits + 2
  }
}
