extension CellDecoder {
  static let projectKeys = ["plans", "on", "months"]

  /// A `project:` cell: a scenario name, or `{plans, on, months}` (every plan, the default
  /// scenario and the workbook's `horizon:` when left out).
  func decodeProject(_ v: YAMLValue, into d: inout Diagnostics) -> Cell.Kind? {
    if case .scalar = v.node {
      guard let s = scenario(v, into: &d) else { return nil }
      return .project(months: nil, plans: [], scenario: s)
    }
    guard let f = v.fields(allowed: Self.projectKeys, what: "project cell", into: &d),
      let s = scenario(f["on"], into: &d)
    else { return nil }
    var names: [String] = []
    for p in f["plans"]?.sequence(what: "list of plans", into: &d) ?? [] {
      guard let n = p.string(into: &d) else { continue }
      guard plans.contains(n) else {
        p.error(
          "unknown plan '\(n)'; expected one of: \(plans.joined(separator: ", "))",
          hint: Suggestion.nearest(to: n, in: plans).map { "did you mean '\($0)'?" }, into: &d)
        continue
      }
      names.append(n)
    }
    let months = f["months"].flatMap { WorkbookLoader.months($0, into: &d) }
    if f["months"] != nil && months == nil { return nil }
    return .project(months: months, plans: names, scenario: s)
  }
}
