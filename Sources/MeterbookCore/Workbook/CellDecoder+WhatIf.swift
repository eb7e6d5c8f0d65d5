/// The what-if cells: `compare: {scenarios: […]}` and `sweep:`. Everything that can be
/// checked without simulating — names, numbers, point counts, figure names — is checked
/// here, so `meterbook validate` reports it at its line instead of `run` failing later.
extension CellDecoder {
  static let compareScenarioKeys = ["scenarios", "show"]
  static let sweepKeys = ["path", "from", "to", "steps", "by", "and", "on", "show"]
  static let sweepAxisKeys = ["path", "from", "to", "steps", "by"]

  /// `compare: {scenarios: [a, b, …], show: [figure, …]}`: two or more distinct scenarios.
  func compareScenarios(_ v: YAMLValue, into d: inout Diagnostics) -> Cell.Kind? {
    guard let f = v.fields(allowed: Self.compareScenarioKeys + ["plans", "on"], what: "compare cell", into: &d) else {
      return nil
    }
    for key in ["plans", "on"] where f[key] != nil {
      f[key]?.error(
        "a compare cell with scenarios has no '\(key)'; expected scenarios and show",
        hint: "compare plans in a cell of their own", into: &d)
    }
    guard let list = f["scenarios"]?.sequence(what: "list of scenarios", into: &d) else { return nil }
    var names: [String] = []
    for item in list {
      guard let s = scenario(item, into: &d), let name = s else { continue }
      if names.contains(name) {
        item.error("scenario '\(name)' is listed twice; expected each scenario once", into: &d)
      } else {
        names.append(name)
      }
    }
    guard names.count == list.count else { return nil }
    guard names.count >= 2 else {
      v.error(
        "compare has \(names.count) scenario\(names.count == 1 ? "" : "s"); expected at least two to set side by side",
        into: &d)
      return nil
    }
    guard let show = figures(f["show"], grid: false, into: &d) else { return nil }
    return .compareScenarios(scenarios: names, show: show)
  }

  /// `sweep: {path, from, to, steps | by, and: {path, from, to, steps | by}, on, show}`.
  func sweep(_ v: YAMLValue, into d: inout Diagnostics) -> Cell.Kind? {
    guard let f = v.fields(allowed: Self.sweepKeys, what: "sweep cell", into: &d),
      let first = axis(f, at: v, into: &d)
    else { return nil }
    var axes = [first]
    if let second = f["and"] {
      guard let g = second.fields(allowed: Self.sweepAxisKeys, what: "second sweep parameter", into: &d),
        let axis2 = axis(g, at: second, into: &d)
      else { return nil }
      axes.append(axis2)
    }
    let grid = axes.count == 2
    for (i, a) in axes.enumerated() {
      do throws(WhatIfError) {
        _ = try SweepValues(a, maxPoints: grid ? Limits.gridSide : Limits.sweepPoints)
      } catch {
        (i == 0 ? v : f["and"] ?? v).error(error.description, into: &d)
        return nil
      }
    }
    guard let s = scenario(f["on"], into: &d), let show = figures(f["show"], grid: grid, into: &d) else { return nil }
    return .sweep(SweepRequest(axes: axes, scenario: s, show: show))
  }

  /// One swept parameter of a sweep cell.
  private func axis(_ f: Fields, at v: YAMLValue, into d: inout Diagnostics) -> SweepRequest.Axis? {
    guard let pathValue = f.required("path", what: "the dotted path to sweep, e.g. scenarios.NAME.customers", into: &d),
      let pathText = pathValue.string(into: &d),
      let from = f.required("from", what: "the first value", into: &d)?.string(into: &d),
      let to = f.required("to", what: "the last value", into: &d)?.string(into: &d)
    else { return nil }
    let path = Override.components(of: pathText)
    do throws(WhatIfError) {
      try SweepRunner.check(path, scenarios: scenarios, plans: plans)
    } catch {
      pathValue.error(error.description, into: &d)
      return nil
    }
    var spacing = SweepRequest.Axis.Spacing.steps(SweepRequest.Axis.defaultSteps)
    if f["steps"] != nil, let by = f["by"] {
      by.error("a sweep parameter has steps and by; expected one of them", into: &d)
      return nil
    }
    if let steps = f["steps"] {
      guard let n = steps.int(in: 2...Limits.sweepPoints, into: &d) else { return nil }
      spacing = .steps(n)
    } else if let by = f["by"] {
      guard let step = by.string(into: &d) else { return nil }
      spacing = .by(step)
    }
    return SweepRequest.Axis(path: path, from: from, to: to, spacing: spacing)
  }

  /// A `show` list (or one name), checked against the workbook's figures.
  private func figures(_ v: YAMLValue?, grid: Bool, into d: inout Diagnostics) -> [String]? {
    guard let v else { return [] }
    let items: [YAMLValue]
    if case .scalar = v.node {
      items = [v]
    } else {
      guard let list = v.sequence(what: "list of figures", into: &d) else { return nil }
      items = list
    }
    var names: [String] = []
    for item in items {
      guard let name = item.string(into: &d) else { return nil }
      do throws(WhatIfError) {
        _ = try WhatIfFigure.parse([name], plans: plans)
        names.append(name)
      } catch {
        item.error(error.description, into: &d)
        return nil
      }
    }
    if grid, let picked = try? WhatIfFigure.parse(names, plans: plans), picked.count > 1 {
      v.error(
        "a grid shows one figure; got \(picked.count) (\(picked.map(\.description).joined(separator: ", ")))", into: &d)
      return nil
    }
    return names
  }
}
