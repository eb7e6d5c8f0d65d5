/// One problem found in a user's file, located and explained the way a compiler would:
/// what is wrong, what was expected, and a hint at the fix.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
  public var location: SourceLocation
  /// What is wrong and what was expected, for example, `unknown key 'custmers'; expected a scenario key`.
  public var message: String
  /// How to fix it, for example, `did you mean 'customers'?`.
  public var hint: String?
  /// The text of the offending line, for the caret display.
  public var sourceLine: String?

  public init(location: SourceLocation, message: String, hint: String? = nil, sourceLine: String? = nil) {
    self.location = location
    self.message = message
    self.hint = hint
    self.sourceLine = sourceLine
  }

  /// `file:line:col: error: message`, then the source line with a caret, then the hint.
  public var description: String {
    var text = "\(location): error: \(message)"
    if let line = sourceLine {
      let gutter = String(location.line)
      let pad = String(repeating: " ", count: gutter.count)
      let caretIndent = String(line.prefix(max(0, location.column - 1)).map { $0 == "\t" ? "\t" : " " })
      text += "\n \(gutter) | \(line)\n \(pad) | \(caretIndent)^"
    }
    if let hint { text += "\n  hint: \(hint)" }
    return text
  }
}

/// The diagnostics of one load, collected in a single pass so the user sees every problem.
public struct Diagnostics: Sendable, Hashable {
  public private(set) var items: [Diagnostic] = []
  public init() {}
  public var isEmpty: Bool { items.isEmpty }
  public mutating func append(_ d: Diagnostic) {
    if !items.contains(d) { items.append(d) }
  }
  public mutating func append(contentsOf other: Diagnostics) {
    for item in other.items { append(item) }
  }
  /// Sorted by file and position, as a user reads them.
  public var sorted: [Diagnostic] { items.sorted { $0.location < $1.location } }
  public var description: String { sorted.map(\.description).joined(separator: "\n") }
}

/// Thrown when a file has one or more located problems.
public struct DiagnosticsError: Error, Sendable, CustomStringConvertible {
  public var diagnostics: Diagnostics
  public init(_ diagnostics: Diagnostics) { self.diagnostics = diagnostics }
  public init(_ single: Diagnostic) {
    var d = Diagnostics()
    d.append(single)
    self.diagnostics = d
  }
  public var description: String {
    let n = diagnostics.items.count
    return diagnostics.description + "\n\(n) error\(n == 1 ? "" : "s")"
  }
}
