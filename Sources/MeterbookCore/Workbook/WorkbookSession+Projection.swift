extension WorkbookSession {
  /// The workbook's plans projected over its horizon (or `months`), on `scenario` (default:
  /// the workbook's main scenario).
  ///
  /// - Throws: `ProjectionError` without a horizon or months, or for a data scenario or a
  ///   missing exchange rate; `SessionError.unknownScenario`.
  public func projection(
    months: Int?, plans: [String] = [], scenario: String? = nil, isCancelled: @escaping @Sendable () -> Bool = { false }
  ) throws -> Projection {
    guard var horizon = workbook.horizon ?? months.map({ Horizon(months: $0) }) else { throw ProjectionError.noHorizon }
    if let months { horizon.months = months }
    guard let name = scenario ?? defaultScenario else { throw SessionError.noScenario }
    guard let s = workbook.scenario(name) else { throw SessionError.unknownScenario(name) }
    return try ProjectionRunner(
      scenario: s, plans: workbook.plans, names: plans, horizon: horizon, money: workbook.money
    ).run(isCancelled: isCancelled)
  }
}
