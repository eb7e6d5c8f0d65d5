/// How an AI call ended.
///
/// Errors are not billed by providers; a timeout is billed for its input tokens only
/// (see `specs/data-schema.md`).
public enum CallStatus: String, CaseIterable, Sendable, Codable, Hashable {
  case ok
  case error
  case timeout
}
