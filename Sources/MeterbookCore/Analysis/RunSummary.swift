/// Headline figures of a run, and their change between two runs.
public enum RunSummary {
  /// Calls, customers and AI cost; then revenue and gross margin of each plan billed on the
  /// run (the first plan is the current one), or, in a workbook without plans, of the
  /// scenario's tier fees; then the error rate.
  ///
  /// `cube` is the run's period cube when the
  /// caller keeps one (billing reads it instead of the calls). `allPlans: false` bills only
  /// the current plan (the run summary's headline); deltas and comparisons bill them all.
  public static func figures(_ r: SimulationResult, plans: [Plan] = [], cube: UsageCube? = nil, allPlans: Bool = true)
    -> [KeyFigure]
  {
    figures(MeasuredRun(r, cube: cube), plans: plans, allPlans: allPlans)
  }

  /// The figures of a measured run (one seed of many keeps only its cube).
  public static func figures(_ measured: MeasuredRun, plans: [Plan] = [], allPlans: Bool = true) -> [KeyFigure] {
    figures(
      measured.figures(plans: plans, billing: allPlans ? nil : 1),
      subscription: plans.isEmpty ? subscription(measured) : nil, allPlans: allPlans)
  }

  /// The figures from what-if figures: `subscription` is the tier fees' revenue of a workbook
  /// without plans; with `allPlans` false only the first plan's revenue and margin; amounts
  /// print in `currency`, the one `f` was converted to.
  public static func figures(
    _ f: WhatIfFigures, subscription: Money?, allPlans: Bool = true, in currency: Currency = .usd
  ) -> [KeyFigure] {
    var figures = [
      KeyFigure(label: "calls", value: Format.integer(f.calls), raw: Double(f.calls)),
      KeyFigure(label: "active customers", value: Format.integer(f.activeCustomers), raw: Double(f.activeCustomers)),
      KeyFigure(label: "AI cost", value: Format.money(f.cost, in: currency), raw: f.cost.dollars),
    ]
    func revenue(_ revenueLabel: String, _ marginLabel: String, _ amount: Money) {
      figures.append(KeyFigure(label: revenueLabel, value: Format.money(amount, in: currency), raw: amount.dollars))
      figures.append(
        KeyFigure(
          label: marginLabel, value: Format.money(amount - f.cost, in: currency), raw: (amount - f.cost).dollars))
    }
    if let subscription { revenue("subscription revenue", "gross margin", subscription) }
    for p in f.plans.prefix(allPlans ? f.plans.count : 1) {
      revenue("revenue (\(p.plan))", "gross margin (\(p.plan))", p.revenue)
    }
    figures.append(KeyFigure(label: "error rate", value: Format.percent(f.errorRate), raw: f.errorRate))
    return figures
  }

  /// What the scenario's tier fees bill over its period (the revenue of a workbook without plans).
  public static func subscription(_ measured: MeasuredRun) -> Money {
    let population = measured.population
    let fees = Money.sum(
      population.customers.map { population.spec.tiers.isEmpty ? .zero : population.spec.tiers[$0.tier].fee })
    return measured.scenario.period.total(monthly: fees)
  }

  public static func report(_ r: SimulationResult, plans: [Plan] = [], cube: UsageCube? = nil) -> Report {
    report(r, figures: SeededFigures(single: figures(r, plans: plans, cube: cube, allPlans: false)))
  }

  /// The run summary with `figures` as its headline: banded, and saying so, over several seeds.
  public static func report(_ r: SimulationResult, figures: SeededFigures) -> Report {
    report(r.scenario, calls: r.run.count, figures: figures)
  }

  /// The same for a scenario measured without its calls (`calls` of them).
  public static func report(_ s: Scenario, calls: Int, figures: SeededFigures) -> Report {
    let seeds = figures.perSeed.count
    return Report(
      title: "Run: \(s.name)",
      blocks: (s.data.map { dataNotes(s, calls: calls, $0) }
        ?? [
          .note(
            "\(s.days) days from \(s.start), \(s.population.customers) customers, seed \(s.seed), catalog \(s.catalog.name) (prices of \(s.catalog.priceDate)), \(s.traffic.count) traffic pattern\(s.traffic.count == 1 ? "" : "s")\(s.traffic.isEmpty ? "" : ": " + s.traffic.map(\.name).joined(separator: ", "))."
          )
        ]) + [
          .keyFigures(figures.figures)
        ] + (seeds > 1 ? [.note(bandNote(figures.uncertainty, seeds: seeds, base: s.seed))] : []))
  }

  /// What a banded figure means, in one sentence under it.
  static func bandNote(_ u: Uncertainty, seeds: Int, base: UInt64) -> String {
    "Figures over \(seeds) seeds (seed 1 is \(base); the others derive from it): the median, and after it the \(u.label) band, where the middle \(Format.percent(u.interval, places: 0)) of the seeds fell."
  }

  /// The change between two sets of the same headline figures; money changes print as
  /// money, shares as percentage points.
  public static func delta(before a: [KeyFigure], after b: [KeyFigure], title: String) -> Report {
    delta(before: SeededFigures(single: a), after: SeededFigures(single: b), title: title)
  }

  /// The change between two states, seed by seed.
  ///
  /// Each seed's change is the difference of that seed's two figures (the same random numbers on both sides), and the change column
  /// is the median of those changes with their band. With one seed, the plain change.
  public static func delta(before a: SeededFigures, after b: SeededFigures, title: String) -> Report {
    let (before, after) = (a.figures, b.figures)
    let seeds = min(a.perSeed.count, b.perSeed.count)
    let rows = zip(before, after).enumerated().map { i, pair -> [String] in
      let (x, y) = pair
      let changes = (0..<seeds).compactMap { k -> Double? in
        guard a.perSeed[k].indices.contains(i), b.perSeed[k].indices.contains(i) else { return nil }
        return b.perSeed[k][i].raw - a.perSeed[k][i].raw
      }
      let style = KeyFigure.Style(x.value)
      let band = Band(changes, a.uncertainty)
      let change = seeds > 1 ? (band?.median ?? 0) : y.raw - x.raw
      var shown = signedChange(change, style: style)
      if seeds > 1, let band {
        shown += " (\(signedChange(band.low, style: style))…\(signedChange(band.high, style: style)))"
      }
      let sign = change > 0 ? "+" : ""
      let pct = x.raw == 0 ? "–" : sign + Format.percent(change / abs(x.raw))
      return [x.label, withBand(x), withBand(y), shown, pct]
    }
    var blocks: [ReportBlock] = [
      .table(
        Table(
          title: "", columns: ["figure", "before", "after", "change", "%"], numeric: [false, true, true, true, true],
          rows: rows))
    ]
    if seeds > 1 {
      blocks.append(
        .note(
          "Over \(seeds) seeds: medians, and the change's \(a.uncertainty.label) band taken seed by seed (both states drew the same random numbers)."
        ))
    }
    return Report(title: title, blocks: blocks)
  }

  /// A figure's value with its band, for a delta table.
  private static func withBand(_ f: KeyFigure) -> String {
    f.value + (f.spread.map { " (\($0.range))" } ?? "")
  }

  /// A change written like the figure: money as signed money, shares as percentage points,
  /// counts whole.
  static func signedChange(_ change: Double, style: KeyFigure.Style) -> String {
    let sign = change > 0 ? "+" : ""
    switch style {
    case .money(let currency):
      return sign + (Money(approximating: change).map { Format.money($0, in: currency) } ?? "–")
    case .percent: return sign + Format.fixed(change * 100, places: 1) + " pp"
    default: return sign + Format.fixed(change, places: change == change.rounded() ? 0 : 2)
    }
  }
}
