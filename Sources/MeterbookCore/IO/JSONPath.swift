/// A dotted path into JSON held in one CSV field (`usage_object.prompt_tokens_details.cached_tokens`),
/// read straight from the field's bytes.
///
/// Tools export nested usage as JSON text in a column (Langfuse `usageDetails`, LiteLLM
/// `metadata`); a mapping points into it. The walk skips what it does not need without building
/// objects, so a large `metadata` costs one scan, and broken JSON is "no value", never a crash:
/// every step checks its bounds, and nesting deeper than `maximumDepth` stops the walk.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
  /// Object keys, outermost first; a key that is all digits also indexes an array.
  public var keys: [[UInt8]]

  /// Nesting deeper than this is treated as broken input.
  public static let maximumDepth = 64

  /// Splits `text` at dots; `nil` when a part is empty.
  public init?(_ text: String) {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    guard !parts.isEmpty, parts.allSatisfy({ !$0.isEmpty }) else { return nil }
    keys = parts.map { Array($0.utf8) }
  }

  public var description: String { keys.map { String(decoding: $0, as: UTF8.self) }.joined(separator: ".") }

  /// What the path leads to.
  public enum Value: Equatable {
    /// A number, `true`/`false`, or a string without escapes: a range of the input bytes.
    case bytes(Range<Int>)
    /// A string with escapes, decoded.
    case decoded([UInt8])
  }

  /// The scalar at the path in `json`, or `nil` when the JSON is broken, the path is missing,
  /// or it leads to `null`, an object or an array.
  public func value(in json: UnsafeBufferPointer<UInt8>) -> Value? {
    // The whole text must be one well-formed value: a truncated export is "no value", not a guess.
    var check = Scanner(bytes: json)
    check.skipSpace()
    guard check.skipValue(depth: 0) else { return nil }
    check.skipSpace()
    guard check.i == json.count else { return nil }
    var scanner = Scanner(bytes: json)
    var depth = 0
    for key in keys {
      scanner.skipSpace()
      guard let opener = scanner.peek() else { return nil }
      if opener == 0x7B {
        guard scanner.enterMember(named: key) else { return nil }
      } else if opener == 0x5B, let index = Self.index(key) {
        guard scanner.enterElement(index) else { return nil }
      } else {
        return nil
      }
      depth += 1
      if depth > Self.maximumDepth { return nil }
    }
    return scanner.scalar()
  }

  private static func index(_ key: [UInt8]) -> Int? {
    guard !key.isEmpty, key.count <= 9, key.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
    return key.reduce(0) { $0 * 10 + Int($1 - 48) }
  }

  /// A cursor over JSON bytes; every read checks the end.
  private struct Scanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var i = 0

    func peek() -> UInt8? { i < bytes.count ? bytes[i] : nil }

    mutating func skipSpace() {
      while i < bytes.count, bytes[i] == 32 || bytes[i] == 9 || bytes[i] == 10 || bytes[i] == 13 { i += 1 }
    }

    /// At `{`: moves to the value of member `key`; `false` when it is missing or the JSON is broken.
    mutating func enterMember(named key: [UInt8]) -> Bool {
      i += 1
      while true {
        skipSpace()
        guard let c = peek() else { return false }
        if c == 0x7D { return false }
        guard c == 0x22, let name = string() else { return false }
        skipSpace()
        guard peek() == 0x3A else { return false }
        i += 1
        skipSpace()
        if equal(name, key) { return true }
        guard skipValue(depth: 0) else { return false }
        skipSpace()
        guard let next = peek() else { return false }
        if next == 0x2C {
          i += 1
        } else {
          return false
        }
      }
    }

    /// At `[`: moves to element `index`.
    mutating func enterElement(_ index: Int) -> Bool {
      i += 1
      var k = 0
      while true {
        skipSpace()
        guard let c = peek(), c != 0x5D else { return false }
        if k == index { return true }
        guard skipValue(depth: 0) else { return false }
        skipSpace()
        guard peek() == 0x2C else { return false }
        i += 1
        k += 1
      }
    }

    /// Whether a member name read by `string()` is `key`.
    private func equal(_ name: JSONPath.Value, _ key: [UInt8]) -> Bool {
      switch name {
      case .bytes(let r): r.count == key.count && bytes[r].elementsEqual(key)
      case .decoded(let d): d == key
      }
    }

    /// At `"`: reads a string; its raw range when it has no escapes, else its decoded bytes.
    mutating func string() -> JSONPath.Value? {
      i += 1
      let start = i
      var escaped = false
      while i < bytes.count {
        let c = bytes[i]
        if c == 0x22 {
          defer { i += 1 }
          return escaped ? .decoded(Self.unescape(bytes, start..<i)) : .bytes(start..<i)
        }
        if c == 0x5C {
          escaped = true
          i += 1
        }
        i += 1
      }
      return nil
    }

    /// Decodes backslash escapes and `\uXXXX` (as UTF-8; surrogates become U+FFFD).
    private static func unescape(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> [UInt8] {
      var out: [UInt8] = []
      var k = r.lowerBound
      while k < r.upperBound {
        let c = b[k]
        guard c == 0x5C, k + 1 < r.upperBound else {
          out.append(c)
          k += 1
          continue
        }
        let e = b[k + 1]
        k += 2
        switch e {
        case 0x6E: out.append(10)
        case 0x74: out.append(9)
        case 0x72: out.append(13)
        case 0x62: out.append(8)
        case 0x66: out.append(12)
        case 0x75:
          var v: UInt32 = 0
          var n = 0
          while n < 4, k < r.upperBound, let h = hex(b[k]) {
            v = v << 4 | h
            n += 1
            k += 1
          }
          out.append(contentsOf: Array(String(Character(Unicode.Scalar(v) ?? "\u{FFFD}")).utf8))
        default: out.append(e)
        }
      }
      return out
    }

    private static func hex(_ c: UInt8) -> UInt32? {
      switch c {
      case 48...57: UInt32(c - 48)
      case 97...102: UInt32(c - 87)
      case 65...70: UInt32(c - 55)
      default: nil
      }
    }

    /// Skips one value of any kind; `false` on broken JSON.
    mutating func skipValue(depth: Int) -> Bool {
      guard depth <= JSONPath.maximumDepth, let c = peek() else { return false }
      switch c {
      case 0x22: return string() != nil
      case 0x7B, 0x5B:
        let close: UInt8 = c == 0x7B ? 0x7D : 0x5D
        i += 1
        skipSpace()
        if peek() == close {
          i += 1
          return true
        }
        while true {
          skipSpace()
          if c == 0x7B {
            guard peek() == 0x22, string() != nil else { return false }
            skipSpace()
            guard peek() == 0x3A else { return false }
            i += 1
            skipSpace()
          }
          guard skipValue(depth: depth + 1) else { return false }
          skipSpace()
          guard let n = peek() else { return false }
          i += 1
          if n == close { return true }
          guard n == 0x2C else { return false }
        }
      default:
        let start = i
        while i < bytes.count, !Self.ends(bytes[i]) { i += 1 }
        return i > start
      }
    }

    /// The scalar here: a string, a number or `true`/`false`; `nil` for null, containers or breakage.
    mutating func scalar() -> JSONPath.Value? {
      skipSpace()
      guard let c = peek() else { return nil }
      if c == 0x22 { return string() }
      if c == 0x7B || c == 0x5B { return nil }
      let start = i
      while i < bytes.count, !Self.ends(bytes[i]) { i += 1 }
      guard i > start else { return nil }
      let r = start..<i
      if r.count == 4, bytes[start] == 0x6E { return nil }  // null
      return .bytes(r)
    }

    private static func ends(_ c: UInt8) -> Bool {
      c == 0x2C || c == 0x7D || c == 0x5D || c == 32 || c == 9 || c == 10 || c == 13
    }
  }
}
