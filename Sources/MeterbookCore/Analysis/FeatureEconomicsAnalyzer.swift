/// Feature economics: cost per feature and per active user, adoption, the revenue each
/// feature earns (every bill split across the customer's features by call share), margin,
/// and an invest / keep / reprice / sunset call per feature with its reason.
public struct FeatureEconomicsAnalyzer {
  public init() {}

  public struct Row: Sendable, Hashable {
    public var feature: String
    public var calls: Int
    public var users: Int
    public var adoption: Double
    public var cost: Money
    public var revenue: Money
    public var decision: String
    public var reason: String
    public var margin: Money { revenue - cost }
    public var marginShare: Double { revenue == .zero ? (cost == .zero ? 0 : -1) : Double(margin.nanos) / Double(revenue.nanos) }
  }

  public func rows(_ c: AnalysisContext) -> [Row] {
    let run = c.run
    let features = run.dimensions.features
    let customers = c.population.customers.count
    var calls = [[Int]](repeating: [Int](repeating: 0, count: features.count), count: customers)
    var cost = [Money](repeating: .zero, count: features.count)
    for i in 0..<run.count {
      calls[Int(run.customer[i])][Int(run.feature[i])] += 1
      cost[Int(run.feature[i])].nanos += run.cost[i]
    }
    let bills = c.revenueByCustomer
    var revenue = [Money](repeating: .zero, count: features.count)
    for (k, row) in calls.enumerated() {
      let total = row.reduce(0, +)
      guard total > 0 else { continue }
      // Largest-remainder split so a bill's parts add up to it exactly.
      let shares = row.map { bills[k].scaled(by: Int64($0), per: Int64(total)) }
      var parts = shares
      let diff = bills[k] - Money.sum(shares)
      if diff != .zero, let top = row.indices.max(by: { row[$0] < row[$1] }) { parts[top] += diff }
      for f in features.indices { revenue[f] += parts[f] }
    }
    let perUser = features.indices.map { f -> Double in
      let users = calls.filter { $0[f] > 0 }.count
      return users == 0 ? 0 : cost[f].dollars / Double(users)
    }
    let median = perUser.sorted()[perUser.count / 2]
    return features.indices.map { f in
      let users = calls.filter { $0[f] > 0 }.count
      let adoption = Double(users) / Double(max(1, customers))
      var row = Row(feature: features[f], calls: calls.reduce(0) { $0 + $1[f] }, users: users, adoption: adoption,
                    cost: cost[f], revenue: revenue[f], decision: "keep", reason: "")
      let m = row.marginShare
      switch (m, adoption) {
      case let (m, a) where m < 0 && a >= 0.2:
        (row.decision, row.reason) = ("reprice", "widely used (\(Format.percent(a, places: 0))) but loses money: price it")
      case let (m, _) where m < 0:
        (row.decision, row.reason) = ("sunset", "loses money and few use it (\(Format.percent(adoption, places: 0)))")
      case let (m, a) where m >= 0.5 && a >= 0.3:
        (row.decision, row.reason) = ("invest", "\(Format.percent(m, places: 0)) margin and \(Format.percent(a, places: 0)) adoption")
      case let (_, a) where a < 0.1 && perUser[f] > median:
        (row.decision, row.reason) = ("sunset", "few users (\(Format.percent(a, places: 0))) at a high cost per user")
      default:
        (row.decision, row.reason) = ("keep", "\(Format.percent(m, places: 0)) margin, \(Format.percent(adoption, places: 0)) adoption")
      }
      return row
    }.sorted { ($0.cost, $1.feature) > ($1.cost, $0.feature) }
  }

  public func report(_ c: AnalysisContext) -> Report {
    let rows = rows(c)
    guard !rows.isEmpty else { return Report(title: "Feature economics", blocks: [.note("No features in this run.")]) }
    let invest = rows.filter { $0.decision == "invest" }.max { $0.margin < $1.margin }
    let worst = rows.min { $0.margin < $1.margin }!
    return Report(
      title: "Feature economics",
      domain: "Usage-based revenue: feature economics",
      problem: worst.margin < .zero
        ? "'\(worst.feature)' costs \(Format.money(worst.cost)) to serve and earns \(Format.money(worst.revenue)) of allocated revenue."
        : "Every feature earns more than it costs; the question is where to invest.",
      impact: "AI cost by feature ranges from \(Format.money(rows.map(\.cost).min()!)) to \(Format.money(rows.map(\.cost).max()!)) this period.",
      recommendation: invest.map { "Invest in '\($0.feature)' (\(Format.percent($0.marginShare, places: 0)) margin, \(Format.percent($0.adoption, places: 0)) adoption)." }
        ?? "No feature qualifies for investment (≥ 50% margin and ≥ 30% adoption); see the calls per feature.",
      outcome: "Decisions: " + ["invest", "keep", "reprice", "sunset"].map { d in "\(rows.filter { $0.decision == d }.count) \(d)" }.joined(separator: ", ") + ".",
      blocks: [
        .table(Table(title: "Features (revenue = each bill split by the customer's calls per feature)",
                     columns: ["feature", "calls", "users", "adoption", "AI cost", "cost/user", "revenue", "margin %", "call", "why"],
                     numeric: [false, true, true, true, true, true, true, true, false, false],
                     rows: rows.map { r in
                       [r.feature, Format.integer(r.calls), Format.integer(r.users), Format.percent(r.adoption), Format.money(r.cost),
                        Format.money(r.users == 0 ? .zero : r.cost.scaled(by: 1, per: Int64(r.users))), Format.money(r.revenue),
                        Format.percent(r.marginShare), r.decision, r.reason]
                     })),
        .bars(BarChart(title: "Margin by feature", items: rows.map { .init(label: $0.feature, value: $0.margin.dollars, display: Format.money($0.margin)) })),
      ])
  }
}
