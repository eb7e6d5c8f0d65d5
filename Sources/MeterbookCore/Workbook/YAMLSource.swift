import Foundation
import Yams

/// A YAML file read defensively: size, nesting and expansion are bounded before and while
/// parsing, so a hostile file (10 MB+, 10,000 nested brackets, an alias bomb) gets a clear
/// error in well under a second instead of exhausting memory or the stack.
public struct YAMLSource {
  /// The path as the user should see it in diagnostics.
  public let path: String
  public let text: String
  public let root: Node?
  private let lines: [Substring]

  /// Largest file accepted, in bytes.
  public static let maximumBytes = 10 * 1024 * 1024
  /// Deepest nesting of mappings and sequences accepted.
  public static let maximumDepth = 64
  /// Most nodes a document may expand to (aliases counted at every use).
  public static let maximumNodes = 200_000

  /// Reads and parses `url`, reporting problems at `displayPath`.
  public init(contentsOf url: URL, displayPath: String? = nil) throws(DiagnosticsError) {
    let shown = displayPath ?? url.path
    try self.init(text: try Self.text(of: url, displayPath: shown), path: shown)
  }

  /// The text of the YAML file at `url`, with a located error for every reason it cannot be
  /// read (missing, a directory, permission denied, a link loop, not UTF-8, too big).
  static func text(of url: URL, displayPath shown: String) throws(DiagnosticsError) -> String {
    do throws(IOError) {
      return try InputFile.text(url, displayPath: shown, maximumBytes: Self.maximumBytes)
    } catch {
      let reason: String
      switch error {
      case .cannotRead(_, let r), .cannotWrite(_, let r), .cannotEncode(let r): reason = r
      case .cancelled: reason = "cancelled"
      }
      throw DiagnosticsError(
        Diagnostic(
          location: SourceLocation(file: shown, line: 1, column: 1),
          message: reason + "; expected a readable YAML file",
          hint: "workbooks and pieces are small text files; large data belongs in a CSV read by 'meterbook analyze'"))
    }
  }

  /// Parses YAML `text` that came from `path`.
  public init(text: String, path: String) throws(DiagnosticsError) {
    self.path = path
    self.text = text
    self.lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    let start = SourceLocation(file: path, line: 1, column: 1)
    guard text.utf8.count <= Self.maximumBytes else {
      throw DiagnosticsError(
        Diagnostic(location: start, message: "text is larger than 10 MB; expected a small YAML file"))
    }
    if let deep = Self.firstOverlyDeepLine(in: text) {
      throw DiagnosticsError(
        Diagnostic(
          location: SourceLocation(file: path, line: deep, column: 1),
          message: "nesting is deeper than \(Self.maximumDepth) levels; expected a shallow document",
          hint: "flatten the structure"))
    }
    let node: Node?
    do {
      node = try Yams.compose(yaml: text)
    } catch let error as YamlError {
      throw DiagnosticsError(Self.diagnostic(for: error, path: path, lines: lines))
    } catch {
      throw DiagnosticsError(Diagnostic(location: start, message: "cannot parse YAML: \(error)"))
    }
    if let node {
      var budget = Self.maximumNodes
      if !Self.fits(node, depth: 0, budget: &budget) {
        throw DiagnosticsError(
          Diagnostic(
            location: start,
            message:
              "document expands to more than \(Self.maximumNodes) nodes or \(Self.maximumDepth) levels; expected a small workbook",
            hint: "anchors and aliases that refer to each other multiply; remove the repeated aliases"))
      }
    }
    self.root = node
  }

  /// The text of line `n` (1-based), for caret displays.
  public func line(_ n: Int) -> String? {
    n >= 1 && n <= lines.count ? String(lines[n - 1]) : nil
  }

  /// A diagnostic pointing at `node` (or the top of the file when it has no mark).
  public func diagnostic(at node: Node?, _ message: String, hint: String? = nil) -> Diagnostic {
    let mark = node?.mark
    let line = mark?.line ?? 1
    let column = mark?.column ?? 1
    return Diagnostic(
      location: SourceLocation(file: path, line: line, column: column), message: message, hint: hint,
      sourceLine: self.line(line))
  }

  private static func fits(_ node: Node, depth: Int, budget: inout Int) -> Bool {
    budget -= 1
    guard budget >= 0, depth <= maximumDepth else { return false }
    switch node {
    case .scalar, .alias: return true
    case .sequence(let s):
      for child in s where !fits(child, depth: depth + 1, budget: &budget) { return false }
      return true
    case .mapping(let m):
      for (k, v) in m where !fits(k, depth: depth + 1, budget: &budget) || !fits(v, depth: depth + 1, budget: &budget) {
        return false
      }
      return true
    }
  }

  /// Scans for flow brackets or block indentation nested past the limit, before the
  /// recursive parser sees them.
  ///
  /// Returns the 1-based line of the first offender.
  private static func firstOverlyDeepLine(in text: String) -> Int? {
    var depth = 0
    var line = 1
    var atLineStart = true
    var indent = 0
    var quote: UInt8? = nil
    var inComment = false
    for byte in text.utf8 {
      if byte == UInt8(ascii: "\n") {
        line += 1
        atLineStart = true
        indent = 0
        inComment = false
        if quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"") { continue }
        continue
      }
      if atLineStart {
        if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "-") {
          indent += 1
          if indent > maximumDepth * 4 { return line }
          continue
        }
        atLineStart = false
      }
      if inComment { continue }
      if let q = quote {
        if byte == q { quote = nil }
        continue
      }
      switch byte {
      case UInt8(ascii: "#"): inComment = true
      case UInt8(ascii: "\""), UInt8(ascii: "'"): quote = byte
      case UInt8(ascii: "["), UInt8(ascii: "{"):
        depth += 1
        if depth > maximumDepth { return line }
      case UInt8(ascii: "]"), UInt8(ascii: "}"): depth = max(0, depth - 1)
      default: break
      }
    }
    return nil
  }

  private static func diagnostic(for error: YamlError, path: String, lines: [Substring]) -> Diagnostic {
    switch error {
    case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _):
      let what = [context?.text, problem].compactMap { $0 }.joined(separator: ": ")
      return Diagnostic(
        location: SourceLocation(file: path, line: mark.line, column: mark.column),
        message: "invalid YAML: \(what)", hint: "check indentation and quotes near here",
        sourceLine: mark.line >= 1 && mark.line <= lines.count ? String(lines[mark.line - 1]) : nil)
    case .composer(let context, let problem, let mark, _):
      let what = [context?.text, problem].compactMap { $0 }.joined(separator: ": ")
      return Diagnostic(
        location: SourceLocation(file: path, line: mark.line, column: mark.column),
        message: "invalid YAML: \(what)", hint: "every alias (*name) needs an anchor (&name) above it",
        sourceLine: mark.line >= 1 && mark.line <= lines.count ? String(lines[mark.line - 1]) : nil)
    case .duplicatedKeysInMapping(let duplicates, let context):
      let line = context.mark.line
      return Diagnostic(
        location: SourceLocation(file: path, line: line, column: context.mark.column),
        message:
          "duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", ")); expected each key once per mapping",
        hint: "remove or rename one of them",
        sourceLine: line >= 1 && line <= lines.count ? String(lines[line - 1]) : nil)
    default:
      return Diagnostic(location: SourceLocation(file: path, line: 1, column: 1), message: "invalid YAML: \(error)")
    }
  }
}
