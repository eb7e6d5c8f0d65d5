/// Where one of Meterbook's fields comes from in an export: a column, optionally a JSON path
/// into it, a part of its text, a value map, a scale, and a companion to add.
///
/// Real exports rarely hold a field as a plain column in Meterbook's units: LiteLLM keeps cached
/// tokens inside its `metadata` JSON, Langfuse counts `input` without the cached tokens, Langfuse
/// gives latency in seconds, OpenAI's costs API puts the model in `"gpt-4o-2024-08-06, input"`,
/// and every tool spells a failed call differently. A mapping says so per field:
///
/// ```yaml
/// columns:
///   cached_input_tokens: {column: metadata, json: usage_object.prompt_tokens_details.cached_tokens}
///   latency_ms: {column: latency, unit: s}
///   status: {column: level, values: {DEFAULT: ok, ERROR: error, "*": ok}}
///   model: {column: line_item, before: ","}
///   input_tokens: {column: usageDetails, json: input, plus: {column: usageDetails, json: input_cached_tokens}}
/// ```
///
/// A list of sources means "the first one that has a value" (columns missing from the file are
/// skipped).
public struct FieldSource: Sendable, Hashable {
  /// The column's name in the file's header.
  public var column: String
  /// A path into the column's JSON text.
  public var json: JSONPath?
  /// Keep only the text before this separator (trimmed), such as `","`.
  public var before: String?
  /// File value → Meterbook value (`success` → `ok`); `"*"` matches any other value.
  public var values: [String: String] = [:]
  /// Multiplies a number (cents → dollars is 0.01; seconds → milliseconds is 1000).
  public var scale: DecimalText?
  /// Added to a number when present (a missing or empty companion adds nothing).
  public var plus: [FieldSource] = []
  /// The file may lack this column without it being an error (layouts differ between versions).
  public var optional = false

  public init(
    column: String, json: JSONPath? = nil, before: String? = nil, values: [String: String] = [:],
    scale: DecimalText? = nil, plus: [FieldSource] = [], optional: Bool = false
  ) {
    self.optional = optional
    self.column = column
    self.json = json
    self.before = before
    self.values = values
    self.scale = scale
    self.plus = plus
  }

  /// Unit names a mapping may give instead of a scale, per field, as the factor to the field's unit.
  public static let units: [String: [String: DecimalText]] = [
    "cost_usd": [
      "usd": DecimalText(digits: 1, exponent: 0), "dollars": DecimalText(digits: 1, exponent: 0),
      "cents": DecimalText(digits: 1, exponent: -2), "micros": DecimalText(digits: 1, exponent: -6),
      "nanos": DecimalText(digits: 1, exponent: -9),
    ],
    "latency_ms": [
      "ms": DecimalText(digits: 1, exponent: 0), "s": DecimalText(digits: 1, exponent: 3),
      "seconds": DecimalText(digits: 1, exponent: 3), "us": DecimalText(digits: 1, exponent: -3),
      "ns": DecimalText(digits: 1, exponent: -6),
    ],
  ]

  /// What a person reads in the import report: `metadata → usage_object.cached_tokens`.
  public var summary: String {
    var s = column
    if let json { s += " → \(json)" }
    if let before { s += " (before '\(before)')" }
    if let scale, scale != DecimalText(digits: 1, exponent: 0) { s += " × \(scale.plainText)" }
    if !values.isEmpty { s += " (value map)" }
    for p in plus { s += " + \(p.summary)" }
    return s
  }
}

extension DecimalText {
  /// Plain decimal text (`0.01`, `1000`), for messages.
  var plainText: String {
    let sign = negative ? "-" : ""
    if exponent >= 0 { return sign + String(digits) + String(repeating: "0", count: min(exponent, 40)) }
    var text = String(digits)
    let places = -exponent
    if text.count <= places { text = String(repeating: "0", count: places - text.count + 1) + text }
    text.insert(".", at: text.index(text.endIndex, offsetBy: -places))
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return sign + text
  }
}
