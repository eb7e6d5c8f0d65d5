/// The chart builder: a metric by a dimension, filtered, top-N plus "other", as a report.
public enum ChartBuilder {
  public static func report(_ q: ChartQuery, on run: Run) -> Report {
    let metric = q.metrics.first ?? "cost"
    let dimension = q.dimensions.first ?? "provider"
    let breakdown = Breakdown(run, by: dimension, filters: q.filters, keepLatencies: metric == "latency_p95")
    var rows = breakdown.rows.map { ($0.key, value(metric, $0), display(metric, $0)) }
    if metric != "cost" { rows.sort { ($0.1, $1.0) > ($1.1, $0.0) } }
    if dimension == "day" || dimension == "hour" { rows.sort { $0.0 < $1.0 } }
    if let top = q.top, rows.count > top, additive(metric) {
      let rest = rows[top...].reduce(0) { $0 + $1.1 }
      rows = Array(rows.prefix(top)) + [("other", rest, metric == "cost" ? Format.money(Money(approximating: rest)) : Format.integer(Int(rest)))]
    } else if let top = q.top {
      rows = Array(rows.prefix(top))
    }
    let filterText = q.filters.isEmpty ? "" : " where " + q.filters.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }.joined(separator: ", ")
    let title = "\(metric) by \(dimension)\(filterText)"
    guard !rows.isEmpty else {
      return Report(title: title, blocks: [.note("No calls match \(filterText.isEmpty ? "this query" : filterText).")])
    }
    return Report(title: title, blocks: [
      .bars(BarChart(title: title, items: rows.map { .init(label: $0.0, value: $0.1, display: $0.2) })),
    ])
  }

  static func additive(_ metric: String) -> Bool { !["latency_p95", "quality"].contains(metric) }

  static func value(_ metric: String, _ r: Breakdown.Row) -> Double {
    switch metric {
    case "cost": r.cost.dollars
    case "calls": Double(r.calls)
    case "tokens": Double(r.inputTokens + r.outputTokens)
    case "input_tokens": Double(r.inputTokens)
    case "output_tokens": Double(r.outputTokens)
    case "errors": Double(r.errors)
    case "quality": r.calls == 0 ? 0 : r.qualitySum / Double(r.calls)
    default:
      Double(percentile(r.latencies, 0.95))
    }
  }

  static func display(_ metric: String, _ r: Breakdown.Row) -> String {
    switch metric {
    case "cost": Format.money(r.cost)
    case "quality": Format.fixed(value(metric, r), places: 3)
    case "latency_p95": Format.integer(Int(value(metric, r))) + " ms"
    default: Format.integer(Int(value(metric, r)))
    }
  }
}

/// The `p` quantile (0...1) of `values` by the nearest-rank method.
func percentile(_ values: [UInt32], _ p: Double) -> UInt32 {
  guard !values.isEmpty else { return 0 }
  let sorted = values.sorted()
  let rank = Int((p * Double(sorted.count)).rounded(.up))
  return sorted[min(sorted.count - 1, max(0, rank - 1))]
}
