extension AnalyzerName {
  /// Whether the analyzer runs on a `UsageDigest` (a file streamed into the cube) rather than
  /// needing the calls in memory.
  ///
  /// `summary`, `performance` and `optimization` do, the action ledger included: it re-prices
  /// per-cell token sums (`LedgerUsage`) and reads percentiles from histograms. The others
  /// group by dimensions the cube does not key (organization, product, tier, region for
  /// allocation and chargeback), replay calls in time order (real-time anomalies and their
  /// causes), or bill each customer's calls under plans (profitability, pricing, features,
  /// free tier): they need the calls, within the memory budget.
  public var readsDigest: Bool { self == .summary || self == .performance || self == .optimization }

  /// The analyzer's report from a digest; `nil` when it needs the calls (`readsDigest`).
  public func report(_ digest: UsageDigest, tokensKnown: Bool = true) -> Report? {
    var report: Report
    switch self {
    case .summary: report = SummaryAnalyzer().report(digest)
    case .performance: report = PerformanceAnalyzer().report(digest)
    case .optimization: report = OptimizationAnalyzer().report(digest)
    default: return nil
    }
    if !tokensKnown && needsTokens {
      report.blocks.insert(
        .note("The imported usage has no token counts (a costs-only export): this report's token figures are empty."),
        at: 0)
    }
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
}
