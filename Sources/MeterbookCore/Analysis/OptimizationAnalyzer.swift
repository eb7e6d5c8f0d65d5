import Foundation

/// FinOps domain 4, rate optimization: on-demand spend against committed-use discounts (the
/// catalog's per-provider terms), baseline usage and steadiness per model, coverage today and
/// recommended, commitment size with annual saving, break-even utilization and confidence;
/// model switching; and a combined savings plan ranked by dollars.
public struct OptimizationAnalyzer {
  public init() {}

  public struct Commitment: Sendable, Hashable {
    public var model: String
    public var monthlySpend: Money
    /// Daily spend that is nearly always there (10th percentile of days).
    public var baselineDaily: Double
    /// 1 − coefficient of variation of daily spend, clamped to 0...1.
    public var steadiness: Double
    public var discount: Double
    public var termMonths: Int
    /// Recommended monthly commitment (list-price dollars covered).
    public var commitment: Money
    public var annualSaving: Money
    /// Utilization below which the commitment loses money: 1 − discount.
    public var breakEven: Double
    public var confidence: Double
    public var coverage: Double
  }

  public func commitments(_ c: AnalysisContext) -> [Commitment] {
    let run = c.run
    let catalog = c.scenario.catalog
    let days = c.scenario.days
    // Daily spend per model in one pass.
    // Only models whose provider offers commitments get a daily series (an export may name
    // thousands of models; a dense models × days table would not fit).
    let committable = run.dimensions.models.map { catalog.provider($0.providerKey)?.commitment != nil }
    var perModel = committable.map { $0 ? [Double](repeating: 0, count: days) : [] }
    let base = c.scenario.start.epochSeconds
    for i in 0..<run.count where committable[Int(run.model[i])] {
      let d = Int((run.timestamp[i] - base) / 86_400)
      if d >= 0 && d < days { perModel[Int(run.model[i])][d] += Double(run.cost[i]) / 1e9 }
    }
    return run.dimensions.models.indices.compactMap { m -> Commitment? in
      let ref = run.dimensions.models[m]
      guard let terms = catalog.provider(ref.providerKey)?.commitment else { return nil }
      let daily = TimeSeries(start: c.scenario.start, values: perModel[m])
      let total = daily.values.reduce(0, +)
      guard total > 0 else { return nil }
      let steadiness = max(0, min(1, 1 - daily.variation))
      let baseline = quantile(daily.values, 0.1)
      // Daily spend is at most the run's total (≤ Limits.runCost), so these always convert.
      guard let monthly = Money(approximating: daily.mean * 30), let commitment = Money(approximating: baseline * 30),
        let saving = Money(approximating: baseline * 365 * terms.discount)
      else { return nil }
      return Commitment(
        model: ref.id, monthlySpend: monthly, baselineDaily: baseline, steadiness: steadiness, discount: terms.discount,
        termMonths: terms.termMonths, commitment: commitment, annualSaving: saving, breakEven: 1 - terms.discount,
        confidence: steadiness * min(1, Double(c.scenario.days) / 28),
        coverage: daily.mean > 0 ? baseline / daily.mean : 0)
    }.sorted { ($0.annualSaving, $1.model) > ($1.annualSaving, $0.model) }
  }

  public func report(_ c: AnalysisContext) -> Report {
    let commits = commitments(c).filter { $0.annualSaving > .zero }
    let switches = PerformanceAnalyzer().switches(c).filter { $0.saving > .zero }
    struct Action {
      var what: String
      var annual: Money
      var kind: String
    }
    var plan = commits.map {
      Action(
        what:
          "commit \(Format.money($0.commitment))/month to \($0.model) (\($0.termMonths) months, \(Format.percent($0.discount, places: 0)) off)",
        annual: $0.annualSaving, kind: "commitment")
    }
    plan += switches.map { Action(what: "move \($0.task) to \($0.to)", annual: $0.saving * 12, kind: "model switch") }
    plan.sort { ($0.annual, $1.what) > ($1.annual, $0.what) }
    let totalSpend = c.monthly(c.run.totalCost)
    let committed = Money.sum(commits.map(\.commitment))
    let total = Money.sum(plan.map(\.annual))
    return Report(
      title: "Rate optimization",
      domain: "FinOps: Rate optimization (commitments, model switching)",
      problem:
        "All \(Format.money(totalSpend))/month of AI spend runs at on-demand list prices: 0% commitment coverage.",
      impact:
        "\(Format.money(total))/year of savings identified: \(Format.money(Money.sum(commits.map(\.annualSaving)))) from commitments, \(Format.money(Money.sum(switches.map(\.saving)) * 12)) from model switches.",
      recommendation: plan.first.map { "First: \($0.what) (\(Format.money($0.annual))/year)." } ?? "No saving found.",
      outcome:
        "Recommended commitment coverage \(Format.percent(Double(committed.nanos) / Double(max(1, totalSpend.nanos)))) of monthly spend, sized at each model's 10th-percentile day so it is used nearly every day.",
      blocks: [
        .table(
          Table(
            title: "Committed-use opportunities by model",
            columns: [
              "model", "spend/month", "baseline/day", "steadiness", "commit/month", "coverage", "annual saving",
              "break-even use", "confidence",
            ],
            numeric: [false, true, true, true, true, true, true, true, true],
            rows: commits.prefix(12).map {
              [
                $0.model, Format.money($0.monthlySpend), Format.money(dollars: $0.baselineDaily),
                Format.fixed($0.steadiness, places: 2),
                Format.money($0.commitment), Format.percent($0.coverage, places: 0), Format.money($0.annualSaving),
                Format.percent($0.breakEven, places: 0), Format.percent($0.confidence, places: 0),
              ]
            })),
        .table(
          Table(
            title: "Combined savings plan, ranked by dollars", columns: ["#", "action", "kind", "saving / year"],
            numeric: [true, false, false, true],
            rows: plan.prefix(15).enumerated().map {
              [String($0.offset + 1), $0.element.what, $0.element.kind, Format.money($0.element.annual)]
            })),
        .bars(
          BarChart(
            title: "Annual saving by action",
            items: plan.prefix(10).map {
              .init(label: $0.what, value: $0.annual.dollars, display: Format.money($0.annual))
            })),
        .note(
          "Steadiness = 1 − σ/μ of daily spend. Commitment = 30 × the 10th-percentile day; saving = 365 × that day × discount. Break-even: below (1 − discount) utilization the commitment costs more than on-demand."
        ),
      ])
  }
}
