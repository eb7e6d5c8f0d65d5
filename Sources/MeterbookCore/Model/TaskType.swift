/// The kind of work an AI call does.
///
/// Models differ in quality per task type, and token
/// counts follow a different distribution for each.
public enum TaskType: String, CaseIterable, Sendable, Codable, Hashable {
  case chat
  case summarization
  case code
  case extraction
  case classification
  case reasoning

  /// Dense index, for columnar storage and lookup tables: the position in `allCases`.
  public var index: Int {
    switch self {
    case .chat: 0
    case .summarization: 1
    case .code: 2
    case .extraction: 3
    case .classification: 4
    case .reasoning: 5
    }
  }
  public static let all = TaskType.allCases
}
