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
    public var marginShare: Double {
      revenue == .zero ? (cost == .zero ? 0 : -1) : Double(margin.nanos) / Double(revenue.nanos)
    }
  }

  public func rows(_ c: AnalysisContext) -> [Row] {
    let run = c.run
    let features = run.dimensions.features
    let customers = c.population.customers.count
    // Calls per (customer, feature) pair, sparse: a customer uses a few features, and a dense
    // customers × features table of an export with 20,000 of each would take gigabytes.
    var pairCalls: [Int: Int] = [:]
    var cost = [Money](repeating: .zero, count: features.count)
    for i in 0..<run.count {
      pairCalls[Int(run.customer[i]) * features.count + Int(run.feature[i]), default: 0] += 1
      cost[Int(run.feature[i])].nanos += Int128(run.cost[i])
    }
    let bills = c.revenueByCustomer
    var revenue = [Money](repeating: .zero, count: features.count)
    var users = [Int](repeating: 0, count: features.count)
    var featureCalls = users
    // Pairs in key order: customer by customer, features ascending (deterministic).
    let pairs = pairCalls.sorted { $0.key < $1.key }
    var start = 0
    while start < pairs.count {
      let customer = pairs[start].key / features.count
      var end = start
      while end < pairs.count && pairs[end].key / features.count == customer { end += 1 }
      let row = pairs[start..<end].map { (feature: $0.key % features.count, calls: $0.value) }
      start = end
      for (f, n) in row {
        users[f] += 1
        featureCalls[f] += n
      }
      let total = row.reduce(0) { $0 + $1.calls }
      guard customer < bills.count else { continue }
      // Largest-remainder split so a bill's parts add up to it exactly.
      var parts = row.map { bills[customer].scaled(by: $0.calls, per: total) }
      let diff = bills[customer] - Money.sum(parts)
      if diff != .zero, let top = row.indices.max(by: { row[$0].calls < row[$1].calls }) { parts[top] += diff }
      for (k, part) in parts.enumerated() { revenue[row[k].feature] += part }
    }
    let perUser = features.indices.map { f -> Double in users[f] == 0 ? 0 : cost[f].dollars / Double(users[f]) }
    let median = perUser.isEmpty ? 0 : perUser.sorted()[perUser.count / 2]
    return features.indices.map { f in
      let adoption = Double(users[f]) / Double(max(1, customers))
      var row = Row(
        feature: features[f], calls: featureCalls[f], users: users[f], adoption: adoption,
        cost: cost[f], revenue: revenue[f], decision: "keep", reason: "")
      let m = row.marginShare
      switch (m, adoption) {
      case (let m, let a) where m < 0 && a >= 0.2:
        (row.decision, row.reason) = (
          "reprice", "widely used (\(Format.percent(a, places: 0))) but loses money: price it"
        )
      case (let m, _) where m < 0:
        (row.decision, row.reason) = ("sunset", "loses money and few use it (\(Format.percent(adoption, places: 0)))")
      case (let m, let a) where m >= 0.5 && a >= 0.3:
        (row.decision, row.reason) = (
          "invest", "\(Format.percent(m, places: 0)) margin and \(Format.percent(a, places: 0)) adoption"
        )
      case (_, let a) where a < 0.1 && perUser[f] > median:
        (row.decision, row.reason) = ("sunset", "few users (\(Format.percent(a, places: 0))) at a high cost per user")
      default:
        (row.decision, row.reason) = (
          "keep", "\(Format.percent(m, places: 0)) margin, \(Format.percent(adoption, places: 0)) adoption"
        )
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
      impact:
        "AI cost by feature ranges from \(Format.money(rows.map(\.cost).min()!)) to \(Format.money(rows.map(\.cost).max()!)) this period.",
      recommendation: invest.map {
        "Invest in '\($0.feature)' (\(Format.percent($0.marginShare, places: 0)) margin, \(Format.percent($0.adoption, places: 0)) adoption)."
      }
        ?? "No feature qualifies for investment (≥ 50% margin and ≥ 30% adoption); see the calls per feature.",
      outcome: "Decisions: "
        + ["invest", "keep", "reprice", "sunset"].map { d in "\(rows.filter { $0.decision == d }.count) \(d)" }.joined(
          separator: ", ") + ".",
      blocks: [
        .table(
          Table(
            title: "Features (revenue = each bill split by the customer's calls per feature)",
            columns: [
              "feature", "calls", "users", "adoption", "AI cost", "cost/user", "revenue", "margin %", "call", "why",
            ],
            numeric: [false, true, true, true, true, true, true, true, false, false],
            rows: rows.map { r in
              [
                r.feature, Format.integer(r.calls), Format.integer(r.users), Format.percent(r.adoption),
                Format.money(r.cost),
                Format.money(r.users == 0 ? .zero : r.cost.scaled(by: 1, per: Int64(r.users))), Format.money(r.revenue),
                Format.percent(r.marginShare), r.decision, r.reason,
              ]
            })),
        .bars(
          BarChart(
            title: "Margin by feature",
            items: rows.map { .init(label: $0.feature, value: $0.margin.dollars, display: Format.money($0.margin)) })),
      ])
  }
}
