/// The projection as a report: MRR and ARR by month and plan, the plans over the horizon and
/// where their ranking crosses, the leading plan's months, cohorts and lifetime values, and
/// the exchange rates the figures used.
extension Projection {
  /// `2026-03`: a month's label (its period's first calendar month).
  public func label(_ k: Int) -> String { periods[k].slices.first?.label ?? "\(k + 1)" }

  private func cell(_ m: Money) -> TableCell { .money(m, in: display) }
  private func amount(_ m: Money) -> String { Format.money(m, in: display) }
  private func share(_ x: Double?) -> TableCell { x.map { .percent($0) } ?? TableCell("–") }

  /// The plan whose cumulative margin is highest at the end (ties keep the earlier plan).
  public var leader: Path? {
    paths.dropFirst().reduce(paths.first) { best, p in
      guard let best else { return p }
      return p.cumulativeMargin(lastMonth) > best.cumulativeMargin(lastMonth) ? p : best
    }
  }

  public func report() -> Report {
    guard let leader, !periods.isEmpty else {
      return Report(title: "Projection", blocks: [.note("No plans to project.")])
    }
    let n = periods.count
    var blocks: [ReportBlock] = [.table(mrrTable()), .table(plansTable())]
    if let note = crossoverNote { blocks.append(.note(note)) }
    blocks.append(.table(monthsTable(leader)))
    if let byPlan = billedPlansTable(leader) { blocks.append(.table(byPlan)) }
    blocks += [.table(cohortTable(leader)), .table(lifetimeTable(leader)), .note(ratesNote), .note(methodNote)]
    let last = lastMonth
    return Report(
      title: "\(n)-month projection: \(paths.map(\.plan).joined(separator: ", "))",
      domain: "Usage-based revenue: pricing strategy over the planning horizon",
      problem:
        "A plan compared on one month ignores who leaves, who arrives and how usage grows; over \(n) months the ranking can change.",
      impact:
        "'\(leader.plan)' earns \(amount(leader.cumulativeMargin(last))) of gross margin over \(n) months (ARR \(amount(leader.arr(last))) in \(label(last)), net revenue retention \(leader.nrr(last).map { Format.percent($0) } ?? "–")).",
      recommendation: crossover.map { c in
        c.firstMonthLeader == c.horizonLeader
          ? "'\(c.horizonLeader)' leads in the first month and over the horizon."
          : "Decide on the horizon: '\(c.horizonLeader)' wins over \(n) months although '\(c.firstMonthLeader)' wins the first."
      } ?? "",
      outcome:
        "\(leader.customers(last)) customers in \(label(last)) (\(leader.customers(0)) in \(label(0))); MRR \(amount(leader.mrr(0))) → \(amount(leader.mrr(last))).",
      blocks: blocks)
  }

  /// MRR per month (rows) and projected plan (columns).
  func mrrTable() -> Table {
    Table(
      title: "MRR by month and plan (\(display.rawValue); ARR = 12 × MRR)",
      columns: ["month"] + paths.map(\.plan), numeric: [false] + paths.map { _ in true },
      cells: periods.indices.map { k in [TableCell(label(k))] + paths.map { cell($0.mrr(k)) } })
  }

  /// The plans over the horizon: first and last MRR, ARR, retention, customers, cumulative margin.
  func plansTable() -> Table {
    let last = lastMonth
    return Table(
      title: "Plans over \(periods.count) months",
      columns: [
        "plan", "MRR \(label(0))", "MRR \(label(last))", "ARR \(label(last))", "NRR", "GRR", "customers",
        "cumulative margin",
      ],
      numeric: [false, true, true, true, true, true, true, true],
      cells: paths.map { p in
        [
          TableCell(p.plan), cell(p.mrr(0)), cell(p.mrr(last)), cell(p.arr(last)), share(p.nrr(last)),
          share(p.grr(last)),
          TableCell(text: "\(p.customers(0)) → \(p.customers(last))", value: Double(p.customers(last)), unit: .count),
          cell(p.cumulativeMargin(last)),
        ]
      })
  }

  /// The sentence that says where the plans' ranking crosses.
  var crossoverNote: String? {
    guard let c = crossover else { return nil }
    guard let k = c.month else {
      return
        "'\(c.firstMonthLeader)' has the highest margin in the first month and keeps the highest cumulative margin every month."
    }
    return
      "Crossover: '\(c.firstMonthLeader)' has the highest margin in \(label(0)), but from \(label(k)) (month \(k + 1)) another plan leads on cumulative margin; '\(c.horizonLeader)' leads at the end."
  }

  /// One plan month by month.
  func monthsTable(_ p: Path) -> Table {
    Table(
      title: "'\(p.plan)' month by month",
      columns: ["month", "customers", "new", "churned", "MRR", "ARR", "margin", "cumulative margin", "NRR", "GRR"],
      numeric: [false, true, true, true, true, true, true, true, true, true],
      cells: periods.indices.map { k in
        [
          TableCell(label(k)), .count(p.customers(k)), .count(p.arrived(k)), .count(p.churned(k)), cell(p.mrr(k)),
          cell(p.arr(k)), cell(p.margin(k)), cell(p.cumulativeMargin(k)), share(p.nrr(k)), share(p.grr(k)),
        ]
      })
  }

  /// MRR split by the plan customers were billed on, when grandfathering kept some on the
  /// current plan; `nil` otherwise.
  func billedPlansTable(_ p: Path) -> Table? {
    let names = p.revenueByPlan.flatMap { $0.map(\.plan) }.reduce(into: [String]()) {
      if !$0.contains($1) { $0.append($1) }
    }
    guard names.count > 1 else { return nil }
    return Table(
      title: "'\(p.plan)' MRR by billed plan (grandfathered customers stay on '\(currentPlan)' until they migrate)",
      columns: ["month"] + names, numeric: [false] + names.map { _ in true },
      cells: p.revenueByPlan.indices.map { k in
        [TableCell(label(k))]
          + names.map { n in cell(p.revenueByPlan[k].first { $0.plan == n }?.revenue ?? .zero) }
      })
  }

  /// Customers and revenue by signup month.
  func cohortTable(_ p: Path) -> Table {
    let last = lastMonth
    return Table(
      title: "'\(p.plan)' cohorts by signup month",
      columns: [
        "cohort", "joined", "in \(label(last))", "first-month revenue", "revenue \(label(last))", "total revenue",
      ],
      numeric: [false, true, true, true, true, true],
      cells: cohorts(p).map { c in
        [
          TableCell(c.month == 0 ? "\(label(0)) (at start)" : label(c.month)), .count(c.joined), .count(c.remaining),
          cell(c.firstMonthRevenue), cell(c.lastMonthRevenue), cell(c.totalRevenue),
        ]
      })
  }

  /// Lifetime value per archetype, with CAC payback and LTV:CAC when a CAC is given.
  func lifetimeTable(_ p: Path) -> Table {
    let withCAC = horizon.cac != nil
    let target = Horizon.ltvToCACTarget
    return Table(
      title:
        "'\(p.plan)' lifetime value by archetype (discount \(Format.percent(horizon.annualDiscount, places: 0))/year"
        + (horizon.cac.map { "; CAC \(amount($0)), LTV:CAC target \(Format.fixed(target, places: 1))" } ?? "") + ")",
      columns: ["archetype", "customers", "margin / month", "churn / month", "LTV"]
        + (withCAC ? ["CAC payback", "LTV:CAC"] : []),
      numeric: [false, true, true, true, true] + (withCAC ? [true, true] : []),
      cells: lifetimes(p).map { l in
        var row: [TableCell] = [
          TableCell(l.archetype), .count(l.customers), cell(l.monthlyMargin), .percent(l.monthlyChurn),
          l.value.map(cell) ?? TableCell("–"),
        ]
        if withCAC {
          row.append(
            l.paybackMonths.map { TableCell(text: Format.fixed($0, places: 1) + " months", value: $0, unit: .number) }
              ?? TableCell("never"))
          row.append(
            l.ltvToCAC.map {
              TableCell(
                text: Format.fixed($0, places: 1) + ($0 < target ? " (below \(Format.fixed(target, places: 1)))" : ""),
                value: $0, unit: .number)
            } ?? TableCell("–"))
        }
        return row
      })
  }

  /// Which exchange rates the figures used, or that none were needed.
  public var ratesNote: String {
    guard !rates.isEmpty else { return "Amounts in \(display.rawValue); nothing needed converting." }
    let quotes = rates.map { "\($0.pair) \($0.rate.text) from \($0.rate.from) (\($0.rate.source))" }
    return
      "Amounts in \(display.rawValue), each converted at the rate in effect on its date (a bill on its period's last day, an AI cost on its call's day), rounded once to the nano-unit. Rates used (\(fxName ?? "fx")): "
      + quotes.joined(separator: "; ") + "."
  }

  var methodNote: String {
    let h = horizon
    let arrivals =
      h.arrivals.isEmpty
      ? "no new customers"
      : h.arrivals.map {
        "\(Format.fixed($0.perMonth, places: $0.perMonth == $0.perMonth.rounded() ? 0 : 1)) \($0.archetype)"
      }
      .joined(separator: ", ") + " new customers a month"
    let moves =
      h.migrations.isEmpty
      ? ""
      : " Grandfathered customers move: " + h.migrations.map { "to '\($0.plan)' on \($0.on)" }.joined(separator: ", ")
        + "."
    return
      "Each month of '\(scenario)' is simulated under its own seed derived from \(seed) (the first month is the one-month run) and billed per period. Assumptions: \(arrivals); churn \(Format.percent(h.churn)) a month, plus \(Format.percent(sensitivity.probability, places: 0)) a month for customers whose bill is more than \(Format.percent(sensitivity.threshold, places: 0)) above the current plan's ('\(currentPlan)'); usage expansion \(Format.percent(h.expansion)) a month.\(moves)"
  }
}
