/// Turns a `SweepResult` into a report: for one parameter, a table with a row per value and
/// line charts of the figures, with a note wherever a plan changes rank; for two, a heat
/// table of the one figure shown.
///
/// Plans are ranked by margin — what the business keeps — because revenue alone would
/// favour a plan that wins customers at a loss; equal margins rank by name. The ranking
/// covers the plans whose figures are shown (every plan when `show` names none).
public enum SweepReport {
  public static func report(_ r: SweepResult) -> Report {
    r.axes.count == 2 ? grid(r) : curve(r)
  }

  /// The short name of a path for headers: its last key (`customers`), or the last two when
  /// the last is a list index (`tiers.0`).
  public static func shortName(_ path: String) -> String {
    let parts = Override.components(of: path)
    guard let last = parts.last else { return path }
    return last.allSatisfy(\.isNumber) && parts.count > 1 ? parts[parts.count - 2] + "." + last : last
  }

  /// "usage overtakes flat" for each plan that moved above another between two rankings.
  public static func overtakes(from before: [String], to after: [String]) -> [String] {
    var out: [String] = []
    for (i, x) in after.enumerated() {
      for y in after[(i + 1)...] {
        if let bx = before.firstIndex(of: x), let by = before.firstIndex(of: y), bx > by {
          out.append("\(x) overtakes \(y)")
        }
      }
    }
    return out
  }

  private static func intro(_ r: SweepResult) -> String {
    let count = r.axes.map { "\($0.values.labels.count)" }.joined(separator: " × ")
    let ranges = r.axes.map { "\($0.path) from \($0.values.labels.first ?? "") to \($0.values.labels.last ?? "")" }
      .joined(separator: " and ")
    let onlyPlans = r.axes.allSatisfy { $0.path.hasPrefix("plans.") }
    let simulated =
      onlyPlans && r.simulations == 1
      ? "'\(r.scenario)' simulated once (\(Format.integer(r.simulatedCalls)) calls) and re-billed at every point, as only plans change"
      : "\(r.simulations) simulation\(r.simulations == 1 ? "" : "s") of '\(r.scenario)' (\(Format.integer(r.simulatedCalls)) calls in all)"
    let crn =
      r.axes.contains { $0.path == "seed" || $0.path.hasSuffix(".seed") }
      ? "the seed itself is swept, so each point draws new random numbers"
      : "every point uses seed \(r.seed) (common random numbers), so the figures move only because the parameter does"
    let seeds =
      r.uncertainty.isSingle
      ? ""
      : " Each point ran under \(r.uncertainty.seeds) seeds derived from \(r.seed), seed k of every point drawing the same random numbers: cells show the median and, in parentheses, the \(r.uncertainty.label) band; rank changes are seed 1's."
    return "\(count) points of \(ranges): \(simulated); \(crn)." + seeds
  }

  static func curve(_ r: SweepResult) -> Report {
    guard let axis = r.axes.first else { return Report(title: "Sweep", blocks: [.note("Nothing to sweep.")]) }
    let name = shortName(axis.path)
    // Rank the plans the figures show (all plans when none is shown), so a note never names
    // a plan the table leaves out.
    var shownPlans: [String] = []
    for f in r.shown {
      if case .revenue(let p) = f, !shownPlans.contains(p) { shownPlans.append(p) }
      if case .margin(let p) = f, !shownPlans.contains(p) { shownPlans.append(p) }
    }
    let ranked = r.points.map { p in p.figures.rankedByMargin.filter { shownPlans.isEmpty || shownPlans.contains($0) } }
    let plans = ranked.first?.count ?? 0
    var changes: [String] = []
    var rows: [[String]] = []
    for (i, p) in r.points.enumerated() {
      let label = axis.values.labels[p.position[0]]
      var row = [label] + r.shown.map { banded($0, at: p, r.uncertainty) }
      if plans > 1 {
        let moved = i == 0 ? [] : overtakes(from: ranked[i - 1], to: ranked[i])
        if !moved.isEmpty { changes.append("at \(name) = \(label), " + moved.joined(separator: " and ")) }
        row.append(moved.map { $0.replacingOccurrences(of: " overtakes ", with: " > ") }.joined(separator: "; "))
      }
      rows.append(row)
    }
    // Figures of one family (every plan's margin) are headed by plan name under a title.
    let families = Set(r.shown.map(\.family))
    let byPlan =
      families.count == 1
      && r.shown.allSatisfy { if case .revenue = $0 { true } else if case .margin = $0 { true } else { false } }
    let headers = r.shown.map { f -> String in
      switch f {
      case .revenue(let p), .margin(let p): byPlan ? p : f.description
      default: f.description
      }
    }
    let columns = [name] + headers + (plans > 1 ? ["rank change"] : [])
    var blocks: [ReportBlock] = [
      .note(intro(r)),
      .table(
        Table(
          title: byPlan ? "\(r.shown[0].family) by plan" : "", columns: columns,
          numeric: [true] + r.shown.map { _ in true } + (plans > 1 ? [false] : []), rows: rows)),
    ]
    blocks += charts(r, axis: axis, name: name).map(ReportBlock.line)
    if plans > 1, let first = ranked.first?.first {
      blocks.append(
        .note(
          changes.isEmpty
            ? "No plan changes rank by margin over this range; '\(first)' leads throughout."
            : "Plans ranked by margin (equal margins by name; 'a > b' in the table: a overtakes b): "
              + changes.joined(separator: "; ") + "."))
    }
    if let rates = r.ratesNote { blocks.append(.note(rates)) }
    return Report(
      title: "Sweep of \(axis.path) on \(r.scenario)", domain: "Usage-based revenue: pricing what-if", blocks: blocks)
  }

  /// Line charts of the shown figures: a plan's revenue, margin...
  ///
  /// each family in one chart,
  /// families of the same unit sharing a chart while it holds at most four series.
  static func charts(_ r: SweepResult, axis: SweepResult.Axis, name: String) -> [LineChart] {
    var groups: [[WhatIfFigure]] = []
    var families: [String] = []
    for f in r.shown where !families.contains(f.family) { families.append(f.family) }
    for family in families {
      let members = r.shown.filter { $0.family == family }
      for start in stride(from: 0, to: members.count, by: 4) {
        let chunk = Array(members[start..<min(members.count, start + 4)])
        if let last = groups.last, let u = last.first?.unit, u == chunk[0].unit, last.count + chunk.count <= 4 {
          groups[groups.count - 1] += chunk
        } else {
          groups.append(chunk)
        }
      }
    }
    if r.points.contains(where: { !$0.perSeed.isEmpty }) {
      // Over seeds: one chart per figure (at most four), its median with the band's two ends.
      return r.shown.prefix(4).map { f in
        let bands = r.points.map { p in Band(p.perSeed.map(f.raw), r.uncertainty) }
        let u = r.uncertainty.label.split(separator: "–").map(String.init)
        return LineChart(
          title: "\(f.description) by \(name): median and \(r.uncertainty.label) over \(r.uncertainty.seeds) seeds",
          labels: axis.values.labels,
          series: [
            .init(name: "median", values: bands.map { $0?.median }),
            .init(name: u.first ?? "low", values: bands.map { $0?.low }),
            .init(name: u.last ?? "high", values: bands.map { $0?.high }),
          ], unit: f.unit(in: r.currency))
      }
    }
    return groups.compactMap { group in
      guard let unit = group.first?.unit(in: r.currency) else { return nil }
      return LineChart(
        title: group.map(\.description).joined(separator: ", ") + " by \(name)", labels: axis.values.labels,
        series: group.map { f in .init(name: f.description, values: r.points.map { f.raw($0.figures) }) }, unit: unit)
    }
  }

  /// A figure at a point: seed 1's value, or over seeds its median with the band.
  static func banded(_ f: WhatIfFigure, at p: SweepResult.Point, _ u: Uncertainty) -> String {
    let single = f.format(p.figures)
    guard let band = Band(p.perSeed.map(f.raw), u) else { return single }
    let style = KeyFigure.Style(single)
    return "\(style.format(band.median)) (\(style.format(band.low))…\(style.format(band.high)))"
  }

  static func grid(_ r: SweepResult) -> Report {
    let (rowsAxis, columnsAxis) = (r.axes[0], r.axes[1])
    guard let figure = r.shown.first else { return Report(title: "Grid", blocks: [.note("No figure to show.")]) }
    var values = rowsAxis.values.labels.map { _ in [Double](repeating: 0, count: columnsAxis.values.labels.count) }
    var best: SweepResult.Point?
    for p in r.points {
      let v = figure.raw(p.figures)
      values[p.position[0]][p.position[1]] = v
      // Row-major order and a strict comparison: the first of equal cells stays best.
      if let b = best {
        let bv = figure.raw(b.figures)
        if figure.higherIsBetter ? v > bv : v < bv { best = p }
      } else {
        best = p
      }
    }
    let (rowName, columnName) = (shortName(rowsAxis.path), shortName(columnsAxis.path))
    let heat = HeatTable(
      title: "\(figure) by \(rowName) (rows) and \(columnName) (columns)", rowName: rowName, columnName: columnName,
      rows: rowsAxis.values.labels, columns: columnsAxis.values.labels, values: values,
      unit: figure.unit(in: r.currency),
      best: best.map { HeatTable.Position(row: $0.position[0], column: $0.position[1]) })
    var blocks: [ReportBlock] = [.note(intro(r)), .heat(heat)]
    if let b = best {
      blocks.append(
        .note(
          "Best \(figure) (\(figure.higherIsBetter ? "highest" : "lowest")): \(figure.format(b.figures)) at "
            + "\(rowsAxis.path) = \(rowsAxis.values.labels[b.position[0]]), \(columnsAxis.path) = \(columnsAxis.values.labels[b.position[1]])."
        ))
    }
    if let rates = r.ratesNote { blocks.append(.note(rates)) }
    return Report(
      title: "Grid of \(rowsAxis.path) × \(columnsAxis.path) on \(r.scenario)",
      domain: "Usage-based revenue: pricing what-if", blocks: blocks)
  }
}
