/// JSON string escaping for the writers that build JSON text by hand (OTLP, FOCUS's
/// JSON-valued columns): quote, backslash and control characters escaped (RFC 8259 §7).
enum JSONString {
  /// The inside of a JSON string holding `s` (without the surrounding quotes).
  static func escaped(_ s: String) -> String {
    var r = ""
    for c in s.unicodeScalars {
      switch c {
      case "\"": r += "\\\""
      case "\\": r += "\\\\"
      case "\n": r += "\\n"
      case "\r": r += "\\r"
      case "\t": r += "\\t"
      default:
        if c.value < 0x20 {
          r += "\\u00" + String(c.value >> 4, radix: 16) + String(c.value & 0xF, radix: 16)
        } else {
          r.unicodeScalars.append(c)
        }
      }
    }
    return r
  }
}
