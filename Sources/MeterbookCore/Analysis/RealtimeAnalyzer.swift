/// FinOps domain 3, real-time decisions: spend anomalies by hour (overall and per customer) with
/// their causes, customers over a share of their bill, customers on track to exhaust their tier's
/// monthly allowance, premium models on simple tasks, and the revenue at risk in the portfolio.
///
/// Everything is judged as of one moment, the end of day `asOfDay` (`AnalysisContext.asOfDay`: the
/// end of the data for an import, two thirds through a simulated period). `findings(_:)` computes
/// plain values that tests compare as numbers; `report(_:)` composes the prose and tables from them.
public struct RealtimeAnalyzer {
  public var detector = AnomalyDetector()
  /// Customers watched for anomalies besides all spend: the largest by cost so far.
  public var watchedCustomers = 100
  /// Anomalies explained (each by contribution) and listed.
  public var listedAnomalies = 15
  /// Flag customers whose AI cost passes this share of their bill.
  public var revenueShare = 0.3
  /// Output price (per 1M tokens) from which a model counts as premium.
  public var premiumOutputPrice = Money(dollars: 10)
  /// Settings of the portfolio assessment (rising floor, noise margin).
  public var portfolioPolicy = PortfolioRisk.Policy()
  /// The day "now" falls on (0-based, exclusive); `nil` means the context's `asOfDay`.
  public var asOfDay: Int?
  public init() {}

  /// A customer whose cost so far passed a share of its bill.
  public struct RevenueShare: Sendable, Hashable {
    public var customer: String
    public var costSoFar: Money
    public var bill: Money
    /// `costSoFar / bill`.
    public var share: Double
  }

  /// What the real-time report found, as plain values.
  public struct Findings: Sendable, Hashable {
    /// Days of data judged ("now" is the start of day `asOfDay`), and the period's days.
    public var asOfDay: Int
    public var days: Int
    /// The last day with data, `start + asOfDay − 1`.
    public var asOf: CalendarDay
    /// Every anomalous hour before now, overall and per watched customer, grouped into episodes,
    /// largest excess first (ties by scope, then first hour); the first `listedAnomalies` carry their cause.
    public var anomalies: [AnomalyEpisode]
    /// All spend per hour up to now (dollars), the series the overall anomalies were found in.
    public var hourlySpend: [Double]
    public var overRevenueShare: [RevenueShare]
    public var allocation: [AllocationStatus]
    public var portfolio: PortfolioRisk
    public var premium: PremiumOnSimpleTasks
    /// The currency of every amount (the display currency; costs converted at their day's rate).
    public var currency = Currency.usd
  }

  /// The findings of the report, as of `asOfDay`, from the calls of `c` in memory.
  public func findings(_ c: AnalysisContext) -> Findings { findings(c, usage: c.run) }

  /// The findings from the hourly cells of `digest`, the usage of `c` (whose run may be empty:
  /// `AnalysisContext(streamed:catalog:)`): the same as of its calls in memory.
  public func findings(_ c: AnalysisContext, _ digest: UsageDigest) -> Findings { findings(c, usage: digest) }

  /// The findings from `usage`, the calls of `c` or their digest.
  ///
  /// Every figure is a sum over records (hourly spend, causes by contribution, activity by day,
  /// premium calls) or their exact call-cost moments, so a streamed file and the calls in
  /// memory give the same findings.
  func findings(_ c: AnalysisContext, usage: some HourlyUsage) -> Findings {
    let period = c.period
    let now = max(1, min(period.days, asOfDay ?? c.asOfDay))
    let activity = CustomerActivity(usage, customers: c.population.customers.count, period: period, now: now)
    let bills = c.revenueByCustomer
    let names = c.population.customers.map(\.id)
    let (anomalies, hourly) = anomalies(usage, start: period.start, hours: now * 24)
    return Findings(
      asOfDay: now, days: period.days, asOf: period.day(now - 1), anomalies: anomalies, hourlySpend: hourly,
      overRevenueShare: overRevenueShare(activity, bills: bills, names: names),
      allocation: AllocationStatus.assess(activity, customers: c.population.customers, tiers: c.population.spec.tiers),
      portfolio: PortfolioRisk.assess(activity, bills: bills, names: names, days: period.days, policy: portfolioPolicy),
      premium: premiumOnSimpleTasks(c, usage), currency: c.currency)
  }

  /// The anomalous hours of all spend and of the watched customers in the first `hours` hours,
  /// grouped into episodes (largest excess first), the first `listedAnomalies` explained by
  /// contribution; and the hourly spend of all calls.
  func anomalies(_ usage: some HourlyUsage, start: CalendarDay, hours: Int) -> ([AnomalyEpisode], [Double]) {
    let spend = HourlySpend(usage, start: start, hours: hours, topCustomers: watchedCustomers)
    var found: [AnomalyFinding] = []
    for scope in spend.scopes {
      let name = scope.customer.map { usage.dimensions.customers[Int($0)] }
      for a in detector.detect(scope.series, scale: scope.scale, largestCall: scope.largestCall) {
        found.append(AnomalyFinding(customer: name, customerIndex: scope.customer, anomaly: a))
      }
    }
    var episodes = AnomalyEpisode.group(found)
    let listed = episodes.prefix(listedAnomalies).compactMap(\.peak)
    let questions = listed.map {
      AnomalyCause.Question(
        customer: $0.customerIndex, hour: $0.anomaly.index, baselineHours: $0.anomaly.baseline.hours)
    }
    for (k, cause) in AnomalyCause.explain(questions, usage: usage, start: start).enumerated() {
      episodes[k].cause = cause
    }
    return (episodes, spend.scopes.first?.series.values ?? [])
  }

  /// Customers whose cost so far passed `revenueShare` of their bill, by share (ties by id).
  func overRevenueShare(_ activity: CustomerActivity, bills: [Money], names: [String]) -> [RevenueShare] {
    let count = min(bills.count, names.count, activity.costSoFar.count)
    return (0..<count).compactMap { i -> RevenueShare? in
      let cost = Money(nanos: activity.costSoFar[i])
      guard bills[i] > .zero, cost.dollars > revenueShare * bills[i].dollars else { return nil }
      return RevenueShare(customer: names[i], costSoFar: cost, bill: bills[i], share: cost.share(of: bills[i]))
    }.sorted { ($0.share, $1.customer) > ($1.share, $0.customer) }
  }

  /// The report: findings composed into prose and tables.
  public func report(_ c: AnalysisContext) -> Report {
    compose(findings(c), c)
  }

  /// The report of a streamed file, the same as of its calls in memory: `c` is a context
  /// without calls (`AnalysisContext(streamed:catalog:)`, or a workbook's, whose bills read
  /// its `cube`).
  public func report(_ digest: UsageDigest, in c: AnalysisContext) -> Report {
    compose(findings(c, digest), c)
  }
}

// MARK: - Premium models on simple tasks

/// Successful classification and extraction calls on premium models and what they cost, over
/// the whole run.
///
/// This is a usage fact, not a saving: the action ledger (`report summary`, `report
/// optimization`) values moving simple tasks, netted against every other action, so the saving
/// is quoted in one place only.
public struct PremiumOnSimpleTasks: Sendable, Hashable {
  /// Model id → calls and their cost, dearest first (ties by id).
  public var rows: [(model: String, calls: Int, spend: Money)]
  /// Their spend per calendar month.
  public var monthlySpend: Money

  public static func == (a: PremiumOnSimpleTasks, b: PremiumOnSimpleTasks) -> Bool {
    a.monthlySpend == b.monthlySpend && a.rows.map(\.model) == b.rows.map(\.model)
      && a.rows.map(\.calls) == b.rows.map(\.calls) && a.rows.map(\.spend) == b.rows.map(\.spend)
  }
  public func hash(into h: inout Hasher) { h.combine(monthlySpend) }

  /// The table of the report, amounts in `currency`.
  public func table(in currency: Currency) -> Table {
    Table(
      title: "Premium models on simple tasks (classification, extraction)",
      columns: ["model", "calls", "spend"], numeric: [false, true, true],
      cells: rows.map { [TableCell($0.model), .count($0.calls), .money($0.spend, in: currency)] })
  }
}

extension RealtimeAnalyzer {
  /// Premium models (output ≥ `premiumOutputPrice` per 1M) on classification and extraction:
  /// the billable (non-error) calls of `usage`.
  func premiumOnSimpleTasks(_ c: AnalysisContext, _ usage: some HourlyUsage) -> PremiumOnSimpleTasks {
    let specs = usage.dimensions.models.map { c.scenario.catalog.model($0.id) }
    let simple = [UInt8(TaskType.classification.index), UInt8(TaskType.extraction.index)]
    var spend: [String: (calls: Int, spend: Money)] = [:]
    for r in 0..<usage.records where simple.contains(usage.task(r)) {
      let billable = usage.billable(r)
      guard billable.calls > 0, let spec = specs[Int(usage.model(r))], spec.price.output >= premiumOutputPrice else {
        continue
      }
      spend[spec.id, default: (0, .zero)].calls += Int(billable.calls)
      spend[spec.id, default: (0, .zero)].spend += Money(nanos: billable.cost)
    }
    let rows = spend.sorted { ($0.value.spend, $1.key) > ($1.value.spend, $0.key) }
    return PremiumOnSimpleTasks(
      rows: rows.map { ($0.key, $0.value.calls, $0.value.spend) },
      monthlySpend: c.monthly(Money.sum(spend.values.map(\.spend))))
  }
}
