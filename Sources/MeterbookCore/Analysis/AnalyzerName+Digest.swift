extension AnalyzerName {
  /// Whether the analyzer runs on a `UsageDigest` (a file streamed into the cube) rather than
  /// needing the calls in memory.
  ///
  /// `summary` and `performance` do, without the parts that re-price individual calls (the
  /// action ledger, the model per task); `understanding` does in full (spend by provider, task
  /// type and customer, token efficiency and the daily series are sums over the cells, the
  /// allocation tree reads each customer's organization and product from its first call);
  /// `realtime` does in full (its hourly series, anomaly causes and activity are sums over the
  /// hourly cells, its thresholds the cells' exact call-cost moments). The others group by
  /// dimensions the cube does not key (organization, product, tier, region for alignment's
  /// cost centers and chargeback) or re-bill and re-price each call (optimization,
  /// profitability, pricing, features, free tier): they need the calls, within the memory
  /// budget.
  public var readsDigest: Bool { coarsestDigestGrain != nil }

  /// The coarsest grain of digest the analyzer's report reads (`UsageDigest.Grain`), `nil`
  /// when it needs the calls: realtime reads hours, understanding days (its daily series) and
  /// task types, summary and performance only customers and models.
  public var coarsestDigestGrain: UsageDigest.Grain? {
    switch self {
    case .summary, .performance: .customerModel
    case .understanding: .day
    case .realtime: .hour
    default: nil
    }
  }

  /// The analyzer's report from a digest of usage priced by `catalog`; `nil` when it needs the
  /// calls (`readsDigest`).
  ///
  /// A digest coarser than the report reads (the cells outgrew their allowance) gives a
  /// report that says so and how to get it, so the other reports of the same pass still print.
  public func report(_ digest: UsageDigest, catalog: ModelCatalog, tokensKnown: Bool = true) -> Report? {
    guard let coarsest = coarsestDigestGrain else { return nil }
    guard digest.grain <= coarsest else {
      return Report(
        title: "\(rawValue): needs finer cells",
        blocks: [
          .note(
            "Left out: this report reads cells \(coarsest.cellName), and this file's were kept "
              + "\(digest.grain.cellName) because the finer cells passed their memory allowance. Raise "
              + "METERBOOK_MEMORY_BUDGET (the cells may take a sixteenth of it), or analyze a part of the file.")
        ])
    }
    var report: Report
    switch self {
    case .summary: report = SummaryAnalyzer().report(digest)
    case .understanding: report = UnderstandingAnalyzer().report(digest, catalog: catalog)
    case .performance: report = PerformanceAnalyzer().report(digest)
    case .realtime: report = RealtimeAnalyzer().report(digest, catalog: catalog)
    default: return nil
    }
    if !tokensKnown, let note = noTokensNote { report.blocks.insert(.note(note), at: 0) }
    return report
  }
}

extension UsageDigest {
  /// The note a digest's report carries about what it leaves out, and how to get it.
  static func callsNote(for analyzer: AnalyzerName) -> String {
    let left =
      analyzer == .summary
      ? "The action ledger (model switches, commitments, repricing) is left out"
      : "The model per task type and the cost/quality frontier are left out"
    return left + ": it re-prices individual calls, and this file was streamed into the usage cube because its calls "
      + "would not fit the memory budget. Analyze a part of the file (e.g. one month) for it, or raise "
      + "METERBOOK_MEMORY_BUDGET."
  }
}
