import Foundation

/// How an export's columns become Meterbook's 19 fields, read from a small YAML file: a preset
/// shipped in `scenarios/mappings/` (`--map litellm`) or the user's own (`--map mine.yaml`).
///
/// ```yaml
/// columns:                      # field: column, or {column, json, before, values, unit, scale, plus}, or a list
///   timestamp: created_at
///   input_tokens: prompt_tokens
///   status: {column: level, values: {DEFAULT: ok, ERROR: error}}
///   latency_ms: {column: latency, unit: s}
/// timestamp_format: unix        # iso8601 (default) | unix | unix_ms
/// timezone: UTC                 # for timestamps written without a zone
/// cost: compute                 # given (default when a cost column exists) | compute
/// calls: num_model_requests     # a row stands for this many calls
/// errors: errors                # of which this many failed (a usage cube)
/// batch: {column: batch}        # true/yes/1 prices the row at the model's batch rate
/// aliases: {my-gpt: openai/gpt-4o}
/// defaults: {provider: OpenAI, task_type: chat}
/// ```
///
/// Every option is documented in `specs/standards.md` ("Usage CSV import").
public struct ColumnMapping: Sendable, Hashable {
  /// Field name → where it comes from (the first source with a value wins).
  ///
  /// Fields not listed read the column of their own name unless `ignored` names them;
  /// `defaults` fill empty values.
  public var columns: [String: [FieldSource]] = [:]
  /// Fields whose same-named column must not be read (`field: ~` in `columns`).
  public var ignored: Set<String> = []
  public var timestampFormat = "iso8601"
  /// The zone of timestamps written without one; `nil` makes such a timestamp an error.
  public var timezone: ImportTimeZone?
  /// `given`, `compute`, or `nil` (given when the column exists, else computed).
  public var cost: String?
  /// The column holding how many calls a row stands for (aggregated exports).
  public var calls: [FieldSource]?
  /// The column holding how many of a row's calls failed (a usage cube's `errors`).
  public var errors: [FieldSource]?
  /// The column that marks batch rows (priced at the model's batch rate when cost is computed).
  public var batch: [FieldSource]?
  /// Logged model name → catalog id, tried before the built-in alias rules.
  public var aliases: [String: String] = [:]
  /// Values for fields the CSV does not carry.
  public var defaults: [String: String] = [:]
  /// Where the mapping came from (`litellm` for a preset, else the file's path), for reports.
  public var name = ""
  /// A preset's one-line description of the export it reads.
  public var about = ""

  public init() {}

  public static let timestampFormats = ["iso8601", "unix", "unix_ms"]

  /// A mapping with plain column renames (`field → column`).
  public init(renaming columns: [String: String]) {
    self.columns = columns.mapValues { [FieldSource(column: $0)] }
  }

  /// Whether field `name` may read the column of its own name: not when the mapping points it
  /// elsewhere (a LiteLLM `status` column of `success`/`failure` must not be read as Meterbook's
  /// status once the mapping names a source for it) or ignores it.
  public func readsSameNamedColumn(_ field: String) -> Bool {
    columns[field] == nil && !ignored.contains(field)
  }
}
