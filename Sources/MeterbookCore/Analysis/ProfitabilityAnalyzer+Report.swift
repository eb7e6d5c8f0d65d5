extension ProfitabilityAnalyzer {
  /// The profitability report: findings written as the problem, impact, recommendation and
  /// outcome, with the margin histogram, margin by tier, the losers and lifetime values.
  public func report(_ c: AnalysisContext) -> Report {
    guard !c.population.customers.isEmpty else {
      return Report(title: "Customer profitability", blocks: [.note("No customers.")])
    }
    let f = findings(c)
    guard f.revenuePerMonth > .zero else {
      return Report(
        title: "Customer profitability", domain: "Usage-based revenue: customer profitability",
        problem:
          "Revenue is unknown: '\(f.plan)' bills nothing for these customers, so no margin, loss or lifetime value can be stated.",
        recommendation: "Add the plan customers are on to a workbook (plans:) and analyze the usage with it.",
        blocks: [.keyFigures(keyFigures(f))])
    }
    let n = f.customers.count
    let losers = f.losers.count
    return Report(
      title: "Customer profitability",
      domain: "Usage-based revenue: customer profitability",
      problem: losers == 0
        ? "Every customer pays more than their AI cost under '\(f.plan)'."
        : "\(losers) of \(n) customers (\(ShareText.percent(losers, of: n))) cost more to serve than they pay under '\(f.plan)'.",
      impact: losers == 0
        ? "No margin is lost on any customer."
        : "\(Format.money(f.lossPerMonth, in: f.currency))/month of negative margin from \(losers) unprofitable \(losers == 1 ? "customer" : "customers").",
      recommendation: recommendation(f),
      outcome: outcome(f),
      blocks: [
        .keyFigures(keyFigures(f)),
        .histogram(
          HistogramChart(
            title: "Margin per customer (period)", values: f.customers.map(\.margin.dollars),
            unit: .money(in: f.currency))),
        .bars(
          BarChart(
            title: "Margin by tier (period)",
            items: f.marginByTier.map {
              .init(label: $0.tier, value: $0.margin.dollars, display: Format.money($0.margin, in: f.currency))
            })),
        .table(loserTable(f)),
        .table(lifetimeTable(f)),
      ] + (f.repricing.map { [.note("Repricing assumptions: " + $0.assumptions.joined(separator: " "))] } ?? [])
        + (c.ratesNote.map { [.note($0)] } ?? []))
  }

  func recommendation(_ f: ProfitabilityFindings) -> String {
    guard let r = f.repricing else { return "Keep '\(f.plan)'; watch the heaviest customers' cost per call." }
    let who = r.customers.count == 1 ? "the unprofitable customer" : "the \(r.customers.count) unprofitable customers"
    return
      "Reprice \(who) at AI cost + \(Format.percent(r.markup, places: 0)): \(MarginMath.describe(markup: r.markup))."
  }

  func outcome(_ f: ProfitabilityFindings) -> String {
    guard let r = f.repricing else {
      return "Gross margin stays \(Format.money(f.revenuePerMonth - f.costPerMonth, in: f.currency))/month."
    }
    let leave = Format.fixed(r.expectedChurned, places: 1)
    let ledger =
      f.ledgerRepricing.map { a in
        a.monthlyValue == r.marginGainPerMonth
          ? " The action ledger books the same amount."
          : " The action ledger books \(Format.money(a.monthlyValue, in: f.currency))/month for it, on the AI cost left after its model switches."
      } ?? " After the action ledger's model switches no customer loses money, so the ledger books no repricing."
    return "Expected +\(Format.money(r.marginGainPerMonth, in: f.currency))/month of gross margin "
      + "(revenue \(signed(r.revenueChangePerMonth, in: f.currency))/month), with \(leave) of \(r.customers.count) expected to leave over the rise; "
      + "confidence \(Format.percent(r.confidence, places: 0)) (share of the gain from customers who lost money in both halves of the period)."
      + ledger
  }

  func keyFigures(_ f: ProfitabilityFindings) -> [KeyFigure] {
    [
      KeyFigure(
        label: "revenue/month", value: Format.money(f.revenuePerMonth, in: f.currency), raw: f.revenuePerMonth.dollars),
      KeyFigure(
        label: "AI cost/month", value: Format.money(f.costPerMonth, in: f.currency), raw: f.costPerMonth.dollars),
      KeyFigure(
        label: "gross margin", value: f.grossMargin.map { Format.percent($0) } ?? "–", raw: f.grossMargin ?? 0),
      KeyFigure(label: "unprofitable customers", value: Format.integer(f.losers.count), raw: Double(f.losers.count)),
      KeyFigure(
        label: "churn/month", value: Format.percent(f.churn.monthlyRate), raw: f.churn.monthlyRate),
    ]
  }

  func loserTable(_ f: ProfitabilityFindings) -> Table {
    Table(
      title: f.losers.isEmpty ? "Unprofitable customers: none" : "Unprofitable customers (largest losses first)",
      columns: ["customer", "archetype", "tier", "AI cost", "revenue", "margin"],
      numeric: [false, false, false, true, true, true],
      cells: f.losers.prefix(15).map { x in
        [
          TableCell(x.id), TableCell(x.archetype), TableCell(x.tier), .money(x.cost, in: f.currency),
          .money(x.revenue, in: f.currency),
          .money(x.margin, in: f.currency),
        ]
      })
  }

  func lifetimeTable(_ f: ProfitabilityFindings) -> Table {
    let d = Format.percent(f.monthlyDiscount, places: 2)
    let months = f.discountedMonths.map { Format.fixed($0, places: 1) } ?? "–"
    return Table(
      title:
        "Lifetime value = margin/month × (1 + d)/(d + c) = × \(months) months; churn c = \(Format.percent(f.churn.monthlyRate))/month, \(f.churn.explanation); discount d = \(d)/month (\(Format.percent(annualDiscount, places: 0))/year)",
      columns: ["archetype", "customers", "margin/month", "lifetime value"],
      numeric: [false, true, true, true],
      cells: f.lifetime.map { row in
        [
          TableCell(row.segment), .count(row.customers), .money(row.marginPerMonth, in: f.currency),
          row.value.map { .money($0, in: f.currency) } ?? TableCell("–"),
        ]
      })
  }

  private func signed(_ m: Money, in currency: Currency) -> String {
    (m >= .zero ? "+" : "") + Format.money(m, in: currency)
  }
}
