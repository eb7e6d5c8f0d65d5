extension AnalyzerName {
  /// Whether the analyzer runs on a `UsageDigest` (a file streamed into the cube) rather than
  /// needing the calls in memory.
  ///
  /// `summary`, `understanding`, `performance`, `realtime` and `optimization` do, each as on
  /// the calls: sums over the cells are exact (spend, tokens, the daily series, the hourly
  /// series and anomaly causes, the ledger's re-pricing of per-cell token sums), percentiles
  /// come from mergeable histograms (within 1/128), and each customer's organization and
  /// product are its first call's. The others group by dimensions the cube does not key
  /// (organization, product, tier, region for alignment's cost centers and chargeback) or bill
  /// each customer's calls under plans (profitability, pricing, features, free tier): they need
  /// the calls, within the memory budget.
  public var readsDigest: Bool { coarsestDigestGrain != nil }

  /// The coarsest grain of digest the analyzer's report reads (`UsageDigest.Grain`), `nil`
  /// when it needs the calls: realtime and optimization read hours (the ledger's repricing
  /// splits the period at its middle hour), understanding days (its daily series); summary and
  /// performance run at any grain, without the ledger's parts (the summary's ledger past
  /// hours, the model per task past days: `UsageDigest.coarseNote`).
  public var coarsestDigestGrain: UsageDigest.Grain? {
    switch self {
    case .summary, .performance: .customerModel
    case .understanding: .day
    case .realtime, .optimization: .hour
    default: nil
    }
  }

  /// The analyzer's report from a digest of usage priced by `catalog`; `nil` when it needs the
  /// calls (`readsDigest`).
  public func report(_ digest: UsageDigest, catalog: ModelCatalog, tokensKnown: Bool = true) -> Report? {
    report(digest, in: AnalysisContext(streamed: digest, catalog: catalog), tokensKnown: tokensKnown)
  }

  /// The analyzer's report from a digest, in the context of a workbook (its plans, budgets,
  /// assumptions and catalog; no calls); `nil` when it needs the calls (`readsDigest`), or
  /// for `realtime` when its bills or costs would be shown converted, which is done call by
  /// call.
  ///
  /// A digest coarser than the report reads (the cells outgrew their allowance) gives a
  /// report that says so and how to get it, so the other reports of the same pass still print.
  public func report(_ digest: UsageDigest, in c: AnalysisContext, tokensKnown: Bool = true) -> Report? {
    guard let coarsest = coarsestDigestGrain else { return nil }
    guard digest.grain <= coarsest else {
      return Report(
        title: "\(rawValue): needs finer cells",
        blocks: [.note(UsageDigest.coarseNote(left: "The \(rawValue) report is", digest, needs: coarsest))])
    }
    var report: Report
    switch self {
    case .summary: report = SummaryAnalyzer().report(digest, assumptions: c.assumptions)
    case .understanding: report = UnderstandingAnalyzer().report(digest, catalog: c.scenario.catalog)
    case .performance: report = PerformanceAnalyzer().report(digest, assumptions: c.assumptions)
    case .realtime:
      guard c.money.display == c.currency, c.currentPlan.currency == c.currency else { return nil }
      report = RealtimeAnalyzer().report(digest, in: c)
    case .optimization: report = OptimizationAnalyzer().report(digest, assumptions: c.assumptions)
    default: return nil
    }
    if !tokensKnown, let note = noTokensNote { report.blocks.insert(.note(note), at: 0) }
    return report
  }
}

extension UsageDigest {
  /// The note a digest's report carries about what it approximates.
  ///
  /// Sums are exact; percentiles come from histograms, so a model whose p95 sits within 0.8%
  /// of the SLA may be judged differently than on the calls.
  static func callsNote(for analyzer: AnalyzerName) -> String {
    let what =
      analyzer == .performance
      ? "latency percentiles and the p95s the model choices are judged by"
      : "the p95 latencies the model switches are judged by"
    return "This file was streamed into the usage cube (its calls would not fit the memory budget, or --stream): "
      + "costs, tokens and the ledger's re-pricing come from per-cell sums, exactly as from the calls; "
      + what + " come from per-cell histograms, within 0.8% of the calls' values."
  }

  /// The note of a report that leaves `left` out because `digest` kept cells coarser than
  /// `grain` (`Grain`), and how to get it.
  public static func coarseNote(left: String, _ digest: UsageDigest, needs grain: Grain = .day) -> String {
    "\(left) left out: \(coarseReason(digest, needs: grain))"
  }

  /// Why work that needs cells of `grain` cannot use `digest`, and how to get them.
  public static func coarseReason(_ digest: UsageDigest, needs grain: Grain) -> String {
    "cells \(grain.cellName) are needed, and this file's were kept \(digest.grain.cellName) because the finer "
      + "cells passed their memory allowance. Raise METERBOOK_MEMORY_BUDGET (the cells may take a thirty-second of it), "
      + "or analyze a part of the file."
  }

}
