extension PlanComparison {
  /// The side-by-side report over many seeds: seed 1's report (its tables describe the
  /// workbook's own draw) with its headline rewritten from the bands, and the plans' bands,
  /// win rates and paired differences first.
  public func report(
    _ names: [String], run: Run, population: Population, cube: UsageCube? = nil, book: BillBook? = nil,
    odds: PlanOdds?
  ) -> Report {
    report(
      names, population: population, cube: cube ?? UsageCube(run, grain: money.grain(for: plans, period: period)),
      book: book, odds: odds)
  }

  /// The same, billed on a period cube alone (a measured run keeps no calls).
  public func report(
    _ names: [String], population: Population, cube: UsageCube, book: BillBook? = nil, odds: PlanOdds?
  ) -> Report {
    var report = report(names, population: population, cube: cube, book: book)
    guard let odds, odds.seeds > 1, let current = odds.entries.first else { return report }
    let u = odds.uncertainty
    let leaderText: String
    switch odds.verdict {
    case .recommend(let plan, let runnerUp, let confidence):
      let sure = runnerUp.map { "; it beats '\($0)' in \(Format.percent(confidence, places: 0)) of seeds" } ?? ""
      leaderText =
        plan == current.plan
        ? "Keep '\(plan)': it has the highest median margin after churn over \(odds.seeds) seeds\(sure)."
        : "Propose '\(plan)': it has the highest median margin after churn over \(odds.seeds) seeds\(sure)."
    case .undecided(let leader, let runnerUp, let leaderWins):
      leaderText =
        "No recommendation: '\(leader)' leads on median margin after churn but beats '\(runnerUp)' in only \(Format.percent(leaderWins, places: 0)) of \(odds.seeds) seeds (the tolerance asks for \(Format.percent(1 - u.tolerance, places: 0))); the difference is within the simulation's noise."
    }
    let chosen = odds.entry(odds.verdict.plan) ?? current
    report.problem =
      current.negativeCustomers.median > 0
      ? "Under '\(current.plan)', \(Self.band(current.negativeCustomers)) customers cost more to serve than they pay (median over \(odds.seeds) seeds, \(u.label) in parentheses)."
      : "Under '\(current.plan)', every customer pays more than they cost in most seeds; the question is which plan earns most."
    report.impact =
      chosen.plan == current.plan
      ? "'\(current.plan)' earns \(band(current.marginAfterChurn)) of margin after expected churn (median over \(odds.seeds) seeds, \(u.label) in parentheses)."
      : "'\(chosen.plan)' beats '\(current.plan)' by \(band(chosen.versusCurrent)) of margin after expected churn, median over \(odds.seeds) seeds with the \(u.label) band, in \(Format.percent(chosen.beatsCurrent, places: 0)) of them."
    report.recommendation = leaderText
    report.outcome =
      "'\(chosen.plan)': revenue \(band(chosen.revenue)); after expected churn, revenue \(band(chosen.revenueAfterChurn)) and margin \(band(chosen.marginAfterChurn))."
    report.blocks =
      oddsBlocks(odds) + [.note("Seed 1 of \(odds.seeds) (the workbook's own seed) in detail:")] + report.blocks
    return report
  }

  /// The plans' bands over the seeds: the decision figures first, then the others.
  func oddsBlocks(_ odds: PlanOdds) -> [ReportBlock] {
    let u = odds.uncertainty
    let current = odds.entries.first?.plan ?? ""
    let decision = Table(
      title: "Plans over \(odds.seeds) seeds: margin after churn, median and \(u.label)",
      columns: ["plan", "margin after churn", "wins", "vs '\(current)'", "beats it"],
      numeric: [false, true, true, true, true],
      cells: odds.entries.map { e in
        [
          TableCell(e.plan), bandCell(e.marginAfterChurn), .percent(e.winRate, places: 0),
          bandCell(e.versusCurrent), e.plan == current ? TableCell("–") : .percent(e.beatsCurrent, places: 0),
        ]
      })
    let others = Table(
      title: "Other figures over \(odds.seeds) seeds: median (\(u.label))",
      columns: ["plan", "revenue", "margin", "margin %", "negative-margin customers", "revenue after churn"],
      numeric: [false, true, true, true, true, true],
      cells: odds.entries.map { e in
        [
          TableCell(e.plan), bandCell(e.revenue), bandCell(e.margin),
          e.marginShare.map { b in
            TableCell(
              text: "\(Format.percent(b.median)) (\(Format.percent(b.low))…\(Format.percent(b.high)))",
              value: b.median * 100, unit: .pct)
          } ?? TableCell("–"),
          TableCell(text: Self.band(e.negativeCustomers), value: e.negativeCustomers.median, unit: .count),
          bandCell(e.revenueAfterChurn),
        ]
      })
    let whiskers = BarChart(
      title:
        "Margin after churn by plan: the bar ends at the median, whiskers span \(u.label) over \(odds.seeds) seeds",
      items: odds.entries.map { e in
        let m = e.marginAfterChurn
        return BarChart.Item(
          label: e.plan, value: m.median.dollars, display: band(m),
          whisker: BarChart.Whisker(low: m.low.dollars, high: m.high.dollars))
      })
    return [
      .table(decision), .bars(whiskers), .table(others),
      .note(
        "Every plan of a seed is billed on that seed's same calls, so 'vs' columns are paired differences taken seed by seed. 'wins' is the share of seeds in which the plan has the highest margin after churn (ties split); a recommendation needs the leader to beat the runner-up in at least \(Format.percent(1 - u.tolerance, places: 0)) of seeds (tolerance \(Format.fixed(u.tolerance, places: 2)))."
      ),
    ]
  }

  /// `$812 ($353…$1,354)`, in the display currency.
  func band(_ b: Band<Money>) -> String {
    let f = { (m: Money) in Format.bandMoney(m, in: money.display) }
    return "\(f(b.median)) (\(f(b.low))…\(f(b.high)))"
  }

  /// `41 (35…48)`.
  static func band(_ b: Band<Double>) -> String {
    let f = { (x: Double) in Format.integer(Int(saturating: x.rounded())) }
    return "\(f(b.median)) (\(f(b.low))…\(f(b.high)))"
  }

  /// A money band in one cell; scripts read the median.
  func bandCell(_ b: Band<Money>) -> TableCell {
    TableCell(text: band(b), value: b.median.dollars, unit: money.display.unit)
  }
}

extension PlanOdds.Verdict {
  /// The plan recommended, or the leader when there is no recommendation.
  public var plan: String {
    switch self {
    case .recommend(let plan, _, _): plan
    case .undecided(let leader, _, _): leader
    }
  }
}
