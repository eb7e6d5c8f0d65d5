/// The bills a chart of revenue, margin, bill or bill change reads: every plan of the workbook
/// billed on one run's period cube, with each customer's AI cost and attributes.
///
/// A bill is one amount per customer per plan (fees, allowances, tiers and minimums apply to
/// the customer's total), so it splits only by what a customer is — customer, organization,
/// product, tier, region, archetype — and by plan; never by model, provider or day.
///
/// A chart that reads bills shows them, and the AI cost and margin beside them, in the display
/// currency, converted as `compare` converts them (each invoice at its period's last day, each
/// day's USD cost at that day's rate).
public struct ChartBills: Sendable {
  public var plans: [Plan]
  public var period: Period
  /// The exchange rates and display currency the bills and costs are converted with.
  public var money: MoneySettings
  let population: Population
  let cube: UsageCube
  let book: BillBook?

  /// `cube` is the run's period cube; `book` the bills already computed on it, if any.
  public init(
    plans: [Plan], period: Period, population: Population, cube: UsageCube, book: BillBook? = nil,
    money: MoneySettings = MoneySettings()
  ) {
    self.plans = plans
    self.period = period
    self.money = money
    self.population = population
    self.cube = cube
    self.book = book
  }

  /// The grid of `q`'s metrics by its dimensions, one row per combination, over the customers
  /// that pass its filters.
  ///
  /// - Throws: `ChartError` when a plan is unknown, the workbook has none, a filter matches
  ///   no value, or no exchange rate converts a bill or cost.
  func grid(_ q: ChartQuery, dims: [String]) throws(ChartError) -> ChartGrid {
    let names = plans.map(\.name)
    for p in q.plans where !names.contains(p) { throw .unknownPlan(p, choices: names) }
    if q.needsBills && plans.isEmpty {
      throw .noPlans(metric: q.metrics.first(where: ChartQuery.billMetrics.contains) ?? "plan")
    }
    // Billed plans: those named by `for`, else every plan by plan, else the current (first) one.
    let chosen: [String?] =
      !q.plans.isEmpty ? q.plans : dims.contains("plan") || q.filters["plan"] != nil ? names : [names.first]
    let billed = q.needsBills ? names.prefix(1) + chosen.compactMap { $0 }.filter { $0 != names.first } : []
    let outcomes: [PlanComparison.Outcome]
    do {
      outcomes = try PlanComparison(plans: plans, period: period, money: money).outcomes(
        Array(billed), population: population, cube: cube, book: book)
    } catch {
      throw .exchange(String(describing: error))
    }
    let bills = Dictionary(uniqueKeysWithValues: outcomes.map { ($0.plan, $0.bills.map(\.total)) })
    let baseline = outcomes.first?.bills.map(\.total) ?? []
    // With bills, costs in the display currency (margin subtracts them); without, in USD.
    let cost = outcomes.first?.costs ?? cube.costByCustomer(count: population.customers.count)
    let filters = try ChartFilter.resolve(q.filters) { dimension in
      dimension == "plan" ? names : Array(Set(population.customers.map { key(dimension, $0, plan: nil) })).sorted()
    }
    var sums: [[String]: (revenue: Money, margin: Money, cost: Money, change: Money, customers: Int)] = [:]
    for plan in chosen {
      if let wanted = filters["plan"], plan != wanted { continue }
      let billOf = plan.flatMap { bills[$0] } ?? []
      for c in population.customers
      where filters.allSatisfy({ $0.key == "plan" || key($0.key, c, plan: plan) == $0.value }) {
        let i = c.index
        let bill = billOf.indices.contains(i) ? billOf[i] : .zero
        let spent = cost.indices.contains(i) ? cost[i] : .zero
        let before = baseline.indices.contains(i) ? baseline[i] : .zero
        var s = sums[dims.map { key($0, c, plan: plan) }, default: (.zero, .zero, .zero, .zero, 0)]
        s.revenue += bill
        s.margin += bill - spent
        s.cost += spent
        s.change += bill - before
        s.customers += 1
        sums[dims.map { key($0, c, plan: plan) }] = s
      }
    }
    let rows = sums.map { keys, s in
      let n = Double(max(1, s.customers))
      return ChartGrid.Row(
        keys: keys,
        values: q.metrics.map { metric in
          switch metric {
          case "revenue": s.revenue.dollars
          case "margin": s.margin.dollars
          case "bill": s.revenue.dollars / n
          case "bill_change": s.change.dollars / n
          default: s.cost.dollars
          }
        })
    }
    var grid = ChartGrid(metrics: q.metrics, rows: rows)
    if !outcomes.isEmpty {
      grid.currency = money.display
      grid.ratesNote = money.ratesNote(outcomes.flatMap(\.rates))
    }
    return grid
  }

  /// Customer `c`'s label in a customer dimension (the plan's name for `plan`).
  func key(_ dimension: String, _ c: Customer, plan: String?) -> String {
    let spec = population.spec
    func name<T>(_ items: [T], _ i: Int, _ label: (T) -> String) -> String {
      items.indices.contains(i) ? label(items[i]) : "?"
    }
    switch dimension {
    case "customer": return c.id
    case "organization": return name(population.organizationIDs, c.organization) { $0 }
    case "product": return name(spec.products, c.product) { $0 }
    case "tier": return name(spec.tiers, c.tier, \.name)
    case "region": return name(spec.regions, c.region, \.name)
    case "archetype": return name(spec.archetypes, c.archetype, \.name)
    default: return plan ?? "all"
    }
  }
}
