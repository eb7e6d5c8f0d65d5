/// Matches a `where` value to the value of its dimension it means.
///
/// Values match ignoring case (`where provider = openai` finds `OpenAI`), an exact match
/// winning over a case-insensitive one; a value that matches nothing is refused with the
/// nearest known value, so a typo never draws an empty chart.
enum ChartFilter {
  /// The label among `labels` that `value` names.
  static func resolve(_ value: String, dimension: String, among labels: [String]) throws(ChartError) -> String {
    if labels.contains(value) { return value }
    let folded = value.lowercased()
    if let match = labels.first(where: { $0.lowercased() == folded }) { return match }
    throw .noMatch(
      dimension: dimension, value: value, suggestion: Suggestion.nearest(to: value, in: labels), known: labels)
  }

  /// Every filter of `filters` resolved against the labels `labels(dimension)` returns.
  static func resolve(_ filters: [String: String], labels: (String) -> [String]) throws(ChartError) -> [String: String]
  {
    var out: [String: String] = [:]
    for (dimension, value) in filters.sorted(by: { $0.key < $1.key }) {
      out[dimension] = try resolve(value, dimension: dimension, among: labels(dimension))
    }
    return out
  }
}
