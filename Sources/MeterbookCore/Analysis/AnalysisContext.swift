/// Everything an analyzer may read: the run, who the customers are, the scenario's catalog
/// and period, and the workbook's plans and budgets (the first plan is the current one).
public struct AnalysisContext: Sendable {
  public var run: Run
  public var population: Population
  public var scenario: Scenario
  public var plans: [Plan]
  public var budgets: [Budget]
  public var costCenters: [CostCenter]
  public var alerts: [AlertRule]
  /// The workbook's `assumptions:` for the action ledger.
  public var assumptions = ActionAssumptions()
  /// Whether the calls carry token counts; a costs-only import (OpenAI's costs API) does not,
  /// and the analyzers that need tokens say so instead of showing zeros.
  public var tokensKnown = true
  /// The workbook's exchange rates and display currency, which money figures are shown in.
  public var money = MoneySettings()
  /// The currency the run's costs are in, and `revenueByCustomer` with them: USD as the
  /// providers bill, or the display currency once `inDisplayCurrency()` converted them.
  public var currency = Currency.usd
  /// The quotes `inDisplayCurrency()` converted with, for the reports' rates line.
  public var rates: [FXTable.Used] = []
  /// Whether the calls stand for a usage cube's sums (`analyze --cube`, `data: {cube:}`): no
  /// latencies or quality scores, so the analyzers that need them say so instead of running.
  public var fromCube = false
  /// The usage cube bills read when the run holds no calls: a file kept as sums
  /// (`UsageData.Content.sums`), whose cells bill exactly as its calls.
  public var cube: UsageCube?

  public init(
    run: Run, population: Population, scenario: Scenario, plans: [Plan] = [], budgets: [Budget] = [],
    costCenters: [CostCenter] = [], alerts: [AlertRule] = []
  ) {
    self.run = run
    self.population = population
    self.scenario = scenario
    self.plans = plans
    self.budgets = budgets
    self.costCenters = costCenters
    self.alerts = alerts
    self.asOfDay = max(1, scenario.days * 2 / 3)
    self.fromCube = scenario.data?.isCube ?? false
  }

  public init(
    _ result: SimulationResult, plans: [Plan] = [], budgets: [Budget] = [], costCenters: [CostCenter] = [],
    alerts: [AlertRule] = []
  ) {
    self.init(
      run: result.run, population: result.population, scenario: result.scenario, plans: plans, budgets: budgets,
      costCenters: costCenters, alerts: alerts)
  }

  /// The calendar span of the run: the only source of month arithmetic.
  public var period: Period { scenario.period }

  /// The day "now" falls on (0-based, ≤ days): the end of the data for an import, two thirds
  /// through a simulated period (so the real-time report shows decisions made mid-period).
  public var asOfDay: Int

  /// The run's length in calendar months (`Period.months`).
  public var months: Double { period.months.value }

  /// The plan customers are on today: the workbook's first plan, else the tier fees.
  public var currentPlan: Plan {
    plans.first ?? .tierFees(population.spec)
  }

  /// Each customer's bill under the current plan for the run's period, in `currency` like
  /// the AI costs it is set against.
  ///
  /// A plan priced in another currency has each invoice converted at the rate of its period's
  /// last day. The workbook loader refuses a plan without a rate on the period's first day,
  /// and rates carry forward, so a loaded workbook always converts; a context built without
  /// rates keeps the plan's own amounts.
  public var revenueByCustomer: [Money] {
    let plan = currentPlan
    let bills =
      cube.map { engine.bills(plan, cube: $0, population: population) }
      ?? engine.bills(plan, run: run, population: population)
    guard plan.currency != currency else { return bills.map(\.total) }
    var ledger = RateLedger()
    let into = MoneySettings(fx: money.fx, display: currency)
    return bills.map { ((try? ledger.displayBill($0, from: plan.currency, money: into)) ?? $0).total }
  }

  /// The pricing engine for this run's period (monthly amounts × its months).
  public var engine: PricingEngine { PricingEngine(plans: plans, period: period) }

  public var costByCustomer: [Money] { run.costByCustomer(count: population.customers.count) }

  /// A per-period amount expressed per calendar month.
  public func monthly(_ m: Money) -> Money { period.perMonth(m) }
}
