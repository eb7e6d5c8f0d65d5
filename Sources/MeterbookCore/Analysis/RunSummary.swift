/// Headline figures of a run, and their change between two runs.
public enum RunSummary {
  public static func figures(_ r: SimulationResult) -> [KeyFigure] {
    let run = r.run
    let cost = run.totalCost
    let customers = Set(run.customer).count
    let errors = run.status.filter { $0 != 0 }.count
    let fees = Money.sum(r.population.customers.map { r.population.spec.tiers.isEmpty ? .zero : r.population.spec.tiers[$0.tier].fee })
    let months = Int64(PricingEngine.months(days: r.scenario.days))
    let revenue = fees * months
    return [
      KeyFigure(label: "calls", value: Format.integer(run.count), raw: Double(run.count)),
      KeyFigure(label: "active customers", value: Format.integer(customers), raw: Double(customers)),
      KeyFigure(label: "AI cost", value: Format.money(cost), raw: cost.dollars),
      KeyFigure(label: "subscription revenue", value: Format.money(revenue), raw: revenue.dollars),
      KeyFigure(label: "gross margin", value: Format.money(revenue - cost), raw: (revenue - cost).dollars),
      KeyFigure(label: "error rate", value: Format.percent(Double(errors) / Double(max(1, run.count))), raw: Double(errors) / Double(max(1, run.count))),
    ]
  }

  public static func report(_ r: SimulationResult) -> Report {
    let s = r.scenario
    return Report(
      title: "Run: \(s.name)",
      blocks: [
        .note("\(s.days) days from \(s.start), \(s.population.customers) customers, seed \(s.seed), catalog \(s.catalog.name) (prices of \(s.catalog.priceDate)), \(s.traffic.count) traffic pattern\(s.traffic.count == 1 ? "" : "s")\(s.traffic.isEmpty ? "" : ": " + s.traffic.map(\.name).joined(separator: ", "))."),
        .keyFigures(figures(r)),
      ])
  }

  /// A table of each headline figure before and after, with absolute and % change.
  public static func delta(before: SimulationResult, after: SimulationResult, title: String) -> Report {
    delta(before: figures(before), after: figures(after), title: title)
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
    return Report(title: title, blocks: [
      .table(Table(title: "", columns: ["figure", "before", "after", "change", "%"], numeric: [false, true, true, true, true], rows: rows)),
    ])
  }
}
