extension AnalyzerName {
  /// One line on what the analyzer answers, for `help report`.
  public var summary: String {
    switch self {
    case .summary: "Executive summary: total spend, spend by provider and model, top cost drivers, the action ledger."
    case .understanding: "FinOps 1, understanding: spend, allocation, top drivers, token efficiency, forecast."
    case .performance: "FinOps 2, performance: cost per task, latency percentiles, quality per dollar, model per task."
    case .realtime:
      "FinOps 3, real-time decisions: anomalies, thresholds, allocation exhaustion, inefficient use, portfolio risk."
    case .optimization: "FinOps 4, optimization: commitments, model switching, the combined savings plan."
    case .alignment: "FinOps 5, alignment: cost centers, chargeback, budgets, unallocated cost."
    case .profitability: "Customer profitability: margins, unprofitable customers, lifetime value."
    case .pricing: "Pricing strategy: the workbook's plans side by side, who pays more and who pays less."
    case .features: "Feature economics: cost, adoption and margin per feature; invest or sunset."
    case .freeTier: "Free-tier optimizer: the allowance that covers light users, its cost, the funnel."
    }
  }
}
