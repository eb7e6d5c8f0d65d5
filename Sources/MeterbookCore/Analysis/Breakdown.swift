/// Totals of a run grouped by one dimension: the building block of tables and charts.
public struct Breakdown: Sendable {
  public struct Row: Sendable, Hashable {
    public var key: String
    public var calls: Int = 0
    public var errors: Int = 0
    public var inputTokens: Int = 0
    public var outputTokens: Int = 0
    public var cost: Money = .zero
    public var qualitySum: Double = 0
    public var latencies: [UInt32] = []
  }

  /// Rows sorted by cost, highest first (ties by key).
  public var rows: [Row]
  public var total: Money { Money.sum(rows.map(\.cost)) }

  /// Groups `run` by `dimension` (a `ChartQuery.dimensions` name), keeping calls that pass `filters`.
  public init(_ run: Run, by dimension: String, filters: [String: String] = [:], keepLatencies: Bool = false) {
    self.init(run, keyedBy: run.keyFunction(dimension), filters: filters, keepLatencies: keepLatencies)
  }

  /// Groups `run` by any key of a call.
  public init(_ run: Run, keyedBy keyOf: (Int) -> String, filters: [String: String] = [:], keepLatencies: Bool = false) {
    let tests = filters.map { (run.keyFunction($0.key), $0.value) }
    var groups: [String: Row] = [:]
    for i in 0..<run.count where tests.allSatisfy({ $0.0(i) == $0.1 }) {
      let key = keyOf(i)
      var row = groups[key] ?? Row(key: key)
      row.calls += 1
      if run.status[i] != 0 { row.errors += 1 }
      row.inputTokens += Int(run.inputTokens[i])
      row.outputTokens += Int(run.outputTokens[i])
      row.cost.nanos += run.cost[i]
      row.qualitySum += Double(run.quality[i]) / 10_000
      if keepLatencies { row.latencies.append(run.latencyMs[i]) }
      groups[key] = row
    }
    rows = groups.values.sorted { ($0.cost, $1.key) > ($1.cost, $0.key) }
  }
}

extension Run {
  /// The text key of call `i` in `dimension`.
  public func keyFunction(_ dimension: String) -> (Int) -> String {
    let d = dimensions
    switch dimension {
    case "provider": return { d.models[Int(self.model[$0])].providerName }
    case "model": return { d.models[Int(self.model[$0])].id }
    case "customer": return { d.customers[Int(self.customer[$0])] }
    case "organization": return { d.organizations[Int(self.organization[$0])] }
    case "product": return { d.products[Int(self.product[$0])] }
    case "feature": return { d.features[Int(self.feature[$0])] }
    case "tier": return { d.tiers[Int(self.tier[$0])] }
    case "task_type": return { d.taskTypes[Int(self.task[$0])] }
    case "region": return { d.regions[Int(self.region[$0])] }
    case "hour": return { let h = Int(self.timestamp[$0] % 86_400 / 3600); return h < 10 ? "0\(h):00" : "\(h):00" }
    default: return { CalendarDay(daysSinceEpoch: Int(self.timestamp[$0] / 86_400)).description }
    }
  }
}
