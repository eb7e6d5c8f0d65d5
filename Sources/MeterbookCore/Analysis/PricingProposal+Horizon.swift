/// The proposal's monthly and annual view: each plan's figures per calendar month and per
/// year, in the display currency, and, when the workbook has a horizon, the plans projected
/// month by month with the crossover and the exchange rates used.
extension PricingProposal {
  /// The "Monthly and annual view" section (and the projection's, with a horizon).
  func horizonSections(_ out: [PlanComparison.Outcome]) -> [Report] {
    let c = context
    // The outcomes are already in the display currency, each amount at the rate of its date.
    let cost = c.period.perMonth((out.first?.revenue ?? .zero) - (out.first?.margin ?? .zero))
    var rows: [[TableCell]] = []
    for o in out {
      let revenue = c.period.perMonth(o.revenue)
      let afterChurn = c.period.perMonth(o.revenueAfterChurn)
      rows.append([
        TableCell(o.plan), .money(revenue, in: money.display), .money(revenue - cost, in: money.display),
        .money(afterChurn, in: money.display), .money(revenue * 12, in: money.display),
        .money((revenue - cost) * 12, in: money.display),
      ])
    }
    let months = c.period.months
    let per =
      months == MonthCount(whole: 1)
      ? "the simulated month" : "the \(Format.fixed(months.value, places: 2)) simulated months, per calendar month"
    var blocks: [ReportBlock] = [
      .table(
        Table(
          title: "Per month and per year (\(money.display.rawValue); from \(per); a year is 12 such months)",
          columns: [
            "plan", "revenue / month", "margin / month", "revenue / month after churn", "revenue / year",
            "margin / year",
          ],
          numeric: [false, true, true, true, true, true], cells: rows))
    ]
    if let rates = PlanComparison(plans: c.plans, period: c.period, money: money).ratesNote(out) {
      blocks.append(.note(rates))
    }
    var sections = [Report(title: "Monthly and annual view", blocks: blocks)]
    if let projection {
      let report = projection.report()
      var kept: [ReportBlock] = report.blocks.filter {
        if case .table(let t) = $0 { return t.title.hasPrefix("Plans over") || t.title.hasPrefix("MRR by month") }
        return false
      }
      if let note = projection.crossoverNote { kept.append(.note(note)) }
      kept.append(.note(projection.ratesNote))
      sections.append(
        Report(
          title: "Over the next \(projection.periods.count) months", impact: report.impact,
          recommendation: report.recommendation, blocks: kept))
    }
    return sections
  }

  /// The appendix row naming the exchange rates, when the workbook has any.
  var exchangeRatesRow: [[String]] {
    guard let fx = money.fx else { return [] }
    return [["exchange rates", "\(fx.name) (amounts in \(money.display.rawValue), each at the rate of its date)"]]
  }

  /// "Rates used (fx/…): EUR/USD 1.1712 from 2026-01-01 (source)".
  static func ratesNote(_ used: [FXTable.Used], money: MoneySettings) -> String {
    "Amounts in \(money.display.rawValue), converted at the rate in effect on each amount's date. Rates used (\(money.fx?.name ?? "fx")): "
      + used.map { "\($0.pair) \($0.rate.text) from \($0.rate.from) (\($0.rate.source))" }.joined(separator: "; ") + "."
  }
}
