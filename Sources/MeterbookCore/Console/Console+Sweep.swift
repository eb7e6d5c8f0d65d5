/// The what-if loop's commands: `sweep` (a curve or a grid) and `compare scenarios`. Both
/// run as ad-hoc cells, so they are all-or-nothing like every command and render in the
/// current mode.
extension Console {
  /// `sweep PATH FROM TO [steps N|by STEP] [and PATH FROM TO …] [on SCENARIO] [show FIGURES]`.
  func sweep(_ args: [String], isCancelled: @escaping @Sendable () -> Bool) throws -> Result {
    guard !args.isEmpty else {
      return .error("usage: \(ConsoleCommand.sweep.usage); e.g. sweep scenarios.baseline.customers 200 400 steps 5")
    }
    let request = try SweepRequest.parse(args)
    if let name = request.scenario { _ = try scenarioArgument(["on", name]) }
    return try adHoc(
      Cell(id: "sweep", kind: .sweep(request), location: .init(file: "repl", line: 1, column: 1)),
      isCancelled: isCancelled)
  }

  /// `compare scenarios A B … [show FIGURES]`: two or more distinct scenarios of the workbook.
  func compareScenarios(_ args: [String], isCancelled: @escaping @Sendable () -> Bool) throws -> Result {
    guard let session else { return .error("no workbook loaded") }
    let showAt = args.firstIndex(of: "show") ?? args.count
    let names = args[..<showAt].flatMap { $0.split(separator: ",").map(String.init) }
    let valid = session.workbook.scenarios.map(\.name)
    for name in names where session.workbook.scenario(name) == nil {
      throw WhatIfError.unknown("scenario", name, in: valid)
    }
    guard names.count >= 2 else {
      return .error(
        "usage: compare scenarios SCENARIO SCENARIO... [show FIGURES]; expected at least two of: \(valid.joined(separator: ", "))"
      )
    }
    if let twice = names.enumerated().first(where: { names[..<$0.offset].contains($0.element) })?.element {
      return .error("scenario '\(twice)' is given twice; expected each scenario once")
    }
    let show = showAt < args.count ? SweepRequest.figureNames(Array(args[(showAt + 1)...])) : []
    if showAt < args.count && show.isEmpty { return .error("'show' needs figures, e.g. show AI cost, margin.flat") }
    _ = try WhatIfFigure.parse(show, plans: session.workbook.plans.map(\.name))
    return try adHoc(
      Cell(
        id: "compare", kind: .compareScenarios(scenarios: names, show: show),
        location: .init(file: "repl", line: 1, column: 1)),
      isCancelled: isCancelled)
  }
}
