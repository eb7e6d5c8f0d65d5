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
    /// Expected gross margin after that churn: a customer who leaves takes their bill and
    /// their AI cost, so each at-risk customer's margin counts `1 − probability` times.
    public var marginAfterChurn: Money
    public var atRiskCustomers: Int
    public var cliffs: [Cliff]
    /// The exchange-rate quotes its amounts were converted with (none in one currency).
    public var rates: [FXTable.Used] = []
    /// Each customer's AI cost in the display currency, by customer index (the same for
    /// every plan), which `margin` subtracts.
    public var costs: [Money] = []
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
    /// The plan's currency, which the two amounts are in (a price, not a converted figure).
    public var currency: Currency = .usd
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
  /// The compared run's calendar span, cut into each plan's billing periods.
  public let period: Period
  /// The exchange rates and display currency: bills and AI costs are compared converted, each
  /// at the rate of its date (`specs/pricing.md`, *Currencies*).
  public var money = MoneySettings()
  public init(
    plans: [Plan], sensitivity: Sensitivity = Sensitivity(), period: Period, money: MoneySettings = MoneySettings()
  ) {
    self.plans = plans
    self.sensitivity = sensitivity
    self.period = period
    self.money = money
  }

  /// `cube` is the run's period cube when the caller keeps one: billing and each customer's
  /// cost read it instead of the calls.
  ///
  /// - Throws: `ProjectionError.exchange` when the rates cannot convert an amount.
  public func outcomes(
    _ names: [String], run: Run, population: Population, cube: UsageCube? = nil, book: BillBook? = nil
  ) throws -> [Outcome] {
    try outcomes(
      names, population: population, cube: cube ?? UsageCube(run, grain: money.grain(for: plans, period: period)),
      book: book)
  }

  /// The outcomes billed on a period cube alone (a measured run keeps no calls).
  public func outcomes(_ names: [String], population: Population, cube: UsageCube, book: BillBook? = nil)
    throws -> [Outcome]
  {
    let engine = PricingEngine(plans: plans, period: period)
    var ledger = RateLedger()
    let costByCustomer = try displayCosts(cube, customers: population.customers.count, ledger: &ledger)
    let cost = Money.sum(costByCustomer)
    var baseline: [Bill]?
    return try names.compactMap { name in
      guard let plan = plans.first(where: { $0.name == name }) else { return nil }
      var rates = ledger
      let bills = try displayBills(
        engine.bills(plan, cube: cube, population: population, book: book), of: plan, ledger: &rates)
      if baseline == nil { baseline = bills }
      let revenue = Money.sum(bills.map(\.total))
      let margins = bills.map { $0.total - costByCustomer[$0.customer] }
      let negative = margins.filter { $0 < .zero }
      let sorted = bills.map(\.total).sorted(by: >)
      let top = Money.sum(sorted.prefix(max(1, sorted.count / 10)))
      let churn = expectedChurn(bills, baseline: baseline ?? bills, cost: costByCustomer)
      return Outcome(
        plan: name, revenue: revenue, margin: revenue - cost, negativeCustomers: negative.count,
        negativeMargin: Money.sum(negative), topDecileShare: Double(top.nanos) / Double(max(1, revenue.nanos)),
        bills: bills,
        revenueAfterChurn: churn.revenue, marginAfterChurn: churn.margin, atRiskCustomers: churn.atRisk,
        cliffs: cliffs(plan, engine: engine, cube: cube, population: population), rates: rates.used,
        costs: costByCustomer)
    }
  }

  /// Each customer's AI cost in the display currency (USD costs as they are for a USD display).
  func displayCosts(_ cube: UsageCube, customers: Int, ledger: inout RateLedger) throws -> [Money] {
    money.display == .usd
      ? cube.costByCustomer(count: customers)
      : try ledger.displayCost(cube, period: period, customers: customers, money: money)
  }

  /// `plan`'s bills in the display currency, each invoice at the rate of its period's last day.
  func displayBills(_ bills: [Bill], of plan: Plan, ledger: inout RateLedger) throws -> [Bill] {
    guard plan.currency != money.display else { return bills }
    return try bills.map { try ledger.displayBill($0, from: plan.currency, money: money) }
  }

  /// Expected revenue and margin after price-sensitive churn, and the customers at risk.
  ///
  /// A customer whose bill rises by more than `sensitivity.threshold` against `baseline`
  /// (a bill of zero that becomes positive counts as a rise) stays with probability
  /// `1 − probability`; both their bill and their AI cost count that many times.
  func expectedChurn(_ bills: [Bill], baseline: [Bill], cost: [Money]) -> (revenue: Money, margin: Money, atRisk: Int) {
    let scale: Int64 = 1_000_000
    let stay = Int64(saturating: ((1 - sensitivity.probability) * Double(scale)).rounded())
    var revenue = Money.zero
    var margin = Money.zero
    var atRisk = 0
    for (b, old) in zip(bills, baseline) {
      let rises = sensitivity.rises(b.total, over: old.total)
      let m = b.total - (cost.indices.contains(b.customer) ? cost[b.customer] : .zero)
      if rises {
        atRisk += 1
        revenue += b.total.scaled(by: stay, per: scale)
        margin += m.scaled(by: stay, per: scale)
      } else {
        revenue += b.total
        margin += m
      }
    }
    return (revenue, margin, atRisk)
  }

  /// Customers within 10% above a volume edge where the charge falls as usage rises, in
  /// any billing period.
  func cliffs(_ plan: Plan, engine: PricingEngine, cube: UsageCube, population: Population) -> [Cliff] {
    // A charge tiered by another count (tiers_by, seats) has no cliff in its own units.
    let volume = plan.charges.enumerated().filter {
      if case .volume = $0.element.model { $0.element.meterCount == 1 } else { false }
    }
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
          let units =
            (usage.periods.indices.map { usage.units(charge: k, customer: c.index, period: $0) }.max() ?? 0)
            - charge.included
          if units > edge && Double(units) <= Double(edge) * 1.1 {
            out.append(
              Cliff(
                customer: c.id, metric: charge.metric, units: units, edge: edge, billAtEdge: atEdge,
                billAboveEdge: above, currency: plan.currency))
          }
        }
      }
    }
    return out
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
