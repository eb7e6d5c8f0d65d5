/// A usage-based pricing proposal a CFO reads in five minutes: one page of decision first
/// (any what-if in effect, the question, the recommendation, the monthly and annualized
/// effect after churn, who pays more and who pays less, the risk), then the supporting
/// tables once each, next steps, and an appendix that lets anyone reproduce it.
///
/// Every figure comes from the same simulated calls, billed exactly under each plan; the
/// same workbook and seed give the same bytes.
public struct PricingProposal {
  public struct Provenance: Sendable, Hashable {
    public var workbookPath: String
    public var workbookSHA256: String
    public var catalogName: String
    public var catalogDate: String
    public var catalogSHA256: String
    public var overrides: [String]
    public init(
      workbookPath: String, workbookSHA256: String, catalogName: String, catalogDate: String, catalogSHA256: String,
      overrides: [String]
    ) {
      self.workbookPath = workbookPath
      self.workbookSHA256 = workbookSHA256
      self.catalogName = catalogName
      self.catalogDate = catalogDate
      self.catalogSHA256 = catalogSHA256
      self.overrides = overrides
    }
  }

  public var question: String
  public var context: AnalysisContext
  public var planNames: [String]
  public var provenance: Provenance
  /// The plans compared over the workbook's seeds, when it runs more than one: the proposal
  /// then proposes the leader over the seeds, states how sure it is, and gives its headline
  /// as a band.
  public var odds: PlanOdds?
  /// The workbook's exchange rates and display currency, for the monthly and annual view.
  public var money = MoneySettings()
  /// The plans projected over the workbook's horizon, when it has one; placed with the
  /// monthly and annual view right after the decision.
  public var projection: Projection?

  public init(
    question: String, context: AnalysisContext, planNames: [String], provenance: Provenance, odds: PlanOdds? = nil
  ) {
    self.question = question
    self.context = context
    self.planNames = planNames
    self.provenance = provenance
    self.odds = odds
  }

  /// The proposal's sections, in reading order.
  ///
  /// The proposed plan is `PlanChoice`'s: the highest expected margin after price-sensitive
  /// churn, so the proposal never moves customers to a plan that earns less once the ones
  /// who leave over a price rise are gone.
  public func sections() -> [Report] {
    let c = context
    let names = planNames.isEmpty ? c.plans.map(\.name) : planNames
    let comparison = PlanComparison(plans: c.plans, period: c.period, money: money)
    let out: [PlanComparison.Outcome]
    do {
      out = try comparison.outcomes(names, run: c.run, population: c.population)
    } catch {
      return [
        Report(
          title: "Decision", blocks: [.markdown(question), .note("No exchange rate converts these amounts: \(error)")])
      ]
    }
    guard let current = out.first, let choice = PlanChoice.choose(out),
      let best = out.first(where: { $0.plan == (odds?.verdict.plan ?? choice.recommended) }),
      let proposed = c.plans.first(where: { $0.name == best.plan })
    else {
      return [
        Report(title: "Decision", blocks: [.markdown(question), .note("The workbook has no plans to propose from.")])
      ]
    }
    return [decision(current: current, best: best, proposedSummary: proposed.summary, comparison: comparison)]
      + horizonSections(out) + certaintySection(current: current.plan) + [
        plansSection(out, current: current, choice: choice, comparison: comparison),
        segmentSection(out, current: current, best: best, comparison: comparison),
        risksSection(current: current, best: best, comparison: comparison),
        nextSteps(current: current, best: best),
        appendix(names),
      ]
  }

  /// Over several seeds: how sure the proposal is, with the plans' bands and paired
  /// differences; nothing for one seed.
  private func certaintySection(current: String) -> [Report] {
    guard let odds, odds.seeds > 1 else { return [] }
    let comparison = PlanComparison(plans: context.plans, period: context.period, money: money)
    let headline: String
    switch odds.verdict {
    case .recommend(let plan, let runnerUp, let confidence):
      let entry = odds.entry(plan)
      headline =
        plan == current
        ? "Over \(odds.seeds) seeds, '\(current)' keeps the highest median margin after churn"
          + (runnerUp.map { "; it beats '\($0)' in \(Format.percent(confidence, places: 0)) of seeds." } ?? ".")
        : "Over \(odds.seeds) seeds, '\(plan)' beats '\(current)' by \(entry.map { comparison.band($0.versusCurrent) } ?? "–") of margin after expected churn (median, \(odds.uncertainty.label)), in \(Format.percent(entry?.beatsCurrent ?? 0, places: 0)) of seeds"
          + (runnerUp.map { r in
            r == current ? "." : "; it beats the runner-up '\(r)' in \(Format.percent(confidence, places: 0)) of seeds."
          } ?? ".")
    case .undecided(let leader, let runnerUp, let leaderWins):
      headline =
        "Over \(odds.seeds) seeds the evidence does not choose: '\(leader)' leads on median margin after churn but beats '\(runnerUp)' in only \(Format.percent(leaderWins, places: 0)) of seeds. Treat the two as equivalent, or decide on other grounds."
    }
    return [
      Report(
        title: "How sure: \(odds.seeds) seeds",
        blocks: [.markdown(headline), .note(seedsNote(odds))] + comparison.oddsBlocks(odds))
    ]
  }

  /// The seeds and interval behind the figures, stated up front.
  private func seedsNote(_ odds: PlanOdds) -> String {
    "Figures come from \(odds.seeds) simulated months (seeds derived from \(context.scenario.seed)); bands are \(odds.uncertainty.label), the middle \(Format.percent(odds.uncertainty.interval, places: 0)) of them. Tables after this section describe seed 1, the workbook's own."
  }

  /// Each plan's figures per month, one column per plan.
  private func figuresTable(_ outcomes: [PlanComparison.Outcome]) -> Table {
    let period = context.period
    let unit = "\(money.display.symbol)/month"
    return Table(
      title: "Plans on the same calls, per month",
      columns: [
        "plan", "revenue (\(unit))", "AI cost (\(unit))", "gross margin (\(unit))", "margin %",
        "unprofitable customers", "revenue after churn (\(unit))", "margin after churn (\(unit))",
      ],
      numeric: [false, true, true, true, true, true, true, true],
      cells: outcomes.map { o in
        [
          TableCell(o.plan), .money(period.perMonth(o.revenue), in: money.display),
          .money(period.perMonth(o.revenue - o.margin), in: money.display),
          .money(period.perMonth(o.margin), in: money.display),
          o.revenue > .zero ? .percent(o.margin.share(of: o.revenue)) : TableCell("–"), .count(o.negativeCustomers),
          .money(period.perMonth(o.revenueAfterChurn), in: money.display),
          .money(period.perMonth(o.marginAfterChurn), in: money.display),
        ]
      }, fit: TableFit(recordsAsColumns: outcomes.count <= 6))
  }

  private func reversalNote(_ choice: PlanChoice, _ out: [PlanComparison.Outcome]) -> String {
    let leader = out.first { $0.plan == choice.bestBeforeChurn }
    return
      "'\(choice.bestBeforeChurn)' has the highest gross margin before churn (\(Format.money(leader?.margin ?? .zero, in: money.display))) but \(Format.money(leader?.marginAfterChurn ?? .zero, in: money.display)) after expected churn, below '\(choice.recommended)' (\(Format.money(choice.recommendedMargin, in: money.display)))."
  }

  /// The plans compared: what each charges, their figures per month (the only plan table),
  /// and margin by tier (the only margin chart).
  private func plansSection(
    _ out: [PlanComparison.Outcome], current: PlanComparison.Outcome, choice: PlanChoice,
    comparison: PlanComparison
  ) -> Report {
    let structures = Table(
      title: "", columns: ["plan", "what it charges"], numeric: [false, false],
      rows: out.map { o in [o.plan, context.plans.first { $0.name == o.plan }?.summary ?? ""] })
    let grouped = comparison.marginByTier(out, population: context.population, costs: current.costs)
    var blocks: [ReportBlock] = [.table(structures), .table(figuresTable(out)), .grouped(grouped)]
    if choice.churnReversesRanking && odds == nil { blocks.append(.note(reversalNote(choice, out))) }
    return Report(
      title: "Plans compared",
      blocks: blocks + [
        .note(
          "Figures per month of the \(Format.integer(context.run.count)) simulated calls (\(context.scenario.days) days); AI cost is the same under every plan."
        )
      ])
  }

  private func segmentSection(
    _ out: [PlanComparison.Outcome], current: PlanComparison.Outcome, best: PlanComparison.Outcome,
    comparison: PlanComparison
  ) -> Report {
    guard best.plan != current.plan else {
      return Report(title: "Who pays more, who pays less", blocks: [.note("No change for any segment.")])
    }
    let table = comparison.segmentTable([current, best], population: context.population)
    let winners = zip(best.bills, current.bills).filter { $0.total < $1.total }.count
    let losers = zip(best.bills, current.bills).filter { $0.total > $1.total }.count
    return Report(
      title: "Who pays more, who pays less",
      problem: "\(winners) customers pay less and \(losers) pay more under '\(best.plan)'.",
      blocks: [
        .table(table),
        .histogram(
          HistogramChart(
            title: "Bill change per customer, '\(best.plan)' against '\(current.plan)'",
            values: zip(best.bills, current.bills).map { ($0.total - $1.total).dollars },
            unit: .money(in: money.display))),
      ])
  }

  private func risksSection(
    current: PlanComparison.Outcome, best: PlanComparison.Outcome, comparison: PlanComparison
  ) -> Report {
    let c = context
    let rows = [0.1, 0.3, 0.5].map { p -> [TableCell] in
      // The same plans and rates as the proposal's own comparison, which converted without error.
      let o = try? PlanComparison(
        plans: c.plans, sensitivity: .init(threshold: comparison.sensitivity.threshold, probability: p),
        period: c.period, money: money
      ).outcomes([current.plan, best.plan], run: c.run, population: c.population).last
      return [
        .percent(p, places: 0), .count(o?.atRiskCustomers ?? 0),
        .money(c.period.perMonth(o?.revenueAfterChurn ?? .zero), in: money.display),
        .money(c.period.perMonth(o?.marginAfterChurn ?? .zero), in: money.display),
        .money(c.period.perMonth((o?.marginAfterChurn ?? .zero) - current.marginAfterChurn), in: money.display),
      ]
    }
    let s = c.scenario
    let unit = "\(money.display.symbol)/month"
    return Report(
      title: "Risks and sensitivity",
      blocks: [
        .table(
          Table(
            title:
              "If customers whose bill rises more than \(Format.percent(comparison.sensitivity.threshold, places: 0)) churn with probability p ('\(best.plan)')",
            columns: [
              "p", "customers at risk", "revenue after churn (\(unit))", "margin after churn (\(unit))",
              "margin vs today (\(unit))",
            ],
            numeric: [false, true, true, true, true], cells: rows)),
        .markdown(
          [
            "- Revenue concentration: the top 10% of bills carry \(Format.percent(best.topDecileShare)) of revenue under '\(best.plan)' (\(Format.percent(current.topDecileShare)) today).",
            best.cliffs.isEmpty
              ? "- No customer sits near a volume-tier cliff."
              : "- \(best.cliffs.count) customers sit just above a volume-tier edge where the bill falls as usage rises.",
            "- Simulated traffic: \(s.population.customers) customers over \(s.days) days; prices from the \(provenance.catalogName) catalog (\(provenance.catalogDate)).",
          ].joined(separator: "\n")),
      ])
  }

  private func nextSteps(current: PlanComparison.Outcome, best: PlanComparison.Outcome) -> Report {
    let losers = zip(best.bills, current.bills).filter { $0.total > $1.total }.count
    return Report(
      title: "Next steps",
      blocks: [
        .markdown(
          [
            "1. Validate the simulated usage against last month's real calls (`meterbook analyze` on the usage export, then `calibrate`).",
            best.plan == current.plan
              ? "2. Re-run with other plan shapes; none of these beats '\(current.plan)' after expected churn."
              : "2. Model '\(best.plan)' in the billing system and preview invoices for the \(losers) customers who pay more.",
            "3. Contact the customers whose bill rises most before the change; offer a transition credit.",
            "4. Re-run this workbook monthly and compare against this proposal's figures.",
          ].joined(separator: "\n"))
      ])
  }

  private func appendix(_ names: [String]) -> Report {
    let c = context
    let s = c.scenario
    var rows: [[String]] =
      [
        ["Meterbook", MeterbookVersion.current],
        ["workbook", provenance.workbookPath],
        ["workbook SHA-256", provenance.workbookSHA256],
        ["scenario", s.name],
        ["seed", String(s.seed)],
        ["period", "\(s.start) + \(s.days) days"],
        ["customers / calls", "\(Format.integer(s.population.customers)) / \(Format.integer(c.run.count))"],
        ["catalog", "\(provenance.catalogName) (prices of \(provenance.catalogDate))"],
        ["catalog SHA-256", provenance.catalogSHA256],
        ["plans compared", names.joined(separator: ", ")],
        ["overrides", provenance.overrides.isEmpty ? "none" : provenance.overrides.joined(separator: "; ")],
      ] + exchangeRatesRow
    if let odds {
      let seeds = [
        "seeds", "\(odds.seeds), derived from the seed (specs/simulator.md); bands \(odds.uncertainty.label)",
      ]
      rows.insert(seeds, at: 5)
    }
    return Report(
      title: "Appendix: method and reproducibility",
      blocks: [
        .markdown(
          "Every plan bills the same simulated calls once per period, exactly (nano-dollar integers; see specs/pricing.md). Margin is revenue minus list-price AI cost. Churn is an expected value, not a draw: a customer whose bill rises past the threshold stays with probability 1 − p, and a customer who leaves takes their AI cost along. The proposed plan has the highest margin after that churn."
        ),
        .table(
          Table(
            title: "", columns: ["item", "value"], numeric: [false, false],
            rows: rows)),
      ])
  }
}
