/// The executive summary: total spend, spend by provider and model, the top cost drivers,
/// and the saving from sending simple tasks to each provider's cheapest model.
public struct SummaryAnalyzer {
  public let catalog: ModelCatalog
  public init(catalog: ModelCatalog) { self.catalog = catalog }

  public func report(_ run: Run) -> Report {
    guard run.count > 0 else {
      return Report(
        title: "Executive summary", domain: "Understanding usage and cost",
        problem: "The run has no calls.", blocks: [.note("Nothing to summarize: the run has no calls.")])
    }
    let total = run.totalCost
    let providers = Breakdown(run, by: "provider")
    let models = Breakdown(run, by: "model")
    let customers = Breakdown(run, by: "customer")
    let tokens = run.inputTokens.reduce(0) { $0 + Int($1) } + run.outputTokens.reduce(0) { $0 + Int($1) }
    let topDecile = max(1, customers.rows.count / 10)
    let topShare = Double(Money.sum(customers.rows.prefix(topDecile).map(\.cost)).nanos) / Double(max(1, total.nanos))
    let saving = simpleTaskSaving(run)

    func share(_ m: Money) -> String { Format.percent(Double(m.nanos) / Double(max(1, total.nanos))) }
    let providerTable = Table(
      title: "Spend by provider", columns: ["provider", "calls", "cost", "share"], numeric: [false, true, true, true],
      rows: providers.rows.map { [$0.key, Format.integer($0.calls), Format.money($0.cost), share($0.cost)] }
        + [["total", Format.integer(run.count), Format.money(total), "100.0%"]])
    let modelTable = Table(
      title: "Top models by spend", columns: ["model", "calls", "cost", "share", "cost/1k calls"],
      numeric: [false, true, true, true, true],
      rows: models.rows.prefix(10).map {
        [
          $0.key, Format.integer($0.calls), Format.money($0.cost), share($0.cost),
          Format.money($0.cost.scaled(by: 1000, per: Int64(max(1, $0.calls)))),
        ]
      })
    let driverTable = Table(
      title: "Top 10 cost drivers (customers)", columns: ["customer", "calls", "cost", "share"],
      numeric: [false, true, true, true],
      rows: customers.rows.prefix(10).map { [$0.key, Format.integer($0.calls), Format.money($0.cost), share($0.cost)] })
    return Report(
      title: "Executive summary",
      domain: "FinOps: Understanding usage and cost",
      problem:
        "\(Format.percent(topShare, places: 0)) of AI cost comes from the top 10% of customers (\(topDecile) of \(customers.rows.count)).",
      impact:
        "\(Format.money(saving.amount)) of this period's \(Format.money(total)) is spent running simple tasks (classification, extraction) on models pricier than their provider's cheapest.",
      recommendation: saving.amount > .zero
        ? "Route classification and extraction to each provider's cheapest model (\(saving.calls.formatted()) calls)."
        : "No simple-task routing saving found: simple tasks already run on the cheapest models.",
      outcome: saving.amount > .zero
        ? "Saves \(Format.money(saving.amount)) per period (\(share(saving.amount)) of spend) at list prices."
        : "Spend stays at \(Format.money(total)).",
      blocks: [
        .keyFigures([
          KeyFigure(label: "total spend", value: Format.money(total), raw: total.dollars),
          KeyFigure(label: "calls", value: Format.integer(run.count), raw: Double(run.count)),
          KeyFigure(label: "tokens", value: Format.integer(tokens), raw: Double(tokens)),
          KeyFigure(
            label: "cost per 1k calls", value: Format.money(total.scaled(by: 1000, per: Int64(run.count))),
            raw: total.dollars * 1000 / Double(run.count)),
        ]),
        .bars(
          BarChart(
            title: "Spend by provider",
            items: providers.rows.map {
              .init(label: $0.key, value: $0.cost.dollars, display: Format.money($0.cost))
            }, isShare: true)),
        .table(providerTable), .table(modelTable), .table(driverTable),
      ])
  }

  /// Exact saving of re-pricing simple-task calls at their provider's cheapest model.
  func simpleTaskSaving(_ run: Run) -> (amount: Money, calls: Int) {
    let refs = run.dimensions.models
    let specs = refs.map { catalog.model($0.id) }
    let cheapest = catalog.cheapestByProvider
    let simple: Set<String> = ["classification", "extraction"]
    var saving = Money.zero
    var calls = 0
    for i in 0..<run.count where run.status[i] == 0 && simple.contains(run.dimensions.taskTypes[Int(run.task[i])]) {
      guard let spec = specs[Int(run.model[i])], let target = cheapest[spec.providerKey], target.id != spec.id else {
        continue
      }
      let cached = target.price.cachedInput == nil ? 0 : Int(run.cachedTokens[i])
      let newCost = target.price.cost(input: Int(run.inputTokens[i]), output: Int(run.outputTokens[i]), cached: cached)
      let delta = Money(nanos: run.cost[i]) - newCost
      if delta > .zero {
        saving += delta
        calls += 1
      }
    }
    return (saving, calls)
  }
}
