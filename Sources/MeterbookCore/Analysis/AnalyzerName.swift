/// The analyzers a `report` cell or command can name, each returning a `Report`.
public enum AnalyzerName: String, CaseIterable, Sendable {
  /// Executive summary: total spend, spend by provider and model, top cost drivers.
  case summary
  /// FinOps 1: spend, allocation, top drivers, token efficiency, forecast.
  case understanding
  /// FinOps 2: cost per task, latency percentiles, quality per dollar, model per task.
  case performance
  /// FinOps 3: anomalies, thresholds, allocation exhaustion, inefficient use, portfolio risk.
  case realtime
  /// FinOps 4: commitments, model switching, the combined savings plan.
  case optimization
  /// FinOps 5: cost centers, chargeback, budgets, unallocated cost.
  case alignment
  /// Customer profitability: margins, unprofitable customers, lifetime value.
  case profitability
  /// Pricing strategy: the workbook's plans side by side.
  case pricing
  /// Feature economics: cost, adoption and margin per feature; invest or sunset.
  case features
  /// Free-tier optimizer: the allowance that covers light users, its cost, the funnel.
  case freeTier = "free-tier"

  /// Whether the analyzer's findings rest on token counts (model switches re-price tokens,
  /// efficiency is cost per token, allowances are counted in tokens).
  public var needsTokens: Bool { [.performance, .optimization, .freeTier].contains(self) }

  /// Runs the analyzer on `context`; on calls without token counts, an analyzer that needs them
  /// says so first.
  public func report(_ context: AnalysisContext) -> Report {
    if context.fromCube && needsCalls { return cubeNote() }
    var report = analyze(context)
    if context.fromCube && readsCustomerAttributes && context.run.dimensions.tiers.allSatisfy({ $0 == "unknown" }) {
      report.blocks.insert(.note(Self.cubeAttributesNote), at: 0)
    }
    if !context.tokensKnown, let note = noTokensNote { report.blocks.insert(.note(note), at: 0) }
    return report
  }

  /// What the report says first of usage without token counts.
  ///
  /// `nil` when it shows no token figures. The calls in memory and a streamed file say the same.
  var noTokensNote: String? {
    guard needsTokens || self == .understanding else { return nil }
    return "The imported usage has no token counts (a costs-only export): "
      + (needsTokens
        ? "this report needs tokens, so its token-based figures are empty. Import a usage export with tokens (e.g. --map openai-usage) for them."
        : "token efficiency is empty; the cost breakdowns are complete.")
  }

  private func analyze(_ context: AnalysisContext) -> Report {
    switch self {
    case .summary: SummaryAnalyzer().report(context)
    case .understanding: UnderstandingAnalyzer().report(context)
    case .performance: PerformanceAnalyzer().report(context)
    case .realtime: RealtimeAnalyzer().report(context.inDisplayCurrency())
    case .optimization: OptimizationAnalyzer().report(context)
    case .alignment: AlignmentAnalyzer().report(context)
    case .profitability: ProfitabilityAnalyzer().report(context.inDisplayCurrency())
    case .pricing:
      context.plans.isEmpty
        ? Report(
          title: "Pricing plans side by side",
          blocks: [
            .note(
              "No plans to compare: add some under plans: in the workbook, or, for a usage CSV, pass a file holding plans: "
                + "(`meterbook analyze usage.csv --map litellm --report pricing --plans plans.yaml`).")
          ])
        : PlanComparison(plans: context.plans, period: context.period, money: context.money).report(
          context.plans.map(\.name), run: context.run, population: context.population)
    case .features: FeatureEconomicsAnalyzer().report(context.inDisplayCurrency())
    case .freeTier: FreeTierOptimizer().report(context.inDisplayCurrency())
    }
  }
}
