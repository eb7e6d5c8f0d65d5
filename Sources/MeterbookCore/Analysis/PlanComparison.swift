/// Pricing plans side by side on the very same calls: revenue, AI cost, margin, losers,
/// concentration, each customer's bill change against the first (current) plan, the
/// volume-tier cliffs customers sit near, and revenue after price-sensitive churn.
public struct PlanComparison {
  public struct Outcome: Sendable {
    public var plan: String
    public var revenue: Money
    public var margin: Money
    public var negativeCustomers: Int
    public var negativeMargin: Money
    public var topDecileShare: Double
    public var bills: [Bill]
    /// Expected revenue once customers whose bill rises past the sensitivity threshold churn.
    public var revenueAfterChurn: Money
    public var atRiskCustomers: Int
    public var cliffs: [Cliff]
  }

  /// A customer whose usage sits just above a volume tier's edge, where one unit fewer
  /// would cost more (10,000 units at $0.008 = $80, 10,001 at $0.005 = $50.005).
  public struct Cliff: Sendable, Hashable {
    public var customer: String
    public var metric: String
    public var units: Int64
    public var edge: Int64
    public var billAtEdge: Money
    public var billAboveEdge: Money
  }

  /// Price sensitivity: customers whose bill rises by more than `threshold` (a share) churn
  /// with probability `probability`.
  public struct Sensitivity: Sendable, Hashable {
    public var threshold: Double
    public var probability: Double
    public init(threshold: Double = 0.25, probability: Double = 0.3) {
      self.threshold = threshold
      self.probability = probability
    }
  }

  public let plans: [Plan]
  public let sensitivity: Sensitivity
  /// Calendar months of the compared run (monthly amounts are prorated to it).
  public let months: MonthCount
  public init(plans: [Plan], sensitivity: Sensitivity = Sensitivity(), months: MonthCount = MonthCount(whole: 1)) {
    self.plans = plans
    self.sensitivity = sensitivity
    self.months = months
  }

  /// `cube` is the run's period cube when the caller keeps one: billing and each customer's
  /// cost read it instead of the calls.
  public func outcomes(_ names: [String], run: Run, population: Population, cube: UsageCube? = nil) -> [Outcome] {
    let cube = cube ?? UsageCube(run, grain: .period)
    let engine = PricingEngine(plans: plans, months: months)
    let costByCustomer = cube.costByCustomer(count: population.customers.count)
    let cost = Money.sum(costByCustomer)
    var baseline: [Bill]?
    return names.compactMap { name in
      guard let plan = plans.first(where: { $0.name == name }) else { return nil }
      let bills = engine.bills(plan, cube: cube, population: population)
      if baseline == nil { baseline = bills }
      let revenue = Money.sum(bills.map(\.total))
      let margins = bills.map { $0.total - costByCustomer[$0.customer] }
      let negative = margins.filter { $0 < .zero }
      let sorted = bills.map(\.total).sorted(by: >)
      let top = Money.sum(sorted.prefix(max(1, sorted.count / 10)))
      var afterChurn = Money.zero
      var atRisk = 0
      for (b, old) in zip(bills, baseline!) {
        let rises =
          old.total > .zero && Double((b.total - old.total).nanos) / Double(old.total.nanos) > sensitivity.threshold
        if rises {
          atRisk += 1
          afterChurn += b.total.scaled(by: Int64(saturating: (1 - sensitivity.probability) * 1_000_000), per: 1_000_000)
        } else {
          afterChurn += b.total
        }
      }
      return Outcome(
        plan: name, revenue: revenue, margin: revenue - cost, negativeCustomers: negative.count,
        negativeMargin: Money.sum(negative), topDecileShare: Double(top.nanos) / Double(max(1, revenue.nanos)),
        bills: bills,
        revenueAfterChurn: afterChurn, atRiskCustomers: atRisk,
        cliffs: cliffs(plan, engine: engine, cube: cube, population: population))
    }
  }

  /// Customers within 10% above a volume edge where the charge falls as usage rises.
  func cliffs(_ plan: Plan, engine: PricingEngine, cube: UsageCube, population: Population) -> [Cliff] {
    let volume = plan.charges.enumerated().filter { if case .volume = $0.element.model { true } else { false } }
    guard !volume.isEmpty else { return [] }
    let usage = engine.usage(plan, cube: cube, customers: population.customers.count)
    var out: [Cliff] = []
    for (k, charge) in volume {
      guard case .volume(let tiers) = charge.model else { continue }
      for edge in tiers.compactMap(\.upTo) {
        let atEdge = charge.amount(units: edge + charge.included)
        let above = charge.amount(units: edge + 1 + charge.included)
        guard above < atEdge else { continue }
        for c in population.customers {
          let units = usage[k][c.index] - charge.included
          if units > edge && Double(units) <= Double(edge) * 1.1 {
            out.append(
              Cliff(
                customer: c.id, metric: charge.metric, units: units, edge: edge, billAtEdge: atEdge,
                billAboveEdge: above))
          }
        }
      }
    }
    return out
  }

  public func report(_ names: [String], run: Run, population: Population, cube: UsageCube? = nil) -> Report {
    let cube = cube ?? UsageCube(run, grain: .period)
    let out = outcomes(names, run: run, population: population, cube: cube)
    guard let current = out.first else {
      return Report(title: "Pricing plans side by side", blocks: [.note("No plans to compare.")])
    }
    let cost = cube.totalCost
    func pct(_ a: Money, _ b: Money) -> String { Format.percent(Double(a.nanos) / Double(max(1, b.nanos))) }
    // The negative-margin column reads "3 (-$95.35)"; scripts get the customer count.
    let rows = out.map { o -> [TableCell] in
      [
        TableCell(o.plan), .money(o.revenue), .money(o.margin),
        .percent(Double(o.margin.nanos) / Double(max(1, o.revenue.nanos))),
        TableCell(
          text: "\(o.negativeCustomers) (\(Format.money(o.negativeMargin)))", value: Double(o.negativeCustomers),
          unit: .count),
        .percent(o.topDecileShare), .money(o.revenueAfterChurn),
      ]
    }
    let best = out.max { ($0.margin, $1.plan) < ($1.margin, $0.plan) }!
    let tiers = population.spec.tiers.map(\.name)
    let costs = cube.costByCustomer(count: population.customers.count)
    let marginByTier = tiers.indices.map { t in
      out.map { o in
        population.customers.filter { $0.tier == t }.reduce(Money.zero) {
          $0 + o.bills[$1.index].total - costs[$1.index]
        }.dollars
      }
    }
    var segmentRows: [[TableCell]] = []
    let segments: [(String, [(String, (Customer) -> Bool)])] = [
      (
        "archetype", population.spec.archetypes.enumerated().map { a in (a.element.name, { $0.archetype == a.offset }) }
      ),
      ("tier", tiers.enumerated().map { t in (t.element, { $0.tier == t.offset }) }),
    ]
    for o in out.dropFirst() {
      for (kind, groups) in segments {
        for (name, member) in groups {
          let members = population.customers.filter(member)
          guard !members.isEmpty else { continue }
          let changes = members.map { o.bills[$0.index].total - current.bills[$0.index].total }
          let more = changes.filter { $0 > .zero }.count
          let less = changes.filter { $0 < .zero }.count
          segmentRows.append([
            TableCell(o.plan), TableCell("\(kind) \(name)"), .count(members.count), .count(more), .count(less),
            .money(Money.sum(changes).scaled(by: 1, per: Int64(members.count))), .money(Money.sum(changes)),
          ])
        }
      }
    }
    var blocks: [ReportBlock] = [
      .table(
        Table(
          title: "Plans on the same \(Format.integer(run.count)) calls (AI cost \(Format.money(cost)))",
          columns: [
            "plan", "revenue", "margin", "margin %", "negative-margin customers", "top 10% share",
            "revenue after churn",
          ],
          numeric: [false, true, true, true, true, true, true], cells: rows)),
      .grouped(
        CategoryChart(
          title: "Gross margin by tier and plan", series: out.map(\.plan), categories: tiers, values: marginByTier,
          unit: .dollars)),
    ]
    if out.count > 1 {
      blocks.append(
        .table(
          Table(
            title: "Who pays more, who pays less (against '\(current.plan)')",
            columns: ["plan", "segment", "customers", "pay more", "pay less", "average change", "total change"],
            numeric: [false, false, true, true, true, true, true], cells: segmentRows)))
      let target = best.plan == current.plan ? out[1] : best
      blocks.append(
        .histogram(
          HistogramChart(
            title: "Bill change per customer, '\(target.plan)' against '\(current.plan)'",
            values: zip(target.bills, current.bills).map { ($0.total - $1.total).dollars }, unit: .dollars)))
    }
    let cliffs = out.flatMap { o in o.cliffs.map { (o.plan, $0) } }
    if !cliffs.isEmpty {
      blocks.append(
        .table(
          Table(
            title: "Volume-tier cliffs: customers just above an edge where the bill falls",
            columns: ["plan", "customer", "metric", "units", "edge", "bill at edge", "bill one unit above"],
            numeric: [false, false, false, true, true, true, true],
            cells: cliffs.prefix(20).map {
              [
                TableCell($0.0), TableCell($0.1.customer), TableCell($0.1.metric), .count(Int($0.1.units)),
                .count(Int($0.1.edge)),
                .money($0.1.billAtEdge), .money($0.1.billAboveEdge),
              ]
            })))
    }
    blocks.append(
      .note(
        "Sensitivity: a customer whose bill rises by more than \(Format.percent(sensitivity.threshold, places: 0)) churns with probability \(Format.percent(sensitivity.probability, places: 0)); 'revenue after churn' is the expected revenue."
      ))
    let delta = best.margin - current.margin
    return Report(
      title: "Pricing plans side by side",
      domain: "Usage-based revenue: pricing strategy",
      problem: current.negativeCustomers > 0
        ? "Under '\(current.plan)', \(current.negativeCustomers) customers cost more to serve than they pay (\(Format.money(-current.negativeMargin)) of negative margin)."
        : "Under '\(current.plan)', every customer pays more than they cost; the question is which plan earns most.",
      impact: best.plan == current.plan
        ? "'\(current.plan)' already earns the highest margin of the plans compared (\(Format.money(current.margin)))."
        : "'\(best.plan)' earns \(Format.money(delta)) more gross margin than '\(current.plan)' on the same calls (\(Format.money(best.margin)) vs \(Format.money(current.margin))).",
      recommendation: best.plan == current.plan
        ? "Keep '\(current.plan)'."
        : "Propose '\(best.plan)': \(best.negativeCustomers) unprofitable customers instead of \(current.negativeCustomers); \(best.atRiskCustomers) customers see a rise above \(Format.percent(sensitivity.threshold, places: 0))\(best.cliffs.isEmpty ? "" : "; \(best.cliffs.count) sit near a volume cliff").",
      outcome:
        "Revenue \(Format.money(best.revenue)) (\(Format.money(best.revenueAfterChurn)) after expected churn), gross margin \(pct(best.margin, best.revenue)).",
      blocks: blocks)
  }
}

extension Run {
  /// AI cost per customer index.
  public func costByCustomer(count: Int) -> [Money] {
    var out = [Money](repeating: .zero, count: count)
    for i in 0..<self.count { out[Int(customer[i])].nanos += Int128(cost[i]) }
    return out
  }
}
