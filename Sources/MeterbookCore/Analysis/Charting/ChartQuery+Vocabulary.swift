/// What the chart builder's words mean: which metrics read bills, which dimensions a bill
/// splits by, which metrics add up, their units, and the usage line help prints.
extension ChartQuery {
  /// Metrics read from the plans' bills: one amount per customer per plan.
  ///
  /// `revenue` and `margin` (revenue − AI cost) add up over customers; `bill` is the mean bill
  /// per customer and `bill_change` the mean change against the workbook's first plan.
  public static let billMetrics = ["revenue", "margin", "bill", "bill_change"]

  /// Dimensions that are attributes of a customer, and the plan: the only ways to split a bill.
  public static let customerDimensions = ["customer", "organization", "product", "tier", "region", "archetype", "plan"]

  /// Time dimensions, in the order of their grain.
  static let timeDimensions = ["hour", "day", "week", "month", "quarter", "year"]

  /// The `chart` command's words, one place for the REPL's usage line and the headless
  /// subcommand's help (`help chart` lists the metrics, dimensions and types from the tables above).
  public static let usage =
    "chart METRIC[, METRIC] [by DIM[, DIM]] [where DIM = VALUE[, ...]] [top N] [as TYPE] [for PLAN[, PLAN]] [on SCENARIO]"

  /// Whether the chart reads the plans' bills.
  public var needsBills: Bool {
    metrics.contains(where: Self.billMetrics.contains) || dimensions.contains("plan") || filters["plan"] != nil
  }

  /// Whether the chart is computed per customer (bills, or customer attributes the calls do not carry).
  public var perCustomer: Bool {
    needsBills || dimensions.contains("archetype") || filters["archetype"] != nil
  }

  /// Refuses a query whose metrics and dimensions do not mix, with the reason.
  public func validate() throws(ChartError) {
    if !plans.isEmpty && !needsBills { throw .plansWithoutBills }
    guard perCustomer else { return }
    let bill = metrics.first(where: Self.billMetrics.contains)
    for metric in metrics where !Self.billMetrics.contains(metric) && metric != "cost" {
      let dimension = dimensions.first { !Self.customerDimensions.contains($0) } ?? dimensions.first ?? ""
      throw .notPerCustomer(
        metric: metric,
        reason: bill.map { "not billed, and cannot share a chart with \($0)" }
          ?? "and calls carry no \(dimension)")
    }
    for dimension in dimensions + filters.keys.sorted() where !Self.customerDimensions.contains(dimension) {
      throw .notSplittable(metric: bill ?? metrics.first ?? "cost", dimension: dimension)
    }
    if type == "line" || type == "sparkline" { throw .noTimeAxis(metric: bill ?? "cost", type: type) }
  }

  /// Whether values of `metric` add up, so the rest of a top N folds into an "other" total.
  static func additive(_ metric: String) -> Bool {
    !["latency_p95", "quality", "bill", "bill_change"].contains(metric)
  }

  /// How values of `metric` print.
  static func unit(of metric: String) -> ValueUnit {
    switch metric {
    case "cost", "revenue", "margin", "bill", "bill_change": .dollars
    case "latency_p95": .milliseconds
    case "quality": .ratio
    default: .count
    }
  }
}
