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

  /// Dense index, for columnar storage and lookup tables.
  public var index: Int { TaskType.allCases.firstIndex(of: self)! }
  public static let all = TaskType.allCases
}
