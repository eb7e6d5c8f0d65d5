extension PlanComparison {
  /// The plans side by side on the same calls, recommending on margin after churn.
  ///
  /// The recommendation follows `PlanChoice`: the plan with the highest expected margin once
  /// price-sensitive customers have left, which the impact compares with the pre-churn leader
  /// when the two differ.
  /// `book` holds bills already computed on `cube` (the session's, shared with the run summary).
  public func report(
    _ names: [String], run: Run, population: Population, cube: UsageCube? = nil, book: BillBook? = nil
  ) -> Report {
    report(
      names, population: population, cube: cube ?? UsageCube(run, grain: money.grain(for: plans, period: period)),
      book: book)
  }

  /// The report billed on a period cube alone (a measured run keeps no calls).
  public func report(_ names: [String], population: Population, cube: UsageCube, book: BillBook? = nil) -> Report {
    let out: [Outcome]
    do {
      out = try outcomes(names, population: population, cube: cube, book: book)
    } catch {
      return Report(
        title: "Pricing plans side by side", blocks: [.note("No exchange rate converts these amounts: \(error)")])
    }
    guard let current = out.first, let choice = PlanChoice.choose(out),
      let best = out.first(where: { $0.plan == choice.recommended })
    else {
      return Report(title: "Pricing plans side by side", blocks: [.note("No plans to compare.")])
    }
    let costs = current.costs
    var blocks: [ReportBlock] = [
      .table(plansTable(out, calls: cube.cells.reduce(0) { $0 + Int($1.calls) }, cost: Money.sum(costs))),
      .grouped(marginByTier(out, population: population, costs: costs)),
    ]
    if out.count > 1 {
      blocks.append(.table(segmentTable(out, population: population)))
      let target = best.plan == current.plan ? out[1] : best
      blocks.append(
        .histogram(
          HistogramChart(
            title: "Bill change per customer, '\(target.plan)' against '\(current.plan)'",
            values: zip(target.bills, current.bills).map { ($0.total - $1.total).dollars },
            unit: .money(in: money.display))))
    }
    if let cliffs = cliffTable(out) { blocks.append(.table(cliffs)) }
    blocks.append(.note(sensitivityNote))
    if let rates = ratesNote(out) { blocks.append(.note(rates)) }
    return Report(
      title: "Pricing plans side by side",
      domain: "Usage-based revenue: pricing strategy",
      problem: current.negativeCustomers > 0
        ? "Under '\(current.plan)', \(current.negativeCustomers) customers cost more to serve than they pay (\(Format.money(-current.negativeMargin, in: money.display)) of negative margin)."
        : "Under '\(current.plan)', every customer pays more than they cost; the question is which plan earns most.",
      impact: impact(choice, out),
      recommendation: choice.recommended == current.plan
        ? "Keep '\(current.plan)'."
        : "Propose '\(best.plan)': "
          + (best.negativeCustomers == current.negativeCustomers
            ? "\(best.negativeCustomers == 0 ? "no" : "the same \(best.negativeCustomers)") unprofitable customers under either"
            : "\(best.negativeCustomers) unprofitable customers instead of \(current.negativeCustomers)")
          + "; \(best.atRiskCustomers) customers see a rise above \(Format.percent(sensitivity.threshold, places: 0))\(best.cliffs.isEmpty ? "" : "; \(best.cliffs.count) sit near a volume cliff").",
      outcome:
        "Revenue \(Format.money(best.revenue, in: money.display)) (\(Format.money(best.revenueAfterChurn, in: money.display)) after expected churn), gross margin \(Format.money(best.margin, in: money.display)) (\(Format.money(best.marginAfterChurn, in: money.display)) after expected churn), \(marginShare(best.margin, best.revenue)) of revenue.",
      blocks: blocks)
  }

  /// The impact sentence: what the choice earns after churn, and the pre-churn leader it beat.
  func impact(_ choice: PlanChoice, _ out: [Outcome]) -> String {
    let before = out.first { $0.plan == choice.bestBeforeChurn }
    let reversal =
      choice.churnReversesRanking
      ? " '\(choice.bestBeforeChurn)' leads before churn (\(Format.money(before?.margin ?? .zero, in: money.display)) of margin) but falls to \(Format.money(before?.marginAfterChurn ?? .zero, in: money.display)) after expected churn."
      : ""
    guard choice.recommended != choice.current else {
      return
        "'\(choice.current)' already earns the highest margin after expected churn of the plans compared (\(Format.money(choice.currentMargin, in: money.display)))."
        + reversal
    }
    return
      "'\(choice.recommended)' earns \(Format.money(choice.gain, in: money.display)) more gross margin after expected churn than '\(choice.current)' on the same calls (\(Format.money(choice.recommendedMargin, in: money.display)) vs \(Format.money(choice.currentMargin, in: money.display)))."
      + reversal
  }

  /// Which exchange-rate quotes the figures were converted with; `nil` when none was needed.
  func ratesNote(_ out: [Outcome]) -> String? { money.ratesNote(out.flatMap(\.rates)) }

  var sensitivityNote: String {
    "Sensitivity: a customer whose bill rises by more than \(Format.percent(sensitivity.threshold, places: 0)) churns with probability \(Format.percent(sensitivity.probability, places: 0)) and takes their AI cost along; 'after churn' figures are expected values, and the recommended plan is the one with the highest margin after churn."
  }

  /// `margin / revenue` as a percent, `–` without revenue.
  func marginShare(_ margin: Money, _ revenue: Money) -> String {
    revenue > .zero ? Format.percent(margin.share(of: revenue)) : "–"
  }

  func plansTable(_ out: [Outcome], calls: Int, cost: Money) -> Table {
    let rows = out.map { o -> [TableCell] in
      [
        TableCell(o.plan), .money(o.revenue, in: money.display), .money(o.margin, in: money.display),
        o.revenue > .zero ? .percent(o.margin.share(of: o.revenue)) : TableCell("–"), .count(o.negativeCustomers),
        .money(o.negativeMargin, in: money.display), .percent(o.topDecileShare),
        .money(o.revenueAfterChurn, in: money.display), .money(o.marginAfterChurn, in: money.display),
      ]
    }
    return Table(
      title: "Plans on the same \(Format.integer(calls)) calls (AI cost \(Format.money(cost, in: money.display)))",
      columns: [
        "plan", "revenue", "margin", "margin %", "negative-margin customers", "negative margin", "top 10% share",
        "revenue after churn", "margin after churn",
      ],
      numeric: [false, true, true, true, true, true, true, true, true], cells: rows,
      // Up to six plans read side by side, one column each, at 80 columns.
      fit: TableFit(recordsAsColumns: out.count <= 6))
  }

  func marginByTier(_ out: [Outcome], population: Population, costs: [Money]) -> CategoryChart {
    let tiers = population.spec.tiers.map(\.name)
    let values = tiers.indices.map { t in
      out.map { o in
        population.customers.filter { $0.tier == t }.reduce(Money.zero) {
          $0 + o.bills[$1.index].total - costs[$1.index]
        }.dollars
      }
    }
    return CategoryChart(
      title: "Gross margin by tier and plan", series: out.map(\.plan), categories: tiers, values: values,
      unit: .money(in: money.display))
  }

  /// Who pays more and who pays less per archetype and tier, against the first plan.
  func segmentTable(_ out: [Outcome], population: Population) -> Table {
    let tiers = population.spec.tiers.map(\.name)
    let segments: [(String, [(String, (Customer) -> Bool)])] = [
      (
        "archetype", population.spec.archetypes.enumerated().map { a in (a.element.name, { $0.archetype == a.offset }) }
      ),
      ("tier", tiers.enumerated().map { t in (t.element, { $0.tier == t.offset }) }),
    ]
    var rows: [[TableCell]] = []
    for o in out.dropFirst() {
      for (kind, groups) in segments {
        for (name, member) in groups {
          let members = population.customers.filter(member)
          guard !members.isEmpty, let current = out.first else { continue }
          let changes = members.map { o.bills[$0.index].total - current.bills[$0.index].total }
          rows.append([
            TableCell(o.plan), TableCell("\(kind) \(name)"), .count(members.count),
            .count(changes.filter { $0 > .zero }.count), .count(changes.filter { $0 < .zero }.count),
            .money(Money.sum(changes).scaled(by: 1, per: Int64(members.count)), in: money.display),
            .money(Money.sum(changes), in: money.display),
          ])
        }
      }
    }
    return Table(
      title: "Who pays more, who pays less (against '\(out.first?.plan ?? "")')",
      columns: [
        "plan", "segment", "customers", "pay more", "pay less", "average change (\(money.display.symbol))",
        "total change (\(money.display.symbol))",
      ],
      numeric: [false, false, true, true, true, true, true], cells: rows)
  }

  func cliffTable(_ out: [Outcome]) -> Table? {
    let cliffs = out.flatMap { o in o.cliffs.map { (o.plan, $0) } }
    guard !cliffs.isEmpty else { return nil }
    return Table(
      title: "Volume-tier cliffs: customers just above an edge where the bill falls",
      columns: ["plan", "customer", "metric", "units", "edge", "bill at edge", "bill one unit above"],
      numeric: [false, false, false, true, true, true, true],
      cells: cliffs.prefix(20).map {
        [
          TableCell($0.0), TableCell($0.1.customer), TableCell($0.1.metric), .count(Int($0.1.units)),
          .count(Int($0.1.edge)), .money($0.1.billAtEdge, in: $0.1.currency),
          .money($0.1.billAboveEdge, in: $0.1.currency),
        ]
      })
  }
}
