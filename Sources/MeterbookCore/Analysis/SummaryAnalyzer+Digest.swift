extension SummaryAnalyzer {
  /// The executive summary of a streamed file: the same report as on the calls, from the
  /// cube's sums and the ledger of the digest (`ActionLedger(_:assumptions:)`), with a note on
  /// what the digest approximates.
  public func report(_ digest: UsageDigest, assumptions: ActionAssumptions = ActionAssumptions()) -> Report {
    let cube = digest.cube
    guard !cube.cells.isEmpty else {
      return Report(
        title: "Executive summary", domain: "Understanding usage and cost", problem: "The run has no calls.",
        blocks: [.note("Nothing to summarize: the run has no calls.")])
    }
    let f = findings(digest, assumptions: assumptions)
    var report = headline(f)
    report.blocks =
      blocks(f, providers: Breakdown(cube, by: "provider"), models: Breakdown(cube, by: "model"))
      + [.note(UsageDigest.callsNote(for: .summary))]
    return report
  }

  /// The summary's findings from a digest: the figures `findings(_:)` gives on the calls.
  public func findings(_ digest: UsageDigest, assumptions: ActionAssumptions = ActionAssumptions()) -> Findings {
    let cube = digest.cube
    let spend = cube.totalCost
    let customers = Breakdown(cube, by: "customer")
    let decile = max(1, customers.rows.count / 10)
    let top = Money.sum(customers.rows.prefix(decile).map(\.cost))
    return Findings(
      spend: spend, monthlySpend: digest.period.perMonth(spend), calls: digest.calls,
      tokens: Int(cube.cells.reduce(Int64(0)) { $0 + $1.inputTokens + $1.outputTokens }),
      topDecileShare: spend > .zero ? top.dollars / spend.dollars : 0, topDecileCustomers: decile,
      customers: customers.rows.count, topCustomers: Array(customers.rows.prefix(10)),
      ledger: ActionLedger(digest, assumptions: assumptions))
  }
}
