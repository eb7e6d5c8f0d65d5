/// The analyzers a `report` cell or command can name.
public enum AnalyzerName: String, CaseIterable, Sendable {
  /// Executive summary: total spend, spend by provider and model, top cost drivers.
  case summary
}
