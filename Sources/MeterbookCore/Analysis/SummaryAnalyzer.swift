/// The executive summary: what AI costs per month, where it goes, and the run's action ledger,
/// whose netted total is the summary's impact.
///
/// The problem, impact, recommendation and outcome all follow from one finding: the ledger's
/// actions when it has any (the money on the table), else customer concentration.
public struct SummaryAnalyzer {
  public init() {}

  /// What the summary found, as numbers.
  public struct Findings: Sendable, Hashable {
    public var spend: Money
    public var monthlySpend: Money
    public var calls: Int
    public var tokens: Int
    /// Share of cost from the top 10% of customers, and how many customers that is.
    public var topDecileShare: Double
    public var topDecileCustomers: Int
    public var customers: Int
    /// The ten customers who cost the most.
    public var topCustomers: [Breakdown.Row]
    public var ledger: ActionLedger
  }

  /// Computes the summary's findings.
  public func findings(_ c: AnalysisContext) -> Findings {
    let run = c.run
    let customers = Breakdown(run, by: "customer")
    let decile = max(1, customers.rows.count / 10)
    let total = run.totalCost
    let top = Money.sum(customers.rows.prefix(decile).map(\.cost))
    let tokens = run.inputTokens.reduce(0) { $0 + Int($1) } + run.outputTokens.reduce(0) { $0 + Int($1) }
    return Findings(
      spend: total, monthlySpend: c.monthly(total), calls: run.count, tokens: tokens,
      topDecileShare: total > .zero ? top.dollars / total.dollars : 0, topDecileCustomers: decile,
      customers: customers.rows.count, topCustomers: Array(customers.rows.prefix(10)), ledger: ActionLedger(c))
  }

  public func report(_ c: AnalysisContext) -> Report {
    guard c.run.count > 0 else {
      return Report(
        title: "Executive summary", domain: "Understanding usage and cost", problem: "The run has no calls.",
        blocks: [.note("Nothing to summarize: the run has no calls.")])
    }
    let f = findings(c)
    var report = headline(f)
    report.blocks = blocks(f, providers: Breakdown(c.run, by: "provider"), models: Breakdown(c.run, by: "model"))
    return report
  }

  /// Problem, impact, recommendation and outcome from one finding.
  func headline(_ f: Findings) -> Report {
    let concentration =
      "\(Format.percent(f.topDecileShare, places: 0)) of AI cost comes from the top 10% of customers "
      + "(\(f.topDecileCustomers) of \(f.customers))."
    let ledger = f.ledger
    guard let first = ledger.ranked.first else {
      return Report(
        title: "Executive summary", domain: "FinOps: Understanding usage and cost",
        problem: concentration,
        impact: "The top \(f.topDecileCustomers) customers cost "
          + "\(Format.money(f.monthlySpend.scaled(by: Int64((f.topDecileShare * 1_000_000).rounded()), per: 1_000_000)))/month.",
        recommendation: "No action in the ledger pays: no cheaper model keeps quality within the SLA, no spend is "
          + "steady enough to commit, no customer costs more than they pay. Review the top customers' pricing.",
        outcome: "AI spend stays at \(Format.money(f.monthlySpend))/month.")
    }
    return Report(
      title: "Executive summary", domain: "FinOps: Understanding usage and cost",
      problem: Self.problem(ledger, monthlySpend: f.monthlySpend),
      impact: "\(Format.money(ledger.total))/month netted (\(Format.money(ledger.total * 12))/year); "
        + (ledger.oneOffCost > .zero
          ? "one-off effort \(Format.money(ledger.oneOffCost))" + Self.payback(ledger.paybackMonths) + "."
          : "no one-off effort."),
      recommendation: "First: \(first.title) (\(Format.money(first.monthlyValue))/month, confidence "
        + "\(Format.percent(first.confidence, places: 0))).",
      outcome: (ledger.totalSaving > .zero
        ? "AI spend falls from \(Format.money(f.monthlySpend)) to \(Format.money(ledger.monthlySpendAfter))/month"
        : "AI spend stays at \(Format.money(f.monthlySpend))/month")
        + (ledger.totalRevenue == .zero
          ? "."
          : "; revenue \(ledger.totalRevenue > .zero ? "rises" : "falls") \(Format.money(ledger.totalRevenue > .zero ? ledger.totalRevenue : -ledger.totalRevenue))/month.")
    )
  }

  /// The money on the table: avoidable spend, customers who cost more than they pay, or both.
  static func problem(_ ledger: ActionLedger, monthlySpend: Money) -> String {
    let count = "\(ledger.actions.count) action\(ledger.actions.count == 1 ? "" : "s") in the ledger"
    let avoidable = Money.sum(ledger.actions.filter { $0.kind != .reprice }.map(\.monthlySaving))
    let losing = ledger.actions(.reprice).first.map {
      "\($0.affected) customer\($0.affected == 1 ? "" : "s") cost more to serve than they pay "
        + "(repricing adds \(Format.money($0.monthlyValue))/month of margin)"
    }
    guard avoidable > .zero else { return (losing ?? "No action pays") + "." }
    let share = monthlySpend > .zero ? avoidable.dollars / monthlySpend.dollars : 0
    return "\(Format.money(avoidable))/month (\(Format.percent(share, places: 0))) of the "
      + "\(Format.money(monthlySpend))/month AI spend is avoidable" + (losing.map { ", and \($0)" } ?? "")
      + ": \(count)."
  }

  /// `, payback in 1.2 months`, or nothing when there is no one-off cost.
  static func payback(_ months: Double?) -> String {
    guard let months, months > 0 else { return "" }
    return ", payback in \(Format.fixed(months, places: 1)) months"
  }

  /// Key figures, the ledger, spend by provider and model, the top customers.
  func blocks(_ f: Findings, providers: Breakdown, models: Breakdown) -> [ReportBlock] {
    [
      .keyFigures(
        Self.keyFigures(spend: f.spend, monthly: f.monthlySpend, calls: f.calls, tokens: f.tokens) + [
          KeyFigure(label: "ledger per month", value: Format.money(f.ledger.total), raw: f.ledger.total.dollars)
        ]),
      .table(f.ledger.table),
    ]
      + Self.spendBlocks(
        spend: f.spend, calls: f.calls, providers: providers, models: models, topCustomers: f.topCustomers)
      + [.note(f.ledger.assumptionsNote)]
  }

  /// Total and monthly spend, calls and tokens.
  static func keyFigures(spend: Money, monthly: Money, calls: Int, tokens: Int) -> [KeyFigure] {
    [
      KeyFigure(label: "total spend", value: Format.money(spend), raw: spend.dollars),
      KeyFigure(label: "spend per month", value: Format.money(monthly), raw: monthly.dollars),
      KeyFigure(label: "calls", value: Format.integer(calls), raw: Double(calls)),
      KeyFigure(label: "tokens", value: Format.integer(tokens), raw: Double(tokens)),
    ]
  }

  /// Spend by provider (bars and table), the top models and the top customers by spend.
  static func spendBlocks(
    spend: Money, calls: Int, providers: Breakdown, models: Breakdown, topCustomers: [Breakdown.Row]
  ) -> [ReportBlock] {
    func share(_ m: Money) -> TableCell { .percent(spend > .zero ? m.dollars / spend.dollars : 0) }
    func rows(_ rows: some Sequence<Breakdown.Row>) -> [[TableCell]] {
      rows.map { [TableCell($0.key), .count($0.calls), .money($0.cost), share($0.cost)] }
    }
    return [
      .bars(
        BarChart(
          title: "Spend by provider",
          items: providers.rows.map { .init(label: $0.key, value: $0.cost.dollars, display: Format.money($0.cost)) },
          isShare: true)),
      .table(
        Table(
          title: "Spend by provider", columns: ["provider", "calls", "cost", "share"],
          numeric: [false, true, true, true],
          cells: rows(providers.rows) + [
            [TableCell("total"), .count(calls), .money(spend), .percent(1)]
          ])),
      .table(
        Table(
          title: "Top models by spend", columns: ["model", "calls", "cost", "share"],
          numeric: [false, true, true, true],
          cells: rows(models.rows.prefix(10)))),
      .table(
        Table(
          title: "Top 10 cost drivers (customers)", columns: ["customer", "calls", "cost", "share"],
          numeric: [false, true, true, true], cells: rows(topCustomers))),
    ]
  }
}
