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
    let measured = MeasuredRun(r, cube: cube)
    let f = measured.figures(plans: plans, billing: allPlans ? nil : 1)
    var figures = [
      KeyFigure(label: "calls", value: Format.integer(f.calls), raw: Double(f.calls)),
      KeyFigure(label: "active customers", value: Format.integer(f.activeCustomers), raw: Double(f.activeCustomers)),
      KeyFigure(label: "AI cost", value: Format.money(f.cost), raw: f.cost.dollars),
    ]
    func revenue(_ revenueLabel: String, _ marginLabel: String, _ amount: Money) {
      figures.append(KeyFigure(label: revenueLabel, value: Format.money(amount), raw: amount.dollars))
      figures.append(
        KeyFigure(label: marginLabel, value: Format.money(amount - f.cost), raw: (amount - f.cost).dollars))
    }
    if plans.isEmpty {
      let fees = Money.sum(
        r.population.customers.map { r.population.spec.tiers.isEmpty ? .zero : r.population.spec.tiers[$0.tier].fee })
      revenue("subscription revenue", "gross margin", r.scenario.period.total(monthly: fees))
    }
    for p in f.plans { revenue("revenue (\(p.plan))", "gross margin (\(p.plan))", p.revenue) }
    figures.append(KeyFigure(label: "error rate", value: Format.percent(f.errorRate), raw: f.errorRate))
    return figures
  }

  public static func report(_ r: SimulationResult, plans: [Plan] = [], cube: UsageCube? = nil) -> Report {
    let s = r.scenario
    return Report(
      title: "Run: \(s.name)",
      blocks: [
        .note(
          "\(s.days) days from \(s.start), \(s.population.customers) customers, seed \(s.seed), catalog \(s.catalog.name) (prices of \(s.catalog.priceDate)), \(s.traffic.count) traffic pattern\(s.traffic.count == 1 ? "" : "s")\(s.traffic.isEmpty ? "" : ": " + s.traffic.map(\.name).joined(separator: ", "))."
        ),
        .keyFigures(figures(r, plans: plans, cube: cube, allPlans: false)),
      ])
  }

  /// The change between two sets of the same headline figures; money changes print as
  /// money, shares as percentage points.
  public static func delta(before a: [KeyFigure], after b: [KeyFigure], title: String) -> Report {
    let rows = zip(a, b).map { x, y -> [String] in
      let change = y.raw - x.raw
      let sign = change > 0 ? "+" : ""
      let shown: String
      if x.value.hasPrefix("$") || x.value.hasPrefix("-$") {
        shown = sign + Format.money(dollars: change)
      } else if x.value.hasSuffix("%") {
        shown = sign + Format.fixed(change * 100, places: 1) + " pp"
      } else {
        shown = sign + Format.fixed(change, places: change == change.rounded() ? 0 : 2)
      }
      let pct = x.raw == 0 ? "–" : sign + Format.percent(change / abs(x.raw))
      return [x.label, x.value, y.value, shown, pct]
    }
    return Report(
      title: title,
      blocks: [
        .table(
          Table(
            title: "", columns: ["figure", "before", "after", "change", "%"], numeric: [false, true, true, true, true],
            rows: rows))
      ])
  }
}
