/// FinOps domain 1, understanding usage and cost: where the money goes (provider, model,
/// customer, task type), allocation organization → product → customer, the top cost drivers,
/// token efficiency, and a 30-day forecast (`ForecastFinding`) with the method a backtest chose, its
/// error against seasonal naive, a 95% band sized on that backtest, any level shift, and the next four
/// weeks against the last four.
public struct UnderstandingAnalyzer {
  public var horizon = 30
  public init() {}

  /// What the report reads of the usage: sums that the calls in memory and the cells of a
  /// streamed file's digest give alike.
  struct Usage {
    var total: Money
    var customers: Breakdown
    var providers: Breakdown
    var tasks: Breakdown
    var tokens: TokenEfficiency
    var daily: TimeSeries
    /// Cost per (organization, product, customer) path, for the allocation tree.
    var allocation: [(path: [String], cost: Money)]
  }

  public func report(_ c: AnalysisContext) -> Report {
    let run = c.run
    guard run.count > 0 else { return Self.noCalls }
    let separator = "\u{1F}"
    let allocation = Breakdown(run, by: ["organization", "product", "customer"], separator: separator).rows.map {
      (path: $0.key.components(separatedBy: separator), cost: $0.cost)
    }
    return report(
      Usage(
        total: run.totalCost, customers: Breakdown(run, by: "customer"), providers: Breakdown(run, by: "provider"),
        tasks: Breakdown(run, by: "task_type"), tokens: TokenEfficiency(run, catalog: c.scenario.catalog),
        daily: TimeSeries.dailyCost(run, start: c.scenario.start, days: c.scenario.days), allocation: allocation),
      start: c.scenario.start)
  }

  /// The report of a run without calls.
  static let noCalls = Report(
    title: "Understanding usage and cost", domain: "FinOps: Understanding usage and cost",
    blocks: [.note("The run has no calls.")])

  /// The report of `u`, the usage of a period from `start`.
  func report(_ u: Usage, start: CalendarDay) -> Report {
    let total = u.total
    func share(_ m: Money) -> String { Format.percent(Double(m.nanos) / Double(max(1, total.nanos))) }
    let customers = u.customers
    let decile = max(1, customers.rows.count / 10)
    let topShare = Double(Money.sum(customers.rows.prefix(decile).map(\.cost)).nanos) / Double(max(1, total.nanos))
    let tokens = u.tokens
    // Forecast: computed as numbers here, written as English in UnderstandingAnalyzer+Forecast.swift.
    let daily = u.daily
    let finding = ForecastFinding(daily, horizon: horizon)
    let roots = Self.allocationTree(u.allocation)
    let tasks = u.tasks.rows
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
        .line(Self.forecastChart(finding, actual: daily, start: start)),
        .bars(
          BarChart(
            title: "Spend by provider",
            items: u.providers.rows.map {
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

  /// The allocation tree organization → product → customer (top 5 / 3 / 3), from the cost of
  /// each (organization, product, customer) path.
  static func allocationTree(_ cells: [(path: [String], cost: Money)]) -> [TreeChart.Node] {
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
/// what cache reads saved at list prices (`Σ cached × (input rate − cache rate)`, per model).
struct TokenEfficiency {
  var input = 0
  var output = 0
  var cached = 0
  var cacheSaving = Money.zero

  init(_ run: Run, catalog: ModelCatalog) {
    var cachedByModel = [Int](repeating: 0, count: run.dimensions.models.count)
    for i in 0..<run.count {
      input += Int(run.inputTokens[i])
      output += Int(run.outputTokens[i])
      cached += Int(run.cachedTokens[i])
      cachedByModel[Int(run.model[i])] += Int(run.cachedTokens[i])
    }
    cacheSaving = Self.cacheSaving(cachedByModel, models: run.dimensions.models, catalog: catalog)
  }

  /// The efficiency of the calls a cube sums: the same figures as of the calls.
  init(_ cube: UsageCube, catalog: ModelCatalog) {
    var cachedByModel = [Int](repeating: 0, count: cube.dimensions.models.count)
    for cell in cube.cells {
      input += Int(cell.inputTokens)
      output += Int(cell.outputTokens)
      cached += Int(cell.cachedTokens)
      cachedByModel[Int(cell.key.model)] += Int(cell.cachedTokens)
    }
    cacheSaving = Self.cacheSaving(cachedByModel, models: cube.dimensions.models, catalog: catalog)
  }

  /// What each model's cached input tokens saved at its list prices, rounded once per model so
  /// that calls and the cells summing them give the same amount.
  private static func cacheSaving(_ cached: [Int], models: [Run.ModelRef], catalog: ModelCatalog) -> Money {
    var saving = Money.zero
    for (m, tokens) in cached.enumerated() where tokens > 0 {
      guard let p = catalog.model(models[m].id)?.price, let rate = p.cachedInput else { continue }
      saving += (p.input - rate).scaled(by: tokens, per: 1_000_000)
    }
    return saving
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
