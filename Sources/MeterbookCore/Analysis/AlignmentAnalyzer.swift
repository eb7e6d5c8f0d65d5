/// FinOps domain 5, organizational alignment: cost by business unit → team → project (the
/// workbook's cost centers), chargeback and showback, unallocated cost and attribution
/// coverage, budgets with thresholds, burn rate, projected month-end and variance, and a
/// cross-team comparison.
public struct AlignmentAnalyzer {
  public init() {}

  public struct Line: Sendable, Hashable {
    public var businessUnit: String
    public var team: String
    public var project: String
    public var calls: Int
    public var customers: Int
    public var cost: Money
  }

  /// Chargeback lines, one per project plus "unallocated"; their costs add up to the total exactly.
  public func chargeback(_ c: AnalysisContext) -> [Line] {
    let run = c.run
    let centers = c.costCenters
    let assign = Allocation.assigner(run: run, centers: centers)
    var cost = [Int64](repeating: 0, count: centers.count + 1)
    var calls = [Int](repeating: 0, count: centers.count + 1)
    var customers = [Set<UInt32>](repeating: [], count: centers.count + 1)
    for i in 0..<run.count {
      let k = assign(i) ?? centers.count
      cost[k] += run.cost[i]
      calls[k] += 1
      customers[k].insert(run.customer[i])
    }
    var lines = centers.indices.map { k in
      Line(
        businessUnit: centers[k].businessUnit, team: centers[k].team, project: centers[k].project, calls: calls[k],
        customers: customers[k].count, cost: Money(nanos: cost[k]))
    }
    lines.append(
      Line(
        businessUnit: "(unallocated)", team: "", project: "", calls: calls[centers.count],
        customers: customers[centers.count].count, cost: Money(nanos: cost[centers.count])))
    return lines
  }

  /// Distinct customers per team: a customer whose calls reach two of a team's projects counts once.
  public func customersByTeam(_ c: AnalysisContext) -> [String: Int] {
    let centers = c.costCenters
    let teams = Array(Set(centers.map(\.team))).sorted()
    let teamOf = centers.map { center in teams.firstIndex(of: center.team) ?? 0 }
    let assign = Allocation.assigner(run: c.run, centers: centers)
    var seen = [Set<UInt32>](repeating: [], count: teams.count)
    for i in 0..<c.run.count {
      if let k = assign(i) { seen[teamOf[k]].insert(c.run.customer[i]) }
    }
    return Dictionary(uniqueKeysWithValues: zip(teams, seen.map(\.count)))
  }

  /// What the alignment report found, as numbers.
  public struct Findings: Sendable {
    public var total: Money
    /// Chargeback lines (empty without cost centers); the last is "(unallocated)".
    public var lines: [Line]
    public var unallocated: Money
    /// 1 − unallocated / total.
    public var coverage: Double
    public var budgets: [BudgetStatus]
    /// Budgets projected past their amount or already past 100%.
    public var overrunning: [BudgetStatus]
    /// Distinct customers per team.
    public var teamCustomers: [String: Int]
  }

  /// Computes the findings of `c`.
  public func findings(_ c: AnalysisContext) -> Findings {
    let total = c.run.totalCost
    let lines = c.costCenters.isEmpty ? [] : chargeback(c)
    let unallocated = lines.last?.cost ?? total
    let statuses = AlertEngine.budgets(c)
    return Findings(
      total: total, lines: lines, unallocated: unallocated,
      coverage: total > .zero ? 1 - unallocated.dollars / total.dollars : 0, budgets: statuses,
      overrunning: statuses.filter { $0.projectedMonth > $0.budget.amount || $0.crossings.contains { $0.share >= 1 } },
      teamCustomers: Set(lines.dropLast().map(\.team)).count > 1 ? customersByTeam(c) : [:])
  }

  public func report(_ c: AnalysisContext) -> Report {
    let f = findings(c)
    let share = Format.percent(f.total > .zero ? f.unallocated.dollars / f.total.dollars : 0)
    let overrun = Money.sum(f.overrunning.map { $0.projectedMonth - $0.budget.amount })
    return Report(
      title: "Organizational alignment",
      domain: "FinOps: Organizational alignment (allocation, chargeback, budgets)",
      problem: f.lines.isEmpty
        ? "No cost centers: \(Format.money(f.total)) of AI cost cannot be charged back."
        : "\(Format.money(f.unallocated)) (\(share)) of AI cost is untagged: attribution coverage \(Format.percent(f.coverage)).",
      impact: f.overrunning.isEmpty
        ? "No budget is projected to overrun."
        : "\(f.overrunning.count) budget\(f.overrunning.count == 1 ? "" : "s") projected to overrun by "
          + "\(Format.money(overrun)) this month (\(f.overrunning.map(\.budget.name).joined(separator: ", "))).",
      recommendation: f.overrunning.first.map { budgetAdvice($0, period: c.period) }
        ?? (f.lines.isEmpty
          ? "Declare cost centers in the workbook." : "Tag the unallocated calls' products or features to a team."),
      outcome:
        "Chargeback covers \(Format.percent(f.coverage)) of \(Format.money(f.total)); showback tables list the rest.",
      blocks: allocationBlocks(f, run: c.run) + budgetBlocks(f.budgets) + teamBlocks(f))
  }

  /// A month's budget spread over that calendar month's days; a raise never below what was spent.
  func budgetAdvice(_ s: BudgetStatus, period: Period) -> String {
    let monthDays = period.slices.last?.daysInMonth ?? period.days
    return "Cut \(s.budget.name)'s burn to \(Format.money(s.budget.amount.scaled(by: 1, per: monthDays)))/day "
      + "or raise its budget to \(Format.money(max(s.projectedMonth, s.actual)))."
  }

  /// Showback by product without cost centers; the cost-center tree and chargeback table with them.
  func allocationBlocks(_ f: Findings, run: Run) -> [ReportBlock] {
    func share(_ m: Money) -> TableCell { .percent(f.total > .zero ? m.dollars / f.total.dollars : 0) }
    guard !f.lines.isEmpty else {
      return [
        .note(
          "The workbook declares no cost_centers: all cost is unallocated. Add business unit → team → project "
            + "selectors to charge it back."),
        .table(
          Table(
            title: "Showback by product", columns: ["product", "calls", "cost", "share"],
            numeric: [false, true, true, true],
            cells: Breakdown(run, by: "product").rows.map {
              [TableCell($0.key), .count($0.calls), .money($0.cost), share($0.cost)]
            })),
      ]
    }
    let rows: [[TableCell]] = f.lines.map {
      [
        TableCell($0.businessUnit), TableCell($0.team), TableCell($0.project), .count($0.calls), .count($0.customers),
        .money($0.cost), share($0.cost), .money($0.cost.scaled(by: 1, per: Int64(max(1, $0.calls)))),
      ]
    }
    let totalRow: [TableCell] = [
      TableCell("total"), TableCell(""), TableCell(""), .count(run.count), TableCell(""), .money(f.total), .percent(1),
      TableCell(""),
    ]
    return [
      .tree(TreeChart(title: "Cost centers: business unit → team → project", roots: tree(f), unit: .dollars)),
      .table(
        Table(
          title: "Chargeback (sums to the total to the cent)",
          columns: ["business unit", "team", "project", "calls", "customers", "cost", "share", "cost per call"],
          numeric: [false, false, false, true, true, true, true, true], cells: rows + [totalRow])),
    ]
  }

  /// Business unit → team → project, then "(unallocated)".
  func tree(_ f: Findings) -> [TreeChart.Node] {
    let projects = f.lines.dropLast()
    let units = Array(Set(projects.map(\.businessUnit))).sorted()
    return units.map { u in
      let inUnit = projects.filter { $0.businessUnit == u }
      let teams = Array(Set(inUnit.map(\.team))).sorted()
      return TreeChart.Node(
        label: u, value: Money.sum(inUnit.map(\.cost)).dollars,
        children: teams.map { t in
          let inTeam = inUnit.filter { $0.team == t }
          return TreeChart.Node(
            label: t, value: Money.sum(inTeam.map(\.cost)).dollars,
            children: inTeam.map { .init(label: $0.project, value: $0.cost.dollars) })
        })
    } + [TreeChart.Node(label: "(unallocated)", value: f.unallocated.dollars)]
  }

  /// Each budget's position and its projection against the budget.
  func budgetBlocks(_ statuses: [BudgetStatus]) -> [ReportBlock] {
    guard !statuses.isEmpty else { return [] }
    func ratio(_ s: BudgetStatus) -> Double {
      s.budget.amount > .zero ? s.projectedMonth.dollars / s.budget.amount.dollars : 0
    }
    return [
      .table(
        Table(
          title: "Budgets",
          columns: [
            "budget", "scope", "budget/month", "actual", "burn/day", "projected month", "variance",
            "thresholds crossed",
          ],
          numeric: [false, false, true, true, true, true, true, false],
          cells: statuses.map { s in
            [
              TableCell(s.budget.name), TableCell(s.scopeLabel), .money(s.budget.amount), .money(s.actual),
              .money(s.burnPerDay), .money(s.projectedMonth), .money(s.projectedMonth - s.budget.amount),
              TableCell(
                s.crossings.isEmpty
                  ? "none"
                  : s.crossings.map { "\(Format.percent($0.share, places: 0)) on \(AlertEngine.iso($0.at).prefix(10))" }
                    .joined(separator: ", ")),
            ]
          })),
      .bars(
        BarChart(
          title: "Projected month against budget (100% ┊)",
          items: statuses.map {
            .init(label: $0.budget.name, value: ratio($0), display: Format.percent(ratio($0), places: 0))
          }, target: 1)),
    ]
  }

  /// Cost per call and per distinct customer for each team, when there are two teams or more.
  func teamBlocks(_ f: Findings) -> [ReportBlock] {
    let teams = Dictionary(grouping: f.lines.dropLast(), by: \.team)
    guard teams.count > 1 else { return [] }
    return [
      .table(
        Table(
          title: "Cross-team comparison",
          columns: ["team", "calls", "customers", "cost", "cost per call", "cost per customer"],
          numeric: [false, true, true, true, true, true],
          cells: teams.keys.sorted().map { t in
            let ls = teams[t] ?? []
            let cost = Money.sum(ls.map(\.cost))
            let calls = ls.reduce(0) { $0 + $1.calls }
            let customers = f.teamCustomers[t] ?? 0
            return [
              TableCell(t), .count(calls), .count(customers), .money(cost),
              .money(cost.scaled(by: 1, per: Int64(max(1, calls)))),
              .money(cost.scaled(by: 1, per: Int64(max(1, customers)))),
            ]
          }))
    ]
  }
}
