extension WorkbookSession {
  /// Runs a sweep or grid on the workbook as it stands (with the session's overrides): each
  /// point adds its values as overrides, replacing a session override of the same path.
  ///
  /// A point whose scenario resolves to the session's own unchanged scenario reuses the
  /// session's cached run, so sweeping a plan right after `run` simulates nothing new.
  public func sweep(
    _ request: SweepRequest, isCancelled: @escaping @Sendable () -> Bool = { false },
    callBudget: Int = Limits.sweepCalls
  ) throws -> SweepResult {
    let base = workbook
    let (loader, source) = (self.loader, self.source)
    let runner = SweepRunner(
      load: { extra in
        try loader.load(source, overrides: base.overrides.filter { o in !extra.contains { $0.path == o.path } } + extra)
      },
      simulate: { [unowned self] scenario, cancelled in
        if base.scenario(scenario.name) == scenario {
          return try self.result(for: scenario.name, isCancelled: cancelled)
        }
        return try Simulator(scenario: scenario).run(isCancelled: cancelled)
      },
      callBudget: callBudget)
    return try runner.run(request, base: base, defaultScenario: defaultScenario, isCancelled: isCancelled)
  }
}
