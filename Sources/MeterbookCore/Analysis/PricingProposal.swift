/// A usage-based pricing proposal a CFO can read: the question, the current plan, the
/// proposed structure, revenue and margin impact, who wins and who loses, risks and
/// sensitivity, next steps, and an appendix that lets anyone reproduce it.
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

  public init(question: String, context: AnalysisContext, planNames: [String], provenance: Provenance) {
    self.question = question
    self.context = context
    self.planNames = planNames
    self.provenance = provenance
  }

  /// The proposal's sections, in reading order.
  public func sections() -> [Report] {
    let c = context
    let names = planNames.isEmpty ? c.plans.map(\.name) : planNames
    let months = c.period.months
    let comparison = PlanComparison(plans: c.plans, months: months)
    let out = comparison.outcomes(names, run: c.run, population: c.population)
    guard let current = out.first, let currentPlan = c.plans.first(where: { $0.name == current.plan }) else {
      return [
        Report(
          title: "The question", blocks: [.markdown(question), .note("The workbook has no plans to propose from.")])
      ]
    }
    let best = out.max { ($0.margin, $1.plan) < ($1.margin, $0.plan) }!
    let proposed = c.plans.first { $0.name == best.plan }!
    let cost = c.run.totalCost
    func pct(_ a: Money, _ b: Money) -> String { Format.percent(Double(a.nanos) / Double(max(1, b.nanos))) }
    func figures(_ o: PlanComparison.Outcome) -> [String] {
      [
        Format.money(o.revenue), Format.money(cost), Format.money(o.margin), pct(o.margin, o.revenue),
        Format.integer(o.negativeCustomers), Format.money(o.revenueAfterChurn),
      ]
    }
    let columns = [
      "plan", "revenue", "AI cost", "gross margin", "margin %", "unprofitable customers", "revenue after churn",
    ]
    let full = comparison.report(names, run: c.run, population: c.population)
    let segmentTable = full.blocks.compactMap {
      if case .table(let t) = $0, t.title.hasPrefix("Who pays") { t } else { nil }
    }.first
    var segmentRows = segmentTable?.rows.filter { $0.first == best.plan } ?? []
    if best.plan == current.plan { segmentRows = [] }
    let histogram = full.blocks.compactMap { if case .histogram(let h) = $0 { h } else { nil } }.first
    let grouped = full.blocks.compactMap { if case .grouped(let g) = $0 { g } else { nil } }.first
    let sensitivities = [0.1, 0.3, 0.5].map { p -> [String] in
      let o = PlanComparison(
        plans: c.plans, sensitivity: .init(threshold: comparison.sensitivity.threshold, probability: p), months: months
      )
      .outcomes([current.plan, best.plan], run: c.run, population: c.population).last!
      return [
        Format.percent(p, places: 0), Format.integer(o.atRiskCustomers), Format.money(o.revenueAfterChurn),
        Format.money(o.revenueAfterChurn - current.revenue),
      ]
    }
    let winners = zip(best.bills, current.bills).filter { $0.total < $1.total }.count
    let losers = zip(best.bills, current.bills).filter { $0.total > $1.total }.count
    let moreRevenue = best.revenue - current.revenue
    let s = c.scenario

    return [
      Report(title: "The question", blocks: [.markdown(question)]),
      Report(
        title: "Current plan: \(current.plan)",
        blocks: [
          .markdown(currentPlan.summary.prefix(1).uppercased() + currentPlan.summary.dropFirst() + "."),
          .table(
            Table(
              title: "", columns: columns, numeric: [false, true, true, true, true, true, true],
              rows: [[current.plan] + figures(current)])),
        ]),
      Report(
        title: "Proposed structure: \(best.plan)",
        recommendation: best.plan == current.plan
          ? "Keep '\(current.plan)': none of the alternatives earns more margin on the same calls."
          : "Move to '\(best.plan)': " + proposed.summary + ".",
        blocks: []),
      Report(
        title: "Revenue and margin impact",
        impact: best.plan == current.plan
          ? "No change."
          : "Revenue \(moreRevenue >= .zero ? "+" : "")\(Format.money(moreRevenue)), gross margin \(best.margin >= current.margin ? "+" : "")\(Format.money(best.margin - current.margin)) per period on \(Format.integer(c.run.count)) calls.",
        blocks: [
          .table(
            Table(
              title: "", columns: columns, numeric: [false, true, true, true, true, true, true],
              rows: out.map { [$0.plan] + figures($0) }))
        ] + (grouped.map { [.grouped($0)] } ?? [])),
      Report(
        title: "Customer segment impact",
        problem: best.plan == current.plan
          ? "" : "\(winners) customers pay less and \(losers) pay more under '\(best.plan)'.",
        blocks: (segmentRows.isEmpty
          ? [.note("No change for any segment.")]
          : [
            .table(Table(title: "", columns: segmentTable!.columns, numeric: segmentTable!.numeric, rows: segmentRows))
          ])
          + (best.plan == current.plan ? [] : histogram.map { [.histogram($0)] } ?? [])),
      Report(
        title: "Risks and sensitivity",
        blocks: [
          .table(
            Table(
              title:
                "If customers whose bill rises more than \(Format.percent(comparison.sensitivity.threshold, places: 0)) churn with probability p",
              columns: ["p", "customers at risk", "revenue after churn", "against today"],
              numeric: [false, true, true, true], rows: sensitivities)),
          .markdown(
            [
              "- Revenue concentration: the top 10% of bills carry \(Format.percent(best.topDecileShare)) of revenue under '\(best.plan)' (\(Format.percent(current.topDecileShare)) today).",
              best.cliffs.isEmpty
                ? "- No customer sits near a volume-tier cliff."
                : "- \(best.cliffs.count) customers sit just above a volume-tier edge where the bill falls as usage rises.",
              "- Simulated traffic: \(s.population.customers) customers over \(s.days) days; prices from the \(provenance.catalogName) catalog (\(provenance.catalogDate)).",
            ].joined(separator: "\n")),
        ]),
      Report(
        title: "Next steps",
        blocks: [
          .markdown(
            [
              "1. Validate the simulated usage against last month's real calls (`meterbook analyze` on the usage export, then `calibrate`).",
              best.plan == current.plan
                ? "2. Re-run with other plan shapes; none of these beats '\(current.plan)'."
                : "2. Model '\(best.plan)' in the billing system and preview invoices for the \(losers) customers who pay more.",
              "3. Contact the customers whose bill rises most before the change; offer a transition credit.",
              "4. Re-run this workbook monthly and compare against this proposal's figures.",
            ].joined(separator: "\n"))
        ]),
      Report(
        title: "Appendix: method and reproducibility",
        blocks: [
          .markdown(
            "Every plan bills the same simulated calls once per period, exactly (nano-dollar integers; see specs/pricing.md). Margin is revenue minus list-price AI cost. Churn is an expected value, not a draw."
          ),
          .table(
            Table(
              title: "", columns: ["item", "value"], numeric: [false, false],
              rows: [
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
              ])),
        ]),
    ]
  }
}
