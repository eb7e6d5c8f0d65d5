import Foundation

/// How a usage CSV's columns map to Meterbook's 19 fields, read from a small YAML file.
///
/// ```yaml
/// columns: {input_tokens: prompt_tokens, output_tokens: completion_tokens, timestamp: created_at}
/// timestamp_format: unix        # iso8601 (default) | unix | unix_ms
/// cost: compute                 # given (default when a cost column exists) | compute
/// defaults: {provider: OpenAI, task_type: chat}
/// ```
public struct ColumnMapping: Sendable, Hashable {
  /// Field name → the CSV's column name (fields not listed use their own name).
  public var columns: [String: String] = [:]
  public var timestampFormat = "iso8601"
  /// `given`, `compute`, or `nil` (given when the column exists, else computed).
  public var cost: String?
  /// Values for fields the CSV does not carry.
  public var defaults: [String: String] = [:]

  public init() {}

  public static let timestampFormats = ["iso8601", "unix", "unix_ms"]

  /// Reads a mapping file, with located errors.
  ///
  /// The file is opened by `InputFile`, so a
  /// missing file, a directory, a permission problem, a link loop or bytes that are not UTF-8
  /// are each named as such.
  public static func load(contentsOf url: URL) throws(DiagnosticsError) -> ColumnMapping {
    let text: String
    do {
      text = try InputFile.text(url, maximumBytes: YAMLSource.maximumBytes)
    } catch {
      let reason: String =
        switch error {
        case .cannotRead(_, let r), .cannotWrite(_, let r), .cannotEncode(let r): r
        case .cancelled: "cancelled"
        }
      throw DiagnosticsError(
        Diagnostic(
          location: SourceLocation(file: url.path, line: 1, column: 1),
          message: "cannot read the mapping file: \(reason)"))
    }
    let source = try YAMLSource(text: text, path: url.path)
    var d = Diagnostics()
    var m = ColumnMapping()
    if let root = source.root,
      let f = YAMLValue(node: root, source: source, path: "").fields(
        allowed: ["columns", "timestamp_format", "cost", "defaults"], what: "mapping", into: &d)
    {
      for (field, v) in f["columns"]?.mapping(allowed: CallRecord.fieldNames, what: "column mapping", into: &d) ?? [] {
        if let s = v.string(into: &d) { m.columns[field] = s }
      }
      m.timestampFormat =
        f["timestamp_format"]?.choice(timestampFormats, what: "timestamp format", into: &d) ?? "iso8601"
      m.cost = f["cost"]?.choice(["given", "compute"], what: "cost mode", into: &d)
      for (field, v) in f["defaults"]?.mapping(allowed: CallRecord.fieldNames, what: "defaults", into: &d) ?? [] {
        if let s = v.string(into: &d) { m.defaults[field] = s }
      }
    }
    guard d.isEmpty else { throw DiagnosticsError(d) }
    return m
  }
}
