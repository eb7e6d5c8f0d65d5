extension FeatureEconomicsAnalyzer {
  /// The feature report: verdicts first, then the table of what they rest on and the thresholds.
  public func report(_ c: AnalysisContext) -> Report {
    let rows = findings(c)
    guard
      let dearest = rows.max(by: { ($0.costPerActiveCustomer, $1.feature) < ($1.costPerActiveCustomer, $0.feature) }),
      let cheapest = rows.min(by: { ($0.costPerActiveCustomer, $0.feature) < ($1.costPerActiveCustomer, $1.feature) })
    else { return Report(title: "Feature economics", blocks: [.note("No features in this run.")]) }
    let known = rows.contains { $0.ownRevenue != nil }
    let counts = FeatureFinding.Verdict.allCases.map { v in "\(rows.filter { $0.verdict == v }.count) \(v.rawValue)" }
    return Report(
      title: "Feature economics",
      domain: "Usage-based revenue: feature economics",
      problem: known
        ? "Only \(rows.filter { $0.ownRevenue != nil }.map { "'\($0.feature)'" }.joined(separator: ", ")) \(rows.filter { $0.ownRevenue != nil }.count == 1 ? "has" : "have") a price of \(rows.filter { $0.ownRevenue != nil }.count == 1 ? "its" : "their") own; the other features' revenue is unknown."
        : "Feature-level revenue is unknown: no plan charges for a feature on its own, and splitting fees by call share would make every feature the company average. Features are judged on cost per active customer, adoption, cost growth and retention.",
      impact:
        "AI cost per active customer a month ranges from \(Format.money(cheapest.costPerActiveCustomer, in: c.currency)) ('\(cheapest.feature)') to \(Format.money(dearest.costPerActiveCustomer, in: c.currency)) ('\(dearest.feature)')"
        + (dearest.shareOfRevenuePerCustomer.map {
          ", \(Format.percent($0, places: 0)) of what an active customer pays"
        } ?? "")
        + ".",
      recommendation: recommendation(rows),
      outcome: "Verdicts: " + counts.joined(separator: ", ") + ".",
      blocks: [
        .table(table(rows, known: known, start: c.period)),
        .bars(
          BarChart(
            title: "AI cost per active customer a month, by feature",
            items: rows.map {
              .init(
                label: $0.feature, value: $0.costPerActiveCustomer.dollars,
                display: Format.money($0.costPerActiveCustomer, in: c.currency))
            })),
        .note(thresholdNote),
      ] + (c.ratesNote.map { [.note($0)] } ?? []))
  }

  /// Up to three actions, sunset and reprice before invest; "watch" alone when nothing else.
  func recommendation(_ rows: [FeatureFinding]) -> String {
    let order: [FeatureFinding.Verdict] = [.sunset, .reprice, .invest]
    let acts = order.flatMap { v in rows.filter { $0.verdict == v } }.prefix(3).map { f in
      "\(f.verdict.rawValue.prefix(1).uppercased() + f.verdict.rawValue.dropFirst()) '\(f.feature)': \(f.reason)."
    }
    return acts.isEmpty ? "Watch every feature: none crosses a threshold." : acts.joined(separator: " ")
  }

  func table(_ rows: [FeatureFinding], known: Bool, start period: Period) -> Table {
    var columns = [
      "feature", "since", "calls", "active customers", "adoption", "AI cost", "cost/active customer/month",
      "cost growth", "churn adopters/others",
    ]
    if known { columns += ["own revenue", "margin %"] }
    columns += ["verdict", "why"]
    let cells = rows.map { f -> [TableCell] in
      var row: [TableCell] = [
        TableCell(f.feature), TableCell(f.firstDay == 0 ? "start" : period.day(f.firstDay).description),
        .count(f.calls), .count(f.activeCustomers), .percent(f.adoption, places: 0), .money(f.cost, in: f.currency),
        .money(f.costPerActiveCustomer, in: f.currency), f.costGrowth.map { .percent($0, places: 0) } ?? TableCell("–"),
        TableCell(churnText(f)),
      ]
      if known {
        row += [
          f.ownRevenue.map { .money($0, in: f.currency) } ?? TableCell("unknown"),
          f.marginShare.map { .percent($0, places: 0) } ?? TableCell("–"),
        ]
      }
      return row + [TableCell(f.verdict.rawValue), TableCell(f.reason)]
    }
    return Table(
      title: "Features (cost growth: cost per day, second half of the feature's span against the first)",
      columns: columns,
      numeric: columns.map { !["feature", "since", "churn adopters/others", "verdict", "why"].contains($0) },
      cells: cells)
  }

  private func churnText(_ f: FeatureFinding) -> String {
    guard let a = f.adopterChurn, let o = f.otherChurn else { return "–" }
    return "\(Format.percent(a, places: 0)) / \(Format.percent(o, places: 0))"
  }

  var thresholdNote: String {
    let t = thresholds
    return
      "Verdicts, first match wins: own price loses money → sunset (adoption < \(Format.percent(t.lowAdoption, places: 0))) or reprice; "
      + "adoption < \(Format.percent(t.lowAdoption, places: 0)) and cost per active customer ≥ \(Format.fixed(t.expensiveMultiple, places: 0))× the other features' median → sunset; "
      + "no own price and cost per active customer ≥ \(Format.percent(t.revenueShare, places: 0)) of revenue per active customer → reprice; "
      + "cost per day up ≥ \(Format.percent(t.fastGrowth, places: 0)) → watch; adopters churn ≥ \(Format.fixed(t.churnRatio, places: 0))× others and ≥ \(Format.percent(t.churnGap, places: 0)) more → watch; "
      + "adoption ≥ \(Format.percent(t.wideAdoption, places: 0)) and cost per active customer ≤ the other features' median (own margin ≥ \(Format.percent(t.investMargin, places: 0)) when priced) → invest; otherwise watch. "
      + "Cost growth needs \(t.minimumCallsPerHalf) calls in each half; churn needs \(ChurnEstimate.minimumObservedChurned) churned customers and \(t.minimumGroup) in each group."
  }
}
