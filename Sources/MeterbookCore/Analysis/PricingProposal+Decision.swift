extension PricingProposal {
  /// The first page: what to decide and why, in the order a CFO asks.
  ///
  /// Any what-if override in effect comes first (the figures are then not the saved
  /// workbook's); then the question, the recommendation, the monthly and annualized effect
  /// on margin after expected churn (with the seeds' band when there are several), who pays
  /// more and who pays less, and the risk. A proposed plan under which nobody pays less is
  /// called a price rise, whatever its structure.
  func decision(
    current: PlanComparison.Outcome, best: PlanComparison.Outcome, proposedSummary: String,
    comparison: PlanComparison
  ) -> Report {
    let period = context.period
    let keep = best.plan == current.plan
    var lines: [String] = []
    if !provenance.overrides.isEmpty {
      lines.append(
        "> **What-if in effect:** \(provenance.overrides.map { "`\($0)`" }.joined(separator: ", ")). These figures are not the saved workbook's; `save NAME` writes the overrides into a new workbook."
      )
      lines.append("")
    }
    lines.append("**Question.** " + question.split(whereSeparator: \.isNewline).joined(separator: " "))
    lines.append("")
    lines.append(
      "**Recommendation.** "
        + (keep
          ? "Keep '\(current.plan)': none of the alternatives earns more margin on the same calls once price-sensitive churn is counted."
          : "Move from '\(current.plan)' to '\(best.plan)': \(proposedSummary)."))
    lines.append("")
    let monthly = period.perMonth(best.marginAfterChurn - current.marginAfterChurn)
    var effect =
      keep
      ? "**Effect.** No change: '\(current.plan)' keeps \(Format.money(period.perMonth(current.marginAfterChurn), in: money.display)) of gross margin a month after expected churn (\(Format.money(period.perMonth(current.marginAfterChurn).scaled(by: 12, per: 1), in: money.display)) a year)."
      : "**Effect.** Gross margin after expected churn \(signed(monthly)) a month, \(signed(monthly.scaled(by: 12, per: 1))) a year (revenue \(signed(period.perMonth(best.revenueAfterChurn - current.revenueAfterChurn))) a month)."
    if let odds, odds.seeds > 1, !keep, let entry = odds.entry(best.plan) {
      let b = entry.versusCurrent
      effect +=
        " Over \(odds.seeds) seeds the monthly effect is \(signed(period.perMonth(b.median))) (\(odds.uncertainty.label) \(signed(period.perMonth(b.low)))…\(signed(period.perMonth(b.high)))), better than today in \(Format.percent(entry.beatsCurrent, places: 0)) of them."
    }
    lines.append(effect)
    lines.append("")
    let changes = zip(best.bills, current.bills).map { $0.total - $1.total }
    let more = changes.filter { $0 > .zero }
    let less = changes.filter { $0 < .zero }
    func average(_ m: [Money]) -> String {
      m.isEmpty ? "" : " (average \(signed(period.perMonth(Money.sum(m).scaled(by: 1, per: Int64(m.count))))) a month)"
    }
    if keep {
      lines.append("**Who pays what.** Nobody's bill changes.")
    } else if less.isEmpty {
      lines.append(
        "**Who pays what.** No customer pays less under '\(best.plan)': this is a price rise for \(more.count) of \(changes.count) customers\(average(more)), not a shift of cost from light users to heavy ones."
      )
    } else {
      lines.append(
        "**Who pays what.** \(more.count) of \(changes.count) customers pay more\(average(more)); \(less.count) pay less\(average(less)); \(changes.count - more.count - less.count) see no change."
      )
    }
    lines.append("")
    let threshold = Format.percent(comparison.sensitivity.threshold, places: 0)
    lines.append(
      keep
        ? "**Risk.** None from a price change; the risk is the margin left on the table if another plan shape would do better (see *Next steps*)."
        : "**Risk.** \(best.atRiskCustomers) customers see their bill rise by more than \(threshold); if each leaves with probability \(Format.percent(comparison.sensitivity.probability, places: 0)), the figures above already count it. The top 10% of bills carry \(Format.percent(best.topDecileShare)) of revenue under '\(best.plan)' (\(Format.percent(current.topDecileShare)) today)\(best.cliffs.isEmpty ? "" : "; \(best.cliffs.count) customers sit just above a volume-tier edge"). *Risks and sensitivity* tries other churn rates."
    )
    return Report(title: "Decision", blocks: [.markdown(lines.joined(separator: "\n"))])
  }

  func signed(_ m: Money) -> String { (m >= .zero ? "+" : "") + Format.money(m, in: money.display) }
}
