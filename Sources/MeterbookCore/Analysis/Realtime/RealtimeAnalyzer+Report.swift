extension RealtimeAnalyzer {
  /// The report's prose and blocks, written from the findings alone (plus the period's start).
  func compose(_ f: Findings, _ c: AnalysisContext) -> Report {
    let start = c.period.start
    var blocks: [ReportBlock] = [
      .line(
        LineChart(
          title: "Hourly AI cost up to \(f.asOf) (▲ peak hours of the anomalies listed below)",
          labels: f.hourlySpend.indices.map { Self.hourLabel($0, start: start) },
          series: [.init(name: "cost per hour", values: f.hourlySpend)], unit: .money(in: f.currency),
          marks: Array(Set(f.anomalies.prefix(listedAnomalies).compactMap { $0.peak?.anomaly.index })).sorted())),
      .table(anomalyTable(f, start: start)),
      .note(
        "Each hour is judged against the median of the same hour of the week in up to \(SeasonalBaseline.weeks) earlier weeks (with less history: the same hour on earlier days of the same kind, then on any earlier day; the first days are not judged). It is an anomaly when it passes \(Format.fixed(detector.threshold, places: 0)) robust spreads, +\(Format.percent(detector.minimumIncrease, places: 0)), and a dollar floor scaled to the scope (half its mean hour, at least \(Format.fixed(detector.minimumCalls, places: 0)) calls of its mean cost)."
      ),
      .table(allocationTable(f)),
      .table(revenueShareTable(f)),
    ]
    blocks += portfolioTables(f.portfolio, in: f.currency)
    blocks.append(.table(f.premium.table(in: f.currency)))
    if let rates = c.ratesNote { blocks.append(.note(rates)) }
    return Report(
      title: "Real-time decisions",
      domain: "FinOps: Real-time decision making (anomalies, thresholds, portfolio risk)",
      problem: problem(f, start: start), impact: impact(f), recommendation: recommendation(f),
      outcome:
        "As of \(f.asOf) (day \(f.asOfDay) of \(f.days)): \(count(f.overRevenueShare.count, "customer")) above \(Format.percent(revenueShare, places: 0)) of their bill, \(count(f.allocation.count, "customer")) at ≥ 80% of this month's allowance or on track to exhaust it.",
      blocks: blocks)
  }

  /// `2026-01-14 09:00` for hour `h` of the period.
  static func hourLabel(_ h: Int, start: CalendarDay) -> String {
    let hour = h % 24
    return "\(start.adding(days: h / 24)) \(hour < 10 ? "0" : "")\(hour):00"
  }

  /// `1 customer`, `3 customers`; `plural` for irregular nouns.
  func count(_ n: Int, _ noun: String, plural: String? = nil) -> String {
    "\(Format.integer(n)) \(n == 1 ? noun : plural ?? noun + "s")"
  }

  /// `×4.6` against the expected value, or `new spend (expected ≈ $0)`.
  static func change(_ a: AnomalyDetector.Anomaly) -> String {
    guard let ratio = a.ratio else { return "new spend (expected ≈ $0)" }
    return "×" + Format.fixed(ratio, places: ratio < 10 ? 1 : 0)
  }

  /// `cust_0368 97%, model openai/gpt-4o 80% (new), feature chat 100%; 128 calls vs ≈ 6.2`.
  static func describe(_ cause: AnomalyCause?) -> String {
    guard let cause else { return "" }
    let parts = cause.contributions.map { part in
      let name = part.dimension == "customer" ? part.key : "\(part.dimension) \(part.key)"
      return "\(name) \(Format.percent(part.share, places: 0))\(part.isNew ? " (new)" : "")"
    }
    let calls = "\(Format.integer(cause.calls)) calls vs ≈ \(Format.fixed(cause.baselineCalls, places: 1))"
    return (parts + [calls]).joined(separator: ", ")
  }

  func problem(_ f: Findings, start: CalendarDay) -> String {
    guard let top = f.anomalies.first, let peak = top.peak else {
      return "No hourly spend anomaly up to \(f.asOf): every hour stayed within its seasonal baseline."
    }
    let hours = f.anomalies.reduce(0) { $0 + $1.hours.count }
    let overall = f.anomalies.filter { $0.scope == "all" }.count
    let a = peak.anomaly
    let against =
      a.isNewSpend
      ? "new spend (expected ≈ \(f.currency.symbol)0)"
      : "against \(Format.money(dollars: a.expected, in: f.currency)) expected"
    let cause = Self.describe(top.cause)
    return
      "\(count(f.anomalies.count, "spend anomaly", plural: "spend anomalies")) up to \(f.asOf) (\(count(hours, "anomalous hour")); \(Format.integer(overall)) in all spend, \(Format.integer(f.anomalies.count - overall)) in single customers); the largest: \(top.scope), \(count(top.hours.count, "hour")) from \(Self.hourLabel(top.hours.first?.anomaly.index ?? a.index, start: start)), \(Format.money(dollars: top.excess, in: f.currency)) above the expected \(Format.money(dollars: top.expected, in: f.currency)); its peak hour \(Self.hourLabel(a.index, start: start)) spent \(Format.money(dollars: a.value, in: f.currency)) \(against)\(cause.isEmpty ? "" : ", moved by \(cause)")."
  }

  func impact(_ f: Findings) -> String {
    let p = f.portfolio
    let change = p.change.map { " (\($0 >= 0 ? "+" : "")\(Format.percent($0, places: 0)))" } ?? ""
    return
      "\(Format.money(p.valueAtRisk, in: f.currency)) of revenue at risk from \(count(p.unprofitable.count, "customer")) projected to cost more than they pay (beyond noise); \(count(p.rising.count, "customer")) rising more than \(Format.percent(portfolioPolicy.risingFactor - 1, places: 0)) week over week (both weeks ≥ \(Format.money(p.risingFloor, in: f.currency))); total spend \(p.trend.rawValue)\(change) week over week; \(Format.money(f.premium.monthlySpend, in: f.currency))/month spent on premium models for simple tasks."
  }

  func recommendation(_ f: Findings) -> String {
    if let a = f.allocation.first {
      return
        "\(a.customer) has used \(Format.percent(a.used, places: 0)) of its \(a.tier) allowance for \(a.month) (projected \(Format.percent(a.projected, places: 0)) by the month's end, \(count(a.daysLeft, "day")) left): contact them about an upgrade."
    }
    if let u = f.portfolio.unprofitable.first {
      return
        "Review \(u.customer)'s price: projected cost \(Format.money(u.projectedCost, in: f.currency)) against a \(Format.money(u.bill, in: f.currency)) bill."
    }
    return f.premium.monthlySpend > .zero
      ? "Review simple tasks on premium models: the action ledger (report summary) values moving them."
      : "No customer is near its allowance; no action needed."
  }
}
