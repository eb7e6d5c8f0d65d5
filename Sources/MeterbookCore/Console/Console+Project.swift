extension Console {
  /// `project [MONTHS] [PLAN…] [on SCENARIO]`: the plans month by month over the horizon.
  func projectCommand(_ args: [String], isCancelled: @escaping @Sendable () -> Bool) throws -> Result {
    guard let session else { return .error("no workbook loaded") }
    let (given, scenario) = try splitOn(args)
    var words = given
    var months: Int?
    if let first = words.first, first.first?.isNumber == true {
      guard let n = Int(first), (1...Horizon.maxMonths).contains(n) else {
        return .error("'\(first)' is not a number of months; expected 1...\(Horizon.maxMonths), like project 12")
      }
      months = n
      words.removeFirst()
    }
    let plans = words.flatMap { $0.split(separator: ",").map(String.init) }
    let known = session.workbook.plans.map(\.name)
    for p in plans where !known.contains(p) { throw ProjectionError.unknownPlan(p, known: known) }
    if months == nil && session.workbook.horizon == nil { throw ProjectionError.noHorizon }
    return try adHoc(
      Cell(
        id: "project", kind: .project(months: months, plans: plans, scenario: scenario),
        location: .init(file: "repl", line: 1, column: 1)), isCancelled: isCancelled)
  }
}
