/// Totals of a run grouped by one dimension: the building block of tables and charts.
///
/// Grouping goes through dense integer ids (`Run.dimensionIndex`), so a breakdown of a
/// million calls is one pass over a few columns with array increments, no string work.
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
    self.init(run, by: [dimension], filters: filters, keepLatencies: keepLatencies, separator: "")
  }

  /// Groups by several dimensions at once; a row's key joins the labels with `separator`.
  public init(
    _ run: Run, by dimensions: [String], filters: [String: String] = [:], keepLatencies: Bool = false, separator: String
  ) {
    let indexes = dimensions.map { run.dimensionIndex($0) }
    let sizes = indexes.map { max(1, $0.labels.count) }
    var tests: [((Int) -> Int, Int)] = []
    var impossible = false
    for (dim, value) in filters.sorted(by: { $0.key < $1.key }) {
      let index = run.dimensionIndex(dim)
      if let id = index.labels.firstIndex(of: value) { tests.append((index.ids, id)) } else { impossible = true }
    }
    // Accumulators are dense (one per combination) when the combinations are few, and
    // sparse (one per combination that occurs) when they are many: 20,000 customers ×
    // 20,000 organizations × 50 products would otherwise ask for terabytes.
    var (cells, overflow) = (1, false)
    for size in sizes where !overflow { (cells, overflow) = cells.multipliedReportingOverflow(by: size) }
    let dense = !overflow && cells <= max(1 << 16, run.count)
    var acc: [Row] = dense && !impossible ? [Row](repeating: Row(key: ""), count: cells) : []
    var slot: [[Int]: Int] = [:]
    var keys: [[Int]] = []
    if !impossible {
      for i in 0..<run.count where tests.allSatisfy({ $0.0(i) == $0.1 }) {
        let k: Int
        if dense {
          var combined = 0
          for (n, index) in indexes.enumerated() { combined = combined * sizes[n] + index.ids(i) }
          k = combined
        } else {
          let ids = indexes.map { $0.ids(i) }
          if let s = slot[ids] {
            k = s
          } else {
            k = acc.count
            slot[ids] = k
            keys.append(ids)
            acc.append(Row(key: ""))
          }
        }
        acc[k].calls += 1
        if run.status[i] != 0 { acc[k].errors += 1 }
        acc[k].inputTokens += Int(run.inputTokens[i])
        acc[k].outputTokens += Int(run.outputTokens[i])
        acc[k].cost.nanos += Int128(run.cost[i])
        acc[k].qualitySum += Double(run.quality[i]) / 10_000
        if keepLatencies { acc[k].latencies.append(run.latencyMs[i]) }
      }
    }
    var out: [Row] = []
    for k in acc.indices where acc[k].calls > 0 {
      var ids = dense ? [] : keys[k]
      if dense {
        var rest = k
        ids = [Int](repeating: 0, count: indexes.count)
        for n in stride(from: indexes.count - 1, through: 0, by: -1) {
          ids[n] = rest % sizes[n]
          rest /= sizes[n]
        }
      }
      var row = acc[k]
      row.key = zip(indexes, ids).map { $0.labels[$1] }.joined(separator: separator)
      out.append(row)
    }
    rows = out.sorted { ($0.cost, $1.key) > ($1.cost, $0.key) }
  }
}

extension Run {
  /// Dense ids of a dimension: `ids(i)` is call `i`'s position in `labels`.
  public func dimensionIndex(_ dimension: String) -> (ids: (Int) -> Int, labels: [String]) {
    let d = dimensions
    switch dimension {
    case "provider":
      let (of, names) = d.providerIndex
      return ({ of[Int(self.model[$0])] }, names)
    case "model": return ({ Int(self.model[$0]) }, d.models.map(\.id))
    case "customer": return ({ Int(self.customer[$0]) }, d.customers)
    case "organization": return ({ Int(self.organization[$0]) }, d.organizations)
    case "product": return ({ Int(self.product[$0]) }, d.products)
    case "feature": return ({ Int(self.feature[$0]) }, d.features)
    case "tier": return ({ Int(self.tier[$0]) }, d.tiers)
    case "task_type": return ({ Int(self.task[$0]) }, d.taskTypes)
    case "region": return ({ Int(self.region[$0]) }, d.regions)
    case "hour":
      return ({ Int(self.timestamp[$0] % 86_400 / 3600) }, Run.Dimensions.hourLabels)
    case "week", "month", "quarter", "year": return timeIndex(TimeBucket(rawValue: dimension) ?? .day)
    default:
      guard let first = timestamp.min(), let last = timestamp.max() else { return ({ _ in 0 }, []) }
      let firstDay = Int(first / 86_400)
      let count = Int(last / 86_400) - firstDay + 1
      return (
        { Int(self.timestamp[$0] / 86_400) - firstDay },
        (0..<count).map { CalendarDay(daysSinceEpoch: firstDay + $0).description }
      )
    }
  }

  /// The text key of call `i` in `dimension`.
  public func keyFunction(_ dimension: String) -> (Int) -> String {
    let index = dimensionIndex(dimension)
    return { index.labels[index.ids($0)] }
  }
}

extension Run.Dimensions {
  /// Each model's position among the provider display names, and those names sorted.
  var providerIndex: (ofModel: [Int], names: [String]) {
    let names = Array(Set(models.map(\.providerName))).sorted()
    return (models.map { m in names.firstIndex(of: m.providerName) ?? 0 }, names)
  }

  /// `00:00` … `23:00`: the labels of the hour-of-day dimension.
  static let hourLabels = (0..<24).map { $0 < 10 ? "0\($0):00" : "\($0):00" }
}
