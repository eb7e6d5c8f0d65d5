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
    guard digest.grain == .hour else { return concentrationReport(digest) }
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

  /// The summary of a digest kept coarser than hours (`UsageDigest.Grain`): spend, calls,
  /// tokens, spend by provider and model and the top customers, exactly as on the calls, with
  /// the customer concentration as its headline.
  ///
  /// The action ledger is left out with a note: its repricing splits the period at its middle
  /// hour, its commitments are sized on weekly spend and its switches on task types, which
  /// such cells no longer all keep.
  func concentrationReport(_ digest: UsageDigest) -> Report {
    let cube = digest.cube
    let spend = cube.totalCost
    let monthly = digest.period.perMonth(spend)
    let calls = digest.calls
    let tokens = Int(cube.cells.reduce(Int64(0)) { $0 + $1.inputTokens + $1.outputTokens })
    let customers = Breakdown(cube, by: "customer")
    let decile = max(1, customers.rows.count / 10)
    let top = Money.sum(customers.rows.prefix(decile).map(\.cost))
    let share = spend > .zero ? top.dollars / spend.dollars : 0
    return Report(
      title: "Executive summary", domain: "FinOps: Understanding usage and cost",
      problem: "\(Format.percent(share, places: 0)) of AI cost comes from the top 10% of customers "
        + "(\(decile) of \(customers.rows.count)).",
      impact: "The top \(decile) customers cost "
        + "\(Format.money(monthly.scaled(by: Int64((share * 1_000_000).rounded()), per: 1_000_000)))/month.",
      recommendation: "Review the top customers' pricing; for the action ledger, see the note.",
      outcome: "AI spend stays at \(Format.money(monthly))/month.",
      blocks: [.keyFigures(Self.keyFigures(spend: spend, monthly: monthly, calls: calls, tokens: tokens))]
        + Self.spendBlocks(
          spend: spend, calls: calls, providers: Breakdown(cube, by: "provider"), models: Breakdown(cube, by: "model"),
          topCustomers: Array(customers.rows.prefix(10)))
        + [
          .note(
            UsageDigest.coarseNote(
              left: "The action ledger (model switches, commitments, repricing) is", digest, needs: .hour))
        ])
  }
}
