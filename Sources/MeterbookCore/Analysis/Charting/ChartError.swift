/// Why the chart builder refused a query, in words that name the culprit and the way out.
public enum ChartError: Error, Equatable, CustomStringConvertible {
  /// A bill metric split by a dimension a bill has no share in (model, provider, day…).
  case notSplittable(metric: String, dimension: String)
  /// A per-call metric asked per customer attribute or next to a bill metric.
  case notPerCustomer(metric: String, reason: String)
  /// A bill metric drawn as a chart that needs a time axis.
  case noTimeAxis(metric: String, type: String)
  /// A plan metric on a workbook without plans.
  case noPlans(metric: String)
  /// `for PLAN` names no plan of the workbook.
  case unknownPlan(String, choices: [String])
  /// `for PLAN` on a chart that reads no bill.
  case plansWithoutBills
  /// A `where` value that matches no value of its dimension, even ignoring case.
  case noMatch(dimension: String, value: String, suggestion: String?, known: [String])
  /// A bill or AI cost that no exchange rate converts to the display currency.
  case exchange(String)

  public var description: String {
    let customerDimensions = ChartQuery.customerDimensions.joined(separator: ", ")
    switch self {
    case .notSplittable(let metric, let dimension):
      return
        "\(metric) cannot be split by \(dimension): a customer's bill is one amount for all of their calls (fees, allowances, tiers and minimums apply to the total), so no part of it belongs to one \(dimension); split it by \(customerDimensions)"
    case .notPerCustomer(let metric, let reason):
      return "\(metric) is counted per call, \(reason); chart it in a query of its own (chart \(metric) by tier)"
    case .noTimeAxis(let metric, let type):
      return
        "\(metric) has no time axis to draw as \(type): a bill covers the whole period; use bar, stacked, grouped, tree or table"
    case .noPlans(let metric):
      return "\(metric) reads the plans' bills, and this workbook has no plans; add one under plans:"
    case .unknownPlan(let name, let choices):
      return "unknown plan '\(name)'; expected one of: \(choices.joined(separator: ", "))"
        + (Suggestion.nearest(to: name, in: choices).map { "; did you mean '\($0)'?" } ?? "")
    case .plansWithoutBills:
      return "for PLAN applies to the plan metrics (\(ChartQuery.billMetrics.joined(separator: ", "))) or by plan"
    case .noMatch(let dimension, let value, let suggestion, let known):
      let sample = known.prefix(8).joined(separator: ", ") + (known.count > 8 ? ", … (\(known.count) in all)" : "")
      return "no \(dimension) matches '\(value)'"
        + (suggestion.map { "; did you mean '\($0)'?" } ?? (known.isEmpty ? "" : "; known: \(sample)"))
    case .exchange(let reason):
      return "no exchange rate converts these amounts: \(reason)"
    }
  }
}
