extension RealtimeAnalyzer {
  /// The listed anomaly episodes: scope, hours, spend against expected, the peak hour and its cause.
  func anomalyTable(_ f: Findings, start: CalendarDay) -> Table {
    let listed = f.anomalies.prefix(listedAnomalies)
    return Table(
      title:
        "Spend anomalies: the \(listed.count) largest of \(f.anomalies.count) (each hour against its seasonal baseline)",
      columns: [
        "scope", "first hour", "hours", "spend", "expected", "peak hour", "peak change", "moved by (share of the rise)",
      ],
      numeric: [false, false, true, true, true, false, false, false],
      rows: listed.map { e in
        let peak = e.peak?.anomaly
        return [
          e.scope, Self.hourLabel(e.hours.first?.anomaly.index ?? 0, start: start), String(e.hours.count),
          Format.money(dollars: e.spend, in: f.currency), Format.money(dollars: e.expected, in: f.currency),
          peak.map { Self.hourLabel($0.index, start: start) } ?? "", peak.map(Self.change) ?? "",
          Self.describe(e.cause),
        ]
      })
  }

  func allocationTable(_ f: Findings) -> Table {
    Table(
      title: "Allocation: customers at ≥ 80% of this month's allowance of calls or projected past 100%",
      columns: ["customer", "tier", "month", "calls", "allowance", "used", "projected at month end", "days left"],
      numeric: [false, false, false, true, true, true, true, true],
      rows: f.allocation.prefix(15).map {
        [
          $0.customer, $0.tier, $0.month, Format.integer($0.calls), Format.integer($0.allowance),
          Format.percent($0.used, places: 0), Format.percent($0.projected, places: 0), String($0.daysLeft),
        ]
      })
  }

  func revenueShareTable(_ f: Findings) -> Table {
    Table(
      title: "Customers whose AI cost passed \(Format.percent(revenueShare, places: 0)) of their bill",
      columns: ["customer", "cost so far", "bill", "share"], numeric: [false, true, true, true],
      rows: f.overRevenueShare.prefix(15).map {
        [
          $0.customer, Format.money($0.costSoFar, in: f.currency), Format.money($0.bill, in: f.currency),
          Format.percent($0.share),
        ]
      })
  }

  /// Unprofitable customers (when any) and fast-rising ones (when any).
  func portfolioTables(_ p: PortfolioRisk, in currency: Currency) -> [ReportBlock] {
    var blocks: [ReportBlock] = []
    if !p.unprofitable.isEmpty {
      blocks.append(
        .table(
          Table(
            title: "Customers projected to cost more than their bill, even at the low end of the projection",
            columns: ["customer", "bill", "cost so far", "projected cost", "low end", "gap"],
            numeric: [false, true, true, true, true, true],
            rows: p.unprofitable.prefix(15).map {
              [
                $0.customer, Format.money($0.bill, in: currency), Format.money($0.costSoFar, in: currency),
                Format.money($0.projectedCost, in: currency),
                Format.money($0.lowEstimate, in: currency), Format.money($0.gap, in: currency),
              ]
            })))
    }
    if !p.rising.isEmpty {
      blocks.append(
        .table(
          Table(
            title:
              "Customers whose spend rose fast (last 7 days against the 7 before, both ≥ \(Format.money(p.risingFloor, in: currency)))",
            columns: ["customer", "week before", "last week", "growth"], numeric: [false, true, true, true],
            rows: p.rising.prefix(15).map {
              [
                $0.customer, Format.money($0.weekBefore, in: currency), Format.money($0.lastWeek, in: currency),
                Format.percent($0.growth, places: 0),
              ]
            })))
    }
    return blocks
  }
}
