/// Customer profitability: cost to serve, revenue and margin per customer, who loses money,
/// lifetime value by archetype, and what repricing the losers would earn.
public struct ProfitabilityAnalyzer {
  /// Monthly churn per archetype name (default 6% light, 4% power, 3% heavy; 5% otherwise).
  public var churn: [String: Double] = ["light": 0.06, "power": 0.04, "heavy": 0.03]
  /// Markup over cost that repriced losers would pay.
  public var targetMarkup: Double = 0.2
  public init() {}

  public func report(_ c: AnalysisContext) -> Report {
    let revenue = c.revenueByCustomer
    let cost = c.costByCustomer
    let customers = c.population.customers
    guard !customers.isEmpty else { return Report(title: "Customer profitability", blocks: [.note("No customers.")]) }
    let margin = customers.map { revenue[$0.index] - cost[$0.index] }
    let losers = customers.filter { margin[$0.index] < .zero }.sorted { margin[$0.index] < margin[$1.index] }
    let lossMonthly = c.monthly(-Money.sum(losers.map { margin[$0.index] }))
    let repriced = losers.map {
      cost[$0.index].scaled(by: Int64(saturating: (1 + targetMarkup) * 1000), per: 1000) - revenue[$0.index]
    }
    let uplift = c.monthly(Money.sum(repriced))
    let totalRevenue = Money.sum(revenue)
    let totalCost = Money.sum(cost)
    let archetypes = c.population.spec.archetypes.map(\.name)
    let tiers = c.population.spec.tiers.map(\.name)
    let ltvRows = archetypes.enumerated().map { (a, name) -> [String] in
      let members = customers.filter { $0.archetype == a }
      let m =
        members.isEmpty
        ? Money.zero : c.monthly(Money.sum(members.map { margin[$0.index] })).scaled(by: 1, per: Int64(members.count))
      let rate = churn[name] ?? 0.05
      let lifetime = min(36, 1 / max(rate, 1e-6))
      return [
        name, Format.integer(members.count), Format.money(m), Format.percent(rate), Format.fixed(lifetime, places: 1),
        Format.money(m.scaled(by: Int64(saturating: lifetime * 100), per: 100)),
      ]
    }
    let loserRows = losers.prefix(15).map { x -> [String] in
      [
        x.id, archetypes.indices.contains(x.archetype) ? archetypes[x.archetype] : "",
        tiers.indices.contains(x.tier) ? tiers[x.tier] : "",
        Format.money(cost[x.index]), Format.money(revenue[x.index]), Format.money(margin[x.index]),
      ]
    }
    let byTier = tiers.indices.map { t -> BarChart.Item in
      let m = Money.sum(customers.filter { $0.tier == t }.map { margin[$0.index] })
      return .init(label: tiers[t], value: m.dollars, display: Format.money(m))
    }
    let plan = c.currentPlan.name
    return Report(
      title: "Customer profitability",
      domain: "Usage-based revenue: customer profitability",
      problem: losers.isEmpty
        ? "Every customer pays more than their AI cost under '\(plan)'."
        : "\(losers.count) of \(customers.count) customers (\(Format.percent(Double(losers.count) / Double(customers.count)))) cost more to serve than they pay under '\(plan)'.",
      impact: losers.isEmpty
        ? "No margin is at risk."
        : "\(Format.money(lossMonthly))/month at risk from \(losers.count) unprofitable customers.",
      recommendation: losers.isEmpty
        ? "Keep '\(plan)'; watch heavy users' cost per call."
        : "Move the \(losers.count) unprofitable customers to an allowance-plus-overage plan priced at AI cost + \(Format.percent(targetMarkup, places: 0)).",
      outcome: losers.isEmpty
        ? "Gross margin stays \(Format.money(c.monthly(totalRevenue - totalCost)))/month."
        : "+\(Format.money(uplift))/month revenue from those customers, turning \(Format.money(lossMonthly))/month of losses into a \(Format.percent(targetMarkup, places: 0)) margin.",
      blocks: [
        .keyFigures([
          KeyFigure(
            label: "revenue/month", value: Format.money(c.monthly(totalRevenue)), raw: c.monthly(totalRevenue).dollars),
          KeyFigure(
            label: "AI cost/month", value: Format.money(c.monthly(totalCost)), raw: c.monthly(totalCost).dollars),
          KeyFigure(
            label: "gross margin",
            value: Format.percent(Double((totalRevenue - totalCost).nanos) / Double(max(1, totalRevenue.nanos))),
            raw: Double((totalRevenue - totalCost).nanos) / Double(max(1, totalRevenue.nanos))),
          KeyFigure(label: "unprofitable customers", value: Format.integer(losers.count), raw: Double(losers.count)),
        ]),
        .histogram(
          HistogramChart(title: "Margin per customer (period)", values: margin.map(\.dollars), unit: .dollars)),
        .bars(BarChart(title: "Margin by tier", items: byTier)),
        .table(
          Table(
            title: losers.isEmpty ? "Unprofitable customers: none" : "Unprofitable customers (largest losses first)",
            columns: ["customer", "archetype", "tier", "AI cost", "revenue", "margin"],
            numeric: [false, false, false, true, true, true], rows: loserRows)),
        .table(
          Table(
            title: "Lifetime value by archetype (margin/month × expected months, capped at 36)",
            columns: ["archetype", "customers", "margin/month", "churn/month", "months", "lifetime value"],
            numeric: [false, true, true, true, true, true], rows: ltvRows)),
      ])
  }
}
