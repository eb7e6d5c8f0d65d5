extension SummaryAnalyzer {
  /// The executive summary of a streamed file: spend, calls, tokens, spend by provider and
  /// model and the top customers, all from the cube, exactly as on the calls.
  ///
  /// The action ledger is left out, with a note saying why: its model switches re-price every
  /// call on every candidate model and size commitments and repricing on the calls as the
  /// switches leave them, which needs the calls. The headline is the customer concentration.
  public func report(_ digest: UsageDigest) -> Report {
    let cube = digest.cube
    guard !cube.cells.isEmpty else {
      return Report(
        title: "Executive summary", domain: "Understanding usage and cost", problem: "The run has no calls.",
        blocks: [.note("Nothing to summarize: the run has no calls.")])
    }
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
      recommendation: "Review the top customers' pricing; for the action ledger, analyze a part of the file "
        + "that fits in memory (see the note).",
      outcome: "AI spend stays at \(Format.money(monthly))/month.",
      blocks: [.keyFigures(Self.keyFigures(spend: spend, monthly: monthly, calls: calls, tokens: tokens))]
        + Self.spendBlocks(
          spend: spend, calls: calls, providers: Breakdown(cube, by: "provider"), models: Breakdown(cube, by: "model"),
          topCustomers: Array(customers.rows.prefix(10)))
        + [.note(UsageDigest.callsNote(for: .summary))])
  }
}
