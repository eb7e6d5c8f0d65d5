/// The chart builder: metric(s) by one or two dimensions, filtered, top-N plus "other",
/// drawn as the chart type asked for.
///
/// Returns a report; renderers draw it.
///
/// ```
/// chart cost by provider, model where tier = pro top 10 as stacked
/// ```
public enum ChartBuilder {
  public static func report(_ q: ChartQuery, on run: Run) -> Report {
    let metric = q.metrics.first ?? "cost"
    var dims = q.dimensions.isEmpty ? [q.type == "line" || q.type == "sparkline" ? "day" : "provider"] : q.dimensions
    if q.type == "line" || q.type == "sparkline", !dims.contains("day") && !dims.contains("hour") {
      dims.insert("day", at: 1 <= dims.count ? 1 : 0)
    }
    let filterText =
      q.filters.isEmpty
      ? "" : " where " + q.filters.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }.joined(separator: ", ")
    let title = "\(q.metrics.joined(separator: ", ")) by \(dims.joined(separator: ", "))\(filterText)"
    let unit = unitOf(metric)
    let cells = Grid(run, dims: dims, filters: q.filters, keepLatencies: metric == "latency_p95")
    guard !cells.rows.isEmpty else {
      return Report(title: title, blocks: [.note("No calls match\(filterText.isEmpty ? "" : filterText).")])
    }
    let d = Drawing(query: q, metric: metric, dims: dims, title: title, unit: unit, cells: cells)
    switch (q.type, dims.count) {
    case ("stacked", 2), ("grouped", 2): return categories(d)
    case ("line", _): return line(d)
    case ("sparkline", _): return sparklines(d)
    case ("tree", 2): return tree(d)
    case ("table", _): return table(d)
    default: return bars(d)
    }
  }

  /// What every chart kind draws from: the query, its first metric, dimensions, title, unit and cells.
  struct Drawing {
    var query: ChartQuery
    var metric: String
    var dims: [String]
    var title: String
    var unit: ValueUnit
    var cells: Grid
  }

  /// Stacked or grouped bars of two dimensions.
  static func categories(_ d: Drawing) -> Report {
    let (q, metric, title, unit, cells) = (d.query, d.metric, d.title, d.unit, d.cells)
    let (categories, series, values) = cells.matrix(metric, topCategories: q.top ?? 12, topSeries: 6)
    let block: ReportBlock =
      q.type == "stacked"
      ? .stacked(CategoryChart(title: title, series: series, categories: categories, values: values, unit: unit))
      : .grouped(CategoryChart(title: title, series: series, categories: categories, values: values, unit: unit))
    return Report(title: title, blocks: [block])
  }

  /// A line per series over days or hours.
  static func line(_ d: Drawing) -> Report {
    let (metric, dims, title, unit, cells) = (d.metric, d.dims, d.title, d.unit, d.cells)
    let timeFirst = dims[0] == "day" || dims[0] == "hour"
    let (categories, series, values) = cells.matrix(
      metric, topCategories: 10_000, topSeries: 4, transpose: !timeFirst)
    let lines = series.indices.map { s in
      LineChart.Series(name: series[s], values: categories.indices.map { values[$0][s] })
    }
    return Report(
      title: title,
      blocks: [.line(LineChart(title: title, labels: categories.map(shortDate), series: lines, unit: unit))])
  }

  /// One sparkline row per key over days or hours.
  static func sparklines(_ d: Drawing) -> Report {
    let (q, metric, dims, title, unit, cells) = (d.query, d.metric, d.dims, d.title, d.unit, d.cells)
    let timeFirst = dims[0] == "day" || dims[0] == "hour"
    let (days, keys, values) = cells.matrix(
      metric, topCategories: 10_000, topSeries: q.top ?? 15, transpose: !timeFirst)
    let rows = keys.indices.map { k -> [TableCell] in
      let series = days.indices.map { values[$0][k] }
      return [
        TableCell(keys[k]), .value(additive(metric) ? series.reduce(0, +) : series.max() ?? 0, as: unit),
        TableCell(Charts.Sparkline.render(series)),
      ]
    }
    return Report(
      title: title,
      blocks: [
        .table(
          Table(
            title: title + " (\(days.first.map(shortDate) ?? "")…\(days.last.map(shortDate) ?? ""))",
            columns: [
              dims.first { $0 != "day" && $0 != "hour" } ?? "series", additive(metric) ? "total" : "max", "trend",
            ],
            numeric: [false, true, false], cells: rows))
      ])
  }

  /// A two-level tree of the first dimension's top values.
  static func tree(_ d: Drawing) -> Report {
    let (q, metric, title, unit, cells) = (d.query, d.metric, d.title, d.unit, d.cells)
    let (categories, series, values) = cells.matrix(metric, topCategories: q.top ?? 10, topSeries: 8)
    let roots = categories.indices.map { c in
      TreeChart.Node(
        label: categories[c], value: values[c].reduce(0, +),
        children: series.indices.filter { values[c][$0] > 0 }.map {
          TreeChart.Node(label: series[$0], value: values[c][$0])
        })
    }
    return Report(title: title, blocks: [.tree(TreeChart(title: title, roots: roots, unit: unit))])
  }

  /// A table of every metric by the dimensions.
  static func table(_ d: Drawing) -> Report {
    let (q, dims, title, cells) = (d.query, d.dims, d.title, d.cells)
    var rows = cells.rows.map { r in
      [TableCell(r.keys.joined(separator: " / "))]
        + q.metrics.map { TableCell.value(value($0, r.row), as: unitOf($0)) }
    }
    rows = Array(rows.prefix(q.top ?? 50))
    return Report(
      title: title,
      blocks: [
        .table(
          Table(
            title: title, columns: [dims.joined(separator: " / ")] + q.metrics,
            numeric: [false] + q.metrics.map { _ in true }, cells: rows))
      ])
  }

  /// Horizontal bars, top N plus "other", on a log scale when values span three orders of magnitude.
  static func bars(_ d: Drawing) -> Report {
    let (q, metric, dims, title, unit, cells) = (d.query, d.metric, d.dims, d.title, d.unit, d.cells)
    var items = cells.rows.map {
      BarChart.Item(
        label: $0.keys.joined(separator: " / "), value: value(metric, $0.row),
        display: unit.format(value(metric, $0.row)))
    }
    if metric != "cost" { items.sort { ($0.value, $1.label) > ($1.value, $0.label) } }
    if dims == ["day"] || dims == ["hour"] { items.sort { $0.label < $1.label } }
    if let top = q.top, items.count > top {
      let rest = items[top...]
      items = Array(items.prefix(top))
      if additive(metric) {
        let v = rest.reduce(0) { $0 + $1.value }
        items.append(.init(label: "other (\(rest.count))", value: v, display: unit.format(v)))
      }
    }
    let positives = items.map(\.value).filter { $0 > 0 }
    let largest: Double = positives.max() ?? 1
    let smallest: Double = max(positives.min() ?? 1, 1e-12)
    let span = largest / smallest
    return Report(title: title, blocks: [.bars(BarChart(title: title, items: items, logScale: span > 1_000))])
  }

  static func additive(_ metric: String) -> Bool { !["latency_p95", "quality"].contains(metric) }

  static func unitOf(_ metric: String) -> ValueUnit {
    switch metric {
    case "cost": .dollars
    case "latency_p95": .milliseconds
    case "quality": .ratio
    default: .count
    }
  }

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

  /// `2026-01-05` → `01-05`.
  static func shortDate(_ s: String) -> String {
    s.count == 10 && s.dropFirst(4).first == "-" ? String(s.dropFirst(5)) : s
  }

  /// Totals by one or two dimensions.
  struct Grid {
    var rows: [(keys: [String], row: Breakdown.Row)]

    init(_ run: Run, dims: [String], filters: [String: String], keepLatencies: Bool) {
      let separator = "\u{1F}"
      let b = Breakdown(run, by: dims, filters: filters, keepLatencies: keepLatencies, separator: separator)
      rows = b.rows.map { ($0.key.components(separatedBy: separator), $0) }
    }

    /// A category × series matrix of `metric`, keeping the top categories and series by
    /// total and folding the rest into "other" for additive metrics.
    ///
    /// With `transpose`, the
    /// second dimension gives the categories. Time categories stay in time order.
    func matrix(_ metric: String, topCategories: Int, topSeries: Int, transpose: Bool = false)
      -> (categories: [String], series: [String], values: [[Double]])
    {
      let c = transpose ? 1 : 0
      let s = transpose ? 0 : 1
      var catTotals: [String: Double] = [:]
      var serTotals: [String: Double] = [:]
      for r in rows {
        let v = ChartBuilder.value(metric, r.row)
        catTotals[r.keys[c], default: 0] += v
        serTotals[r.keys.count > 1 ? r.keys[s] : "all", default: 0] += v
      }
      func top(_ totals: [String: Double], _ n: Int, time: Bool) -> ([String], Bool) {
        let ranked = totals.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map(\.key)
        let kept = Array(ranked.prefix(n))
        return (time ? kept.sorted() : kept, ranked.count > n && ChartBuilder.additive(metric))
      }
      let timeCat = rows.first.map { isTime($0.keys[c]) } ?? false
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
        values[i][j] += ChartBuilder.value(metric, r.row)
      }
      return (categories, series, values)
    }

    private func isTime(_ key: String) -> Bool {
      key.count == 10 && key.dropFirst(4).first == "-" || key.hasSuffix(":00")
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
