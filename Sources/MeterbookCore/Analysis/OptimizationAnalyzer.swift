/// FinOps domain 4, rate optimization: the action ledger's model switches and the provider
/// commitments sized on the usage those switches leave, ranked by dollars and netted.
///
/// A commitment is a provider spend commitment (the catalog's terms): its size is the lowest
/// whole week's spend after the switches, scaled to the next calendar month, so a weekly
/// cycle is steady demand and a commitment is never made to usage the plan moves away.
public struct OptimizationAnalyzer {
  public init() {}

  public func report(_ c: AnalysisContext) -> Report { report(ActionLedger(c)) }

  /// Rate optimization of a streamed file: the ledger from its digest, with a note on what the
  /// digest approximates.
  public func report(_ digest: UsageDigest, assumptions: ActionAssumptions = ActionAssumptions()) -> Report {
    var report = report(ActionLedger(digest, assumptions: assumptions))
    report.blocks.append(.note(UsageDigest.callsNote(for: .optimization)))
    return report
  }

  /// The report of `ledger`: its commitments, its actions ranked, and what it assumes.
  public func report(_ ledger: ActionLedger) -> Report {
    let commits = ledger.actions(.commit)
    let switches = ledger.actions(.routeSimpleTasks, .switchModel)
    let committed = Money.sum(ledger.commitments.map(\.commitment))
    let coverage = ledger.monthlySpendAfter > .zero ? committed.dollars / ledger.monthlySpendAfter.dollars : 0
    return Report(
      title: "Rate optimization",
      domain: "FinOps: Rate optimization (commitments, model switching)",
      problem: "All \(Format.money(ledger.monthlySpend))/month of AI spend runs at on-demand list prices: "
        + "0% commitment coverage.",
      impact: "\(Format.money(ledger.totalSaving))/month (\(Format.money(ledger.totalSaving * 12))/year) of netted "
        + "savings: \(Format.money(Money.sum(switches.map(\.monthlySaving))))/month from model switches, "
        + "\(Format.money(Money.sum(commits.map(\.monthlySaving))))/month from commitments sized after them.",
      recommendation: ledger.ranked.first { $0.monthlySaving > .zero }.map {
        "First: \($0.title) (\(Format.money($0.monthlySaving))/month)."
      } ?? "No saving found: no switch repays its migration and no provider's spend is steady enough to commit.",
      outcome: "Commitments would cover \(Format.percent(coverage, places: 0)) of the "
        + "\(Format.money(ledger.monthlySpendAfter))/month left after the switches.",
      blocks: [
        .table(commitmentTable(ledger.commitments)),
        .table(ledger.table),
        .bars(
          BarChart(
            title: "Monthly saving by action",
            items: ledger.ranked.prefix(10).map {
              .init(label: $0.title, value: $0.monthlyValue.dollars, display: Format.money($0.monthlyValue))
            })),
        .note(
          "Steadiness = 1 − σ/μ of whole-week spend after the switches. Commitment = the lowest week × the days of "
            + "the next month / 7; saving = commitment × discount. Below (1 − discount) utilization a commitment "
            + "costs more than on-demand."),
        .note(ledger.assumptionsNote),
      ])
  }

  /// One row per provider commitment: spend before and after the switches, steadiness, size, saving.
  func commitmentTable(_ commitments: [CommitmentFinding]) -> Table {
    Table(
      title: "Provider commitments, sized on the spend left after the switches",
      columns: [
        "provider", "spend/month", "after switches", "steadiness", "weeks", "commit/month", "discount", "term",
        "saving/month", "break-even use", "confidence",
      ],
      numeric: [false, true, true, true, true, true, true, true, true, true, true],
      cells: commitments.map {
        [
          TableCell($0.provider), .money($0.monthlySpendToday), .money($0.monthlySpendAfterSwitches),
          .number($0.steadiness, places: 2), .count($0.weeks), .money($0.commitment), .percent($0.discount, places: 0),
          TableCell("\($0.termMonths) mo"), .money($0.monthlySaving), .percent($0.breakEven, places: 0),
          .percent($0.confidence, places: 0),
        ]
      })
  }
}
