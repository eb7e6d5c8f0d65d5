/// Pricing plans side by side on the very same calls: revenue, AI cost, margin, losers,
/// concentration, and each customer's bill change against the first (current) plan.
public struct PlanComparison {
  public struct Outcome: Sendable {
    public var plan: String
    public var revenue: Money
    public var margin: Money
    public var negativeCustomers: Int
    public var negativeMargin: Money
    public var topDecileShare: Double
    public var bills: [Bill]
  }

  public let plans: [Plan]
  public init(plans: [Plan]) { self.plans = plans }

  public func outcomes(_ names: [String], run: Run, population: Population) -> [Outcome] {
    let engine = PricingEngine(plans: plans)
    var costByCustomer = [Money](repeating: .zero, count: population.customers.count)
    for i in 0..<run.count { costByCustomer[Int(run.customer[i])].nanos += run.cost[i] }
    let cost = Money.sum(costByCustomer)
    return names.compactMap { name in
      guard let plan = plans.first(where: { $0.name == name }) else { return nil }
      let bills = engine.bills(plan, run: run, population: population)
      let revenue = Money.sum(bills.map(\.total))
      let margins = bills.map { $0.total - costByCustomer[$0.customer] }
      let negative = margins.filter { $0 < .zero }
      let sorted = bills.map(\.total).sorted(by: >)
      let top = Money.sum(sorted.prefix(max(1, sorted.count / 10)))
      return Outcome(
        plan: name, revenue: revenue, margin: revenue - cost, negativeCustomers: negative.count,
        negativeMargin: Money.sum(negative), topDecileShare: Double(top.nanos) / Double(max(1, revenue.nanos)), bills: bills)
    }
  }

  public func report(_ names: [String], run: Run, population: Population) -> Report {
    let out = outcomes(names, run: run, population: population)
    guard let current = out.first else { return Report(title: "Plan comparison", blocks: [.note("No plans to compare.")]) }
    let cost = run.totalCost
    let rows = out.map { o -> [String] in
      [o.plan, Format.money(o.revenue), Format.money(cost), Format.money(o.margin),
       Format.percent(Double(o.margin.nanos) / Double(max(1, o.revenue.nanos))),
       "\(o.negativeCustomers) (\(Format.money(o.negativeMargin)))", Format.percent(o.topDecileShare)]
    }
    let best = out.max { ($0.margin, $1.plan) < ($1.margin, $0.plan) }!
    var segmentRows: [[String]] = []
    let archetypes = population.spec.archetypes.map(\.name)
    for o in out.dropFirst() {
      for (a, name) in archetypes.enumerated() {
        let members = population.customers.filter { $0.archetype == a }
        guard !members.isEmpty else { continue }
        let changes = members.map { o.bills[$0.index].total - current.bills[$0.index].total }
        let more = changes.filter { $0 > .zero }.count, less = changes.filter { $0 < .zero }.count
        let avg = Money.sum(changes).scaled(by: 1, per: Int64(members.count))
        segmentRows.append([o.plan, name, Format.integer(members.count), Format.integer(more), Format.integer(less), Format.money(avg)])
      }
    }
    let delta = best.margin - current.margin
    return Report(
      title: "Pricing plans side by side",
      domain: "Usage-based revenue: pricing strategy",
      problem: "Under '\(current.plan)', \(current.negativeCustomers) customers cost more to serve than they pay (\(Format.money(current.negativeMargin)) of negative margin).",
      impact: best.plan == current.plan
        ? "'\(current.plan)' already earns the highest margin of the plans compared (\(Format.money(current.margin)))."
        : "'\(best.plan)' earns \(Format.money(delta)) more margin than '\(current.plan)' on the same calls.",
      recommendation: best.plan == current.plan ? "Keep '\(current.plan)'." : "Propose '\(best.plan)': margin \(Format.money(best.margin)) vs \(Format.money(current.margin)), \(best.negativeCustomers) unprofitable customers vs \(current.negativeCustomers).",
      outcome: "Revenue \(Format.money(best.revenue)), gross margin \(Format.percent(Double(best.margin.nanos) / Double(max(1, best.revenue.nanos)))) on AI cost \(Format.money(cost)).",
      blocks: [
        .table(Table(title: "Plans on the same \(Format.integer(run.count)) calls",
                     columns: ["plan", "revenue", "AI cost", "margin", "margin %", "negative-margin customers", "top 10% share"],
                     numeric: [false, true, true, true, true, true, true], rows: rows)),
        .bars(BarChart(title: "Gross margin by plan", items: out.map { .init(label: $0.plan, value: $0.margin.dollars, display: Format.money($0.margin)) })),
        .table(Table(title: "Bill change against '\(current.plan)' by archetype",
                     columns: ["plan", "archetype", "customers", "pay more", "pay less", "average change"],
                     numeric: [false, false, true, true, true, true], rows: segmentRows)),
      ])
  }
}
