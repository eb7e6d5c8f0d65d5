/// The proposal's monthly and annual view: each plan's figures per calendar month and per
/// year, in the display currency, and, when the workbook has a horizon, the plans projected
/// month by month with the crossover and the exchange rates used.
extension PricingProposal {
  /// The "Monthly and annual view" section (and the projection's, with a horizon).
  func horizonSections(_ out: [PlanComparison.Outcome]) -> [Report] {
    let c = context
    var ledger = RateLedger()
    let day = c.period.lastDay
    let costs =
      (try? ledger.displayCost(c.run, period: c.period, customers: c.population.customers.count, money: money))
    guard let costs else {
      return [Report(title: "Monthly and annual view", blocks: [.note("No exchange rate converts these amounts.")])]
    }
    let cost = c.period.perMonth(Money.sum(costs))
    var rows: [[TableCell]] = []
    for o in out {
      let currency = c.plans.first { $0.name == o.plan }?.currency ?? .usd
      guard let factor = try? ledger.factor(money, from: currency, on: day) else { continue }
      let revenue = c.period.perMonth(factor.apply(o.revenue))
      let afterChurn = c.period.perMonth(factor.apply(o.revenueAfterChurn))
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
    if !ledger.used.isEmpty { blocks.append(.note(Self.ratesNote(ledger.used, money: money))) }
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
