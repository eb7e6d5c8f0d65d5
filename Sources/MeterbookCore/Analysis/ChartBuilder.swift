/// The chart builder: metric(s) by one or two dimensions, filtered, top-N plus "other",
/// drawn as the chart type asked for.
///
/// Returns a report; renderers draw it. Several metrics draw one panel each, every panel in
/// the first metric's order of categories, titled by its metric.
///
/// ```
/// chart cost by provider, model where tier = pro top 10 as stacked
/// chart revenue, margin by archetype for tiered
/// ```
public enum ChartBuilder {
  /// The chart of `q` over `run`; `bills` is needed for the plan metrics and customer attributes.
  ///
  /// - Throws: `ChartError` when the query mixes what does not mix, names an unknown plan, or
  ///   a `where` value matches nothing.
  public static func report(_ q: ChartQuery, on run: Run, bills: ChartBills? = nil) throws(ChartError) -> Report {
    try q.validate()
    let timeType = q.type == "line" || q.type == "sparkline"
    var dims = q.dimensions.isEmpty ? [timeType ? "day" : q.perCustomer ? "tier" : "provider"] : q.dimensions
    if timeType, !dims.contains(where: ChartQuery.timeDimensions.contains) {
      dims.insert("day", at: 1 <= dims.count ? 1 : 0)
    }
    var q = q
    var bucketNote = ""
    if !q.perCustomer, let t = dims.firstIndex(where: { ["day", "week", "month"].contains($0) }),
      let first = run.timestamp.min(), let last = run.timestamp.max()
    {
      let firstDay = CalendarDay(epochSecond: first)
      let days = CalendarDay(epochSecond: last).daysSinceEpoch - firstDay.daysSinceEpoch + 1
      let asked = TimeBucket(rawValue: dims[t]) ?? .day
      let bucket = TimeBucket.fitting(
        from: firstDay, days: days, capacity: TimeBucket.capacity(forType: q.type), finest: asked)
      if bucket != asked {
        dims[t] = bucket.rawValue
        let n = bucket.count(from: firstDay, days: days)
        bucketNote = " (\(Format.integer(days)) days in \(Format.integer(n)) \(bucket.rawValue)s)"
      }
    }
    // Two dimensions, one of them time, read as stacked bars over time, not as label pairs.
    if q.type == "bar", dims.count == 2, dims.contains(where: ChartQuery.timeDimensions.contains) {
      q.type = "stacked"
      if !ChartQuery.timeDimensions.contains(dims[0]) { dims.swapAt(0, 1) }
    }
    // `where` values as the data spells them (`openai` → `OpenAI`).
    let callFilters = q.perCustomer ? q.filters : try ChartFilter.resolve(q.filters) { run.dimensionIndex($0).labels }
    let filterText =
      q.filters.isEmpty
      ? ""
      : " where "
        + (q.perCustomer ? q.filters : callFilters).sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }.joined(
          separator: ", ")
    let planText = q.plans.isEmpty ? "" : " for " + q.plans.joined(separator: ", ")
    let suffix = "\(filterText)\(planText)"
    let title = "\(q.metrics.joined(separator: ", ")) by \(dims.joined(separator: ", "))\(bucketNote)\(suffix)"
    let grid: ChartGrid
    if q.perCustomer {
      guard let bills else { throw .noPlans(metric: q.metrics.first ?? "revenue") }
      grid = try bills.grid(q, dims: dims)
    } else {
      grid = ChartGrid(run, metrics: q.metrics, dims: dims, filters: callFilters)
    }
    guard !grid.rows.isEmpty else {
      return Report(title: title, blocks: [.note("No calls match\(filterText.isEmpty ? "" : filterText).")])
    }
    if q.type == "table" {
      return Report(
        title: title,
        blocks: [table(Drawing(query: q, metric: 0, dims: dims, title: title, grid: grid))]
          + (grid.ratesNote.map { [.note($0)] } ?? []))
    }
    var blocks: [ReportBlock] = []
    var order: [String]?
    for m in q.metrics.indices {
      let panel =
        q.metrics.count == 1
        ? title
        : "\(q.metrics[m]) by \(dims.joined(separator: ", "))\(bucketNote)\(suffix)"
          + (m == 0 ? "" : order == nil ? "" : " (same order as \(q.metrics[0]))")
      let d = Drawing(query: q, metric: m, dims: dims, title: panel, grid: grid)
      switch (q.type, dims.count) {
      case ("stacked", 2), ("grouped", 2): blocks.append(categories(d))
      case ("line", _): blocks.append(line(d))
      case ("sparkline", _): blocks.append(sparklines(d))
      case ("tree", 2): blocks.append(tree(d))
      default:
        let (block, labels) = bars(d, order: order)
        blocks.append(block)
        order = order ?? labels
      }
    }
    if let top = q.top, q.type != "table" {
      blocks.append(.note(topNote(top, dims: dims, metrics: q.metrics)))
    }
    if let rates = grid.ratesNote { blocks.append(.note(rates)) }
    if q.metrics.count > 1 {
      blocks.insert(
        .note("\(q.metrics.count) metrics, one panel each: \(q.metrics.joined(separator: ", ")), in that order."),
        at: 0)
    }
    return Report(title: title, blocks: blocks)
  }

  /// What every chart kind draws from: the query, the metric (an index into the grid's
  /// metrics), dimensions, title and grid.
  struct Drawing {
    var query: ChartQuery
    var metric: Int
    var dims: [String]
    var title: String
    var grid: ChartGrid

    var name: String { grid.metrics[metric] }
    var unit: ValueUnit { grid.unit(of: name) }
    var additive: Bool { ChartQuery.additive(name) }
  }

  /// Stacked or grouped bars of two dimensions.
  static func categories(_ d: Drawing) -> ReportBlock {
    let time = ChartQuery.timeDimensions.contains(d.dims[0])
    let (categories, series, values) = d.grid.matrix(
      d.metric, topCategories: time ? Int.max : d.query.top ?? 12, topSeries: seriesLimit(d.query))
    let chart = CategoryChart(title: d.title, series: series, categories: categories, values: values, unit: d.unit)
    return d.query.type == "stacked" ? .stacked(chart) : .grouped(chart)
  }

  /// A line per series over days or hours.
  static func line(_ d: Drawing) -> ReportBlock {
    let timeFirst = ChartQuery.timeDimensions.contains(d.dims[0])
    let (categories, series, values) = d.grid.matrix(
      d.metric, topCategories: Int.max, topSeries: seriesLimit(d.query), transpose: !timeFirst)
    let lines = series.indices.map { s in
      LineChart.Series(name: series == ["all"] ? d.name : series[s], values: categories.indices.map { values[$0][s] })
    }
    // Days drop their year when they all share one.
    let oneYear = Set(categories.map { $0.prefix(4) }).count == 1
    return .line(
      LineChart(
        title: d.title, labels: oneYear ? categories.map(shortDate) : categories, series: lines, unit: d.unit))
  }

  /// One sparkline row per key over days or hours.
  static func sparklines(_ d: Drawing) -> ReportBlock {
    let timeFirst = ChartQuery.timeDimensions.contains(d.dims[0])
    let (days, keys, values) = d.grid.matrix(
      d.metric, topCategories: Int.max, topSeries: d.query.top ?? 15, transpose: !timeFirst)
    let rows = keys.indices.map { k -> [TableCell] in
      let series = days.indices.map { values[$0][k] }
      return [
        TableCell(keys[k]), .value(d.additive ? series.reduce(0, +) : series.max() ?? 0, as: d.unit),
        TableCell(Charts.Sparkline.render(series)),
      ]
    }
    return .table(
      Table(
        title: d.title + " (\(days.first.map(shortDate) ?? "")…\(days.last.map(shortDate) ?? ""))",
        columns: [
          d.dims.first { !ChartQuery.timeDimensions.contains($0) } ?? "series", d.additive ? "total" : "max", "trend",
        ],
        numeric: [false, true, false], cells: rows))
  }

  /// A two-level tree of the first dimension's top values.
  static func tree(_ d: Drawing) -> ReportBlock {
    let (categories, series, values) = d.grid.matrix(
      d.metric, topCategories: d.query.top ?? 10, topSeries: d.query.top ?? 8)
    let roots = categories.indices.map { c in
      TreeChart.Node(
        label: categories[c], value: values[c].reduce(0, +),
        children: series.indices.filter { values[c][$0] > 0 }.map {
          TreeChart.Node(label: series[$0], value: values[c][$0])
        })
    }
    return .tree(TreeChart(title: d.title, roots: roots, unit: d.unit))
  }

  /// A table of every metric by the dimensions.
  static func table(_ d: Drawing) -> ReportBlock {
    let rows = d.grid.rows.prefix(d.query.top ?? 50).map { r in
      [TableCell(r.keys.joined(separator: " / "))]
        + r.values.indices.map { TableCell.value(r.values[$0], as: d.grid.unit(of: d.grid.metrics[$0])) }
    }
    return .table(
      Table(
        title: d.title, columns: [d.dims.joined(separator: " / ")] + d.grid.metrics,
        numeric: [false] + d.grid.metrics.map { _ in true }, cells: Array(rows)))
  }

  /// Horizontal bars, top N plus "other", on a log scale when values span three orders of
  /// magnitude; in `order` when given (a later panel follows the first), and the labels drawn.
  static func bars(_ d: Drawing, order: [String]?) -> (ReportBlock, [String]) {
    let (q, unit) = (d.query, d.unit)
    var items = d.grid.rows.map {
      BarChart.Item(
        label: $0.keys.joined(separator: " / "), value: $0.values[d.metric], display: unit.format($0.values[d.metric]))
    }
    if d.metric != 0 { items.sort { ($0.value, $1.label) > ($1.value, $0.label) } }
    let time = d.dims.count == 1 && ChartQuery.timeDimensions.contains(d.dims[0])
    if time { items.sort { $0.label < $1.label } }
    if let order {
      let rank = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
      let other = order.last.map { $0.hasPrefix("other (") } ?? false
      let kept = items.filter { rank[$0.label] != nil }.sorted { (rank[$0.label] ?? 0) < (rank[$1.label] ?? 0) }
      let rest = items.filter { rank[$0.label] == nil }
      items = kept
      if other, d.additive, !rest.isEmpty {
        let v = rest.reduce(0) { $0 + $1.value }
        items.append(.init(label: "other (\(rest.count))", value: v, display: unit.format(v)))
      }
    } else if let top = q.top, d.dims.count == 2 {
      let (categories, series, values) = d.grid.matrix(d.metric, topCategories: top, topSeries: top)
      var rest = 0.0
      items = []
      for (c, category) in categories.enumerated() {
        for (s, name) in series.enumerated() where values[c][s] != 0 {
          if category == "other" || name == "other" {
            rest += values[c][s]
          } else {
            items.append(.init(label: "\(category) / \(name)", value: values[c][s], display: unit.format(values[c][s])))
          }
        }
      }
      items.sort { ($0.value, $1.label) > ($1.value, $0.label) }
      if rest != 0 { items.append(.init(label: "other", value: rest, display: unit.format(rest))) }
    } else if let top = q.top, !time, items.count > top {
      let rest = items[top...]
      items = Array(items.prefix(top))
      if d.additive {
        let v = rest.reduce(0) { $0 + $1.value }
        items.append(.init(label: "other (\(rest.count))", value: v, display: unit.format(v)))
      }
    }
    let positives = items.map(\.value).filter { $0 > 0 }
    let largest: Double = positives.max() ?? 1
    let smallest: Double = max(positives.min() ?? 1, 1e-12)
    let span = largest / smallest
    return (.bars(BarChart(title: d.title, items: items, logScale: span > 1_000)), items.map(\.label))
  }

  /// Series a chart tells apart: the top N (6 by default), at most one per line marker
  /// with room for "other".
  static func seriesLimit(_ q: ChartQuery) -> Int { min(q.top ?? 6, Charts.Lines.markers.count - 1) }

  /// What `top N` kept: the N largest of each dimension, the rest summed as "other" (or left
  /// out, for a metric that does not add up).
  static func topNote(_ top: Int, dims: [String], metrics: [String]) -> String {
    let kept = dims.filter { !ChartQuery.timeDimensions.contains($0) }
    guard !kept.isEmpty else { return "top \(top) applies to no dimension here: time is never cut." }
    let which =
      kept.count == 1
      ? "the \(top) largest \(kept[0]) values"
      : "the \(top) largest values of each dimension (\(kept.joined(separator: ", ")))"
    let rest =
      metrics.allSatisfy(ChartQuery.additive)
      ? "the rest summed as \"other\""
      : "the rest left out (\(metrics.filter { !ChartQuery.additive($0) }.joined(separator: ", ")) does not add up)"
    return "top \(top): \(which) by \(metrics[0]); \(rest)."
  }

  /// `2026-01-05` → `01-05`.
  static func shortDate(_ s: String) -> String {
    s.count == 10 && s.dropFirst(4).first == "-" ? String(s.dropFirst(5)) : s
  }
}

/// The `p` quantile (0...1) of `values` by the nearest-rank method.
func percentile(_ values: [UInt32], _ p: Double) -> UInt32 {
  guard !values.isEmpty else { return 0 }
  let sorted = values.sorted()
  let rank = Int((p * Double(sorted.count)).rounded(.up))
  return sorted[min(sorted.count - 1, max(0, rank - 1))]
}
