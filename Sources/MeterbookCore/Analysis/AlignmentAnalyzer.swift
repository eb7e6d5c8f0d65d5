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

  public func report(_ c: AnalysisContext) -> Report {
    let total = c.run.totalCost
    let lines = c.costCenters.isEmpty ? [] : chargeback(c)
    let unallocated = lines.last?.cost ?? total
    let coverage = 1 - Double(unallocated.nanos) / Double(max(1, total.nanos))
    func share(_ m: Money) -> String { Format.percent(Double(m.nanos) / Double(max(1, total.nanos))) }
    let statuses = AlertEngine.budgets(c)
    let breaking = statuses.filter { $0.projectedMonth > $0.budget.amount || $0.crossings.contains { $0.share >= 1 } }
    var blocks: [ReportBlock] = []
    if lines.isEmpty {
      blocks.append(
        .note(
          "The workbook declares no cost_centers: all cost is unallocated. Add business unit → team → project selectors to charge it back."
        ))
      blocks.append(
        .table(
          Table(
            title: "Showback by product", columns: ["product", "calls", "cost", "share"],
            numeric: [false, true, true, true],
            rows: Breakdown(c.run, by: "product").rows.map {
              [$0.key, Format.integer($0.calls), Format.money($0.cost), share($0.cost)]
            })))
    } else {
      var units: [String: [String: [(String, Double)]]] = [:]
      for l in lines.dropLast() {
        units[l.businessUnit, default: [:]][l.team, default: []].append((l.project, l.cost.dollars))
      }
      let roots =
        units.keys.sorted().map { u in
          TreeChart.Node(
            label: u, value: units[u]!.values.flatMap { $0 }.reduce(0) { $0 + $1.1 },
            children: units[u]!.keys.sorted().map { t in
              TreeChart.Node(
                label: t, value: units[u]![t]!.reduce(0) { $0 + $1.1 },
                children: units[u]![t]!.map { .init(label: $0.0, value: $0.1) })
            })
        } + [TreeChart.Node(label: "(unallocated)", value: unallocated.dollars)]
      blocks.append(
        .tree(TreeChart(title: "Cost centers: business unit → team → project", roots: roots, unit: .dollars)))
      blocks.append(
        .table(
          Table(
            title: "Chargeback (sums to the total to the cent)",
            columns: ["business unit", "team", "project", "calls", "customers", "cost", "share", "cost per call"],
            numeric: [false, false, false, true, true, true, true, true],
            rows: lines.map {
              [
                $0.businessUnit, $0.team, $0.project, Format.integer($0.calls), Format.integer($0.customers),
                Format.money($0.cost), share($0.cost),
                Format.money($0.cost.scaled(by: 1, per: Int64(max(1, $0.calls)))),
              ]
            }
              + [["total", "", "", Format.integer(c.run.count), "", Format.money(total), "100.0%", ""]])))
    }
    if !statuses.isEmpty {
      blocks.append(
        .table(
          Table(
            title: "Budgets",
            columns: [
              "budget", "scope", "budget/month", "actual", "burn/day", "projected month", "variance",
              "thresholds crossed",
            ],
            numeric: [false, false, true, true, true, true, true, false],
            rows: statuses.map { s in
              [
                s.budget.name, s.scopeLabel, Format.money(s.budget.amount), Format.money(s.actual),
                Format.money(s.burnPerDay), Format.money(s.projectedMonth),
                Format.money(s.projectedMonth - s.budget.amount),
                s.crossings.isEmpty
                  ? "none"
                  : s.crossings.map { "\(Format.percent($0.share, places: 0)) on \(AlertEngine.iso($0.at).prefix(10))" }
                    .joined(separator: ", "),
              ]
            })))
      blocks.append(
        .bars(
          BarChart(
            title: "Projected month against budget (100% ┊)",
            items: statuses.map {
              .init(
                label: $0.budget.name, value: $0.projectedMonth.dollars / max($0.budget.amount.dollars, 1e-9),
                display: Format.percent($0.projectedMonth.dollars / max($0.budget.amount.dollars, 1e-9), places: 0))
            }, target: 1)))
    }
    let teams = Dictionary(grouping: lines.dropLast(), by: \.team)
    let teamCustomers = teams.count > 1 ? customersByTeam(c) : [:]
    if teams.count > 1 {
      blocks.append(
        .table(
          Table(
            title: "Cross-team comparison",
            columns: ["team", "calls", "customers", "cost", "cost per call", "cost per customer"],
            numeric: [false, true, true, true, true, true],
            rows: teams.keys.sorted().map { t in
              let ls = teams[t] ?? []
              let cost = Money.sum(ls.map(\.cost))
              let calls = ls.reduce(0) { $0 + $1.calls }
              let cust = teamCustomers[t] ?? 0
              return [
                t, Format.integer(calls), Format.integer(cust), Format.money(cost),
                Format.money(cost.scaled(by: 1, per: Int64(max(1, calls)))),
                Format.money(cost.scaled(by: 1, per: Int64(max(1, cust)))),
              ]
            })))
    }
    return Report(
      title: "Organizational alignment",
      domain: "FinOps: Organizational alignment (allocation, chargeback, budgets)",
      problem: lines.isEmpty
        ? "No cost centers: \(Format.money(total)) of AI cost cannot be charged back."
        : "\(Format.money(unallocated)) (\(share(unallocated))) of AI cost is untagged: attribution coverage \(Format.percent(coverage)).",
      impact: breaking.isEmpty
        ? "No budget is projected to overrun."
        : "\(breaking.count) budget\(breaking.count == 1 ? "" : "s") projected to overrun by \(Format.money(Money.sum(breaking.map { $0.projectedMonth - $0.budget.amount }))) this month (\(breaking.map(\.budget.name).joined(separator: ", "))).",
      recommendation: breaking.first.map {
        "Cut \($0.budget.name)'s burn to \(Format.money($0.budget.amount.scaled(by: 1, per: 30)))/day or raise its budget to \(Format.money($0.projectedMonth))."
      }
        ?? (lines.isEmpty
          ? "Declare cost centers in the workbook." : "Tag the unallocated calls' products or features to a team."),
      outcome:
        "Chargeback covers \(Format.percent(coverage)) of \(Format.money(total)); showback tables list the rest.",
      blocks: blocks)
  }
}
