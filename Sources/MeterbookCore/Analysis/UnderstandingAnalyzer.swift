/// FinOps domain 1, understanding usage and cost: where the money goes (provider, model,
/// customer, task type), allocation organization → product → customer, the top cost drivers,
/// token efficiency, and a 30-day forecast (`ForecastFinding`) with the method a backtest chose, its
/// error against seasonal naive, a 95% band sized on that backtest, any level shift, and the next four
/// weeks against the last four.
public struct UnderstandingAnalyzer {
  public var horizon = 30
  public init() {}

  public func report(_ c: AnalysisContext) -> Report {
    let run = c.run
    guard run.count > 0 else {
      return Report(
        title: "Understanding usage and cost", domain: "FinOps: Understanding usage and cost",
        blocks: [.note("The run has no calls.")])
    }
    let total = run.totalCost
    func share(_ m: Money) -> String { Format.percent(Double(m.nanos) / Double(max(1, total.nanos))) }
    let customers = Breakdown(run, by: "customer")
    let decile = max(1, customers.rows.count / 10)
    let topShare = Double(Money.sum(customers.rows.prefix(decile).map(\.cost)).nanos) / Double(max(1, total.nanos))

    let tokens = TokenEfficiency(run, catalog: c.scenario.catalog)

    // Forecast: computed as numbers here, written as English in UnderstandingAnalyzer+Forecast.swift.
    let daily = TimeSeries.dailyCost(run, start: c.scenario.start, days: c.scenario.days)
    let finding = ForecastFinding(daily, horizon: horizon)

    let roots = Self.allocationTree(run)
    let tasks = Breakdown(run, by: "task_type").rows
    return Report(
      title: "Understanding usage and cost",
      domain: "FinOps: Understanding usage and cost (allocation, forecasting)",
      problem:
        "\(Format.percent(topShare, places: 0)) of AI cost comes from \(Format.percent(Double(decile) / Double(customers.rows.count), places: 0)) of customers (\(decile) of \(customers.rows.count)).",
      impact: "\(Format.money(total)) this period; " + Self.forecastImpact(finding),
      recommendation:
        "Allocate the top \(decile) customers' cost to their organizations and review their plans; cache reads already saved \(Format.money(tokens.cacheSaving)).",
      outcome: Self.forecastOutcome(finding),
      blocks: [
        .keyFigures(
          tokens.keyFigures(total: total) + [
            KeyFigure(
              label: "forecast next \(finding.horizon) days", value: Format.money(dollars: finding.nextTotal),
              raw: finding.nextTotal)
          ]),
        .line(Self.forecastChart(finding, actual: daily, start: c.scenario.start)),
        .bars(
          BarChart(
            title: "Spend by provider",
            items: Breakdown(run, by: "provider").rows.map {
              .init(label: $0.key, value: $0.cost.dollars, display: Format.money($0.cost))
            }, isShare: true)),
        .table(
          Table(
            title: "Spend by task type", columns: ["task type", "calls", "cost", "share", "cost per call"],
            numeric: [false, true, true, true, true],
            rows: tasks.map {
              [
                $0.key, Format.integer($0.calls), Format.money($0.cost), share($0.cost),
                Format.money($0.cost.scaled(by: 1, per: Int64(max(1, $0.calls)))),
              ]
            })),
        .tree(
          TreeChart(
            title: "Allocation: organization → product → customer (top 5 / 3 / 3)", roots: Array(roots), unit: .dollars)
        ),
        .table(
          Table(
            title: "Top 10 cost drivers", columns: ["customer", "calls", "cost", "share"],
            numeric: [false, true, true, true],
            rows: customers.rows.prefix(10).map {
              [$0.key, Format.integer($0.calls), Format.money($0.cost), share($0.cost)]
            })),
        .note(Self.forecastNote(finding)),
      ])
  }

  /// The allocation tree organization → product → customer (top 5 / 3 / 3), from one pass.
  static func allocationTree(_ run: Run) -> [TreeChart.Node] {
    let separator = "\u{1F}"
    let cells = Breakdown(run, by: ["organization", "product", "customer"], separator: separator).rows.map {
      ($0.key.components(separatedBy: separator), $0.cost)
    }
    var orgTotals: [String: Money] = [:]
    var productTotals: [String: [String: Money]] = [:]
    var customerTotals: [String: [String: [(String, Money)]]] = [:]
    for (k, cost) in cells {
      orgTotals[k[0], default: .zero] += cost
      productTotals[k[0], default: [:]][k[1], default: .zero] += cost
      customerTotals[k[0], default: [:]][k[1], default: []].append((k[2], cost))
    }
    func top<T>(_ d: [String: T], _ n: Int, _ value: (T) -> Money) -> [(String, T)] {
      Array(d.sorted { (value($0.value), $1.key) > (value($1.value), $0.key) }.prefix(n))
    }
    let roots = top(orgTotals, 5, { $0 }).map { (org, total) -> TreeChart.Node in
      let products = top(productTotals[org] ?? [:], 3, { $0 }).map { (product, cost) -> TreeChart.Node in
        let custs = (customerTotals[org]?[product] ?? []).sorted { ($0.1, $1.0) > ($1.1, $0.0) }.prefix(3)
        return TreeChart.Node(
          label: product, value: cost.dollars, children: custs.map { .init(label: $0.0, value: $0.1.dollars) })
      }
      return TreeChart.Node(label: org, value: total.dollars, children: products)
    }
    return roots
  }
}

/// Token efficiency: cost per 1k tokens, output per input token, the cached share of input, and
/// what cache reads saved at list prices (`Σ cached × (input rate − cache rate)`).
struct TokenEfficiency {
  var input = 0
  var output = 0
  var cached = 0
  var cacheSaving = Money.zero

  init(_ run: Run, catalog: ModelCatalog) {
    let specs = run.dimensions.models.map { catalog.model($0.id) }
    for i in 0..<run.count {
      input += Int(run.inputTokens[i])
      output += Int(run.outputTokens[i])
      cached += Int(run.cachedTokens[i])
      if run.cachedTokens[i] > 0, let p = specs[Int(run.model[i])]?.price, let rate = p.cachedInput {
        cacheSaving += (p.input - rate).scaled(by: Int64(run.cachedTokens[i]), per: 1_000_000)
      }
    }
  }

  /// AI cost, cost per 1k tokens, output/input, cached input share, cache-read savings.
  func keyFigures(total: Money) -> [KeyFigure] {
    let per1k = total.scaled(by: 1000, per: Int64(max(1, input + output)))
    let ratio = Double(output) / Double(max(1, input))
    let cachedShare = Double(cached) / Double(max(1, input))
    return [
      KeyFigure(label: "AI cost", value: Format.money(total), raw: total.dollars),
      KeyFigure(label: "cost per 1k tokens", value: Format.money(per1k), raw: per1k.dollars),
      KeyFigure(label: "output/input tokens", value: Format.fixed(ratio, places: 2), raw: ratio),
      KeyFigure(label: "cached input share", value: Format.percent(cachedShare), raw: cachedShare),
      KeyFigure(label: "cache-read savings", value: Format.money(cacheSaving), raw: cacheSaving.dollars),
    ]
  }
}
