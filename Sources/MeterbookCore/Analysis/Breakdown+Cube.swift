extension Breakdown {
  /// Groups the cube's cells by `dimension` (provider, model, customer, feature, task_type,
  /// hour or day): the same calls, errors, tokens and cost per row as `init(_:by:)` on the
  /// calls the cube sums, in the same order.
  ///
  /// The cube keeps no quality scores nor latencies, so `qualitySum` is 0 and `latencies`
  /// empty; a `UsageDigest` holds them per cell. Dimensions the cube does not key
  /// (organization, product, tier, region) give no rows.
  public init(_ cube: UsageCube, by dimension: String) {
    guard let index = cube.dimensionIndex(dimension) else {
      rows = []
      return
    }
    var acc = [Row](repeating: Row(key: ""), count: index.labels.count)
    for c in cube.cells {
      let k = index.ids(c)
      acc[k].calls += Int(c.calls)
      acc[k].errors += Int(c.errors + c.timeouts)
      acc[k].inputTokens += Int(c.inputTokens)
      acc[k].outputTokens += Int(c.outputTokens)
      acc[k].cost.nanos += Int128(c.cost)
    }
    var out: [Row] = []
    for (k, label) in index.labels.enumerated() where acc[k].calls > 0 {
      var row = acc[k]
      row.key = label
      out.append(row)
    }
    rows = out.sorted { ($0.cost, $1.key) > ($1.cost, $0.key) }
  }
}

extension UsageCube {
  /// Dense ids of a dimension the cube keys, as `Run.dimensionIndex` gives them for calls;
  /// `nil` for a dimension the cube does not keep.
  func dimensionIndex(_ dimension: String) -> (ids: (Cell) -> Int, labels: [String])? {
    let d = dimensions
    switch dimension {
    case "provider":
      let (of, names) = d.providerIndex
      return ({ of[Int($0.key.model)] }, names)
    case "model": return ({ Int($0.key.model) }, d.models.map(\.id))
    case "customer": return ({ Int($0.key.customer) }, d.customers)
    case "feature": return ({ Int($0.key.feature) }, d.features)
    case "task_type": return ({ Int($0.key.task) }, d.taskTypes)
    case "hour": return ({ Int($0.key.hour % 24) }, Run.Dimensions.hourLabels)
    case "day":
      guard let first = cells.map(\.key.hour).min(), let last = cells.map(\.key.hour).max() else { return nil }
      let firstDay = Int(first / 24)
      return (
        { Int($0.key.hour / 24) - firstDay },
        (0...(Int(last / 24) - firstDay)).map { CalendarDay(daysSinceEpoch: firstDay + $0).description }
      )
    default: return nil
    }
  }
}
