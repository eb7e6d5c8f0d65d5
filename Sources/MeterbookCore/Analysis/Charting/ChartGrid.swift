/// A chart's numbers by one or two dimensions: one row per combination of keys, one value per
/// metric, before any chart kind picks what to draw.
struct ChartGrid {
  struct Row {
    var keys: [String]
    /// One value per metric of the grid, in the query's order.
    var values: [Double]
  }

  var metrics: [String]
  /// Rows by the first metric, largest first (ties by keys).
  var rows: [Row]
  /// The currency of the money metrics: USD for calls' costs, the display currency for bills.
  var currency = Currency.usd
  /// The exchange-rate quotes the bills and costs were converted with; `nil` when none was.
  var ratesNote: String?

  init(metrics: [String], rows: [Row]) {
    self.metrics = metrics
    self.rows = rows.sorted { a, b in
      let (x, y) = (a.values.first ?? 0, b.values.first ?? 0)
      return x != y ? x > y : a.keys.lexicographicallyPrecedes(b.keys)
    }
  }

  /// How `metric` prints: a money metric in the grid's currency.
  func unit(of metric: String) -> ValueUnit {
    let unit = ChartQuery.unit(of: metric)
    return unit == .dollars ? .money(in: currency) : unit
  }

  /// Totals of `run`'s calls by `dims` for `metrics`, keeping calls that pass `filters`
  /// (already resolved to exact labels).
  init(_ run: Run, metrics: [String], dims: [String], filters: [String: String]) {
    let separator = "\u{1F}"
    let b = Breakdown(
      run, by: dims, filters: filters, keepLatencies: metrics.contains("latency_p95"), separator: separator)
    self.init(
      metrics: metrics,
      rows: b.rows.map { r in
        Row(keys: r.key.components(separatedBy: separator), values: metrics.map { Self.value($0, r) })
      })
  }

  /// The value of a per-call metric over a breakdown row.
  static func value(_ metric: String, _ r: Breakdown.Row) -> Double {
    switch metric {
    case "cost": r.cost.dollars
    case "calls": Double(r.calls)
    case "tokens": Double(r.inputTokens + r.outputTokens)
    case "input_tokens": Double(r.inputTokens)
    case "output_tokens": Double(r.outputTokens)
    case "errors": Double(r.errors)
    case "quality": r.calls == 0 ? 0 : r.qualitySum / Double(r.calls)
    default: Double(percentile(r.latencies, 0.95))
    }
  }

  /// A category × series matrix of metric `m`, keeping the top categories and series by
  /// total and folding the rest into "other" for additive metrics.
  ///
  /// With `transpose`, the second dimension gives the categories. Time categories stay in
  /// time order.
  func matrix(_ m: Int, topCategories: Int, topSeries: Int, transpose: Bool = false)
    -> (categories: [String], series: [String], values: [[Double]])
  {
    let metric = metrics[m]
    let c = transpose ? 1 : 0
    let s = transpose ? 0 : 1
    var catTotals: [String: Double] = [:]
    var serTotals: [String: Double] = [:]
    for r in rows {
      catTotals[r.keys[c], default: 0] += r.values[m]
      serTotals[r.keys.count > 1 ? r.keys[s] : "all", default: 0] += r.values[m]
    }
    func top(_ totals: [String: Double], _ n: Int, time: Bool) -> ([String], Bool) {
      let ranked = totals.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map(\.key)
      let kept = Array(ranked.prefix(n))
      return (time ? kept.sorted() : kept, ranked.count > n && ChartQuery.additive(metric))
    }
    let timeCat = rows.first.map { ChartGrid.isTime($0.keys[c]) } ?? false
    let (cats, catOther) = top(catTotals, topCategories, time: timeCat)
    let (sers, serOther) = top(serTotals, topSeries, time: false)
    let categories = cats + (catOther ? ["other"] : [])
    let series = sers + (serOther ? ["other"] : [])
    var values = [[Double]](repeating: [Double](repeating: 0, count: series.count), count: categories.count)
    let ci = Dictionary(uniqueKeysWithValues: cats.enumerated().map { ($1, $0) })
    let si = Dictionary(uniqueKeysWithValues: sers.enumerated().map { ($1, $0) })
    for r in rows {
      let ck = r.keys[c]
      let sk = r.keys.count > 1 ? r.keys[s] : "all"
      guard let i = ci[ck] ?? (catOther ? categories.count - 1 : nil),
        let j = si[sk] ?? (serOther ? series.count - 1 : nil)
      else { continue }
      values[i][j] += r.values[m]
    }
    return (categories, series, values)
  }

  /// Whether `key` is a time label: a day or week (`2026-01-05`), month (`2026-01`), quarter
  /// (`2026-Q1`), year (`2026`) or hour of day (`09:00`).
  static func isTime(_ key: String) -> Bool {
    let dashed = key.dropFirst(4).first == "-" && key.prefix(4).allSatisfy(\.isNumber)
    return dashed && [7, 10].contains(key.count) || key.count == 4 && key.allSatisfy(\.isNumber)
      || key.hasSuffix(":00")
  }
}
