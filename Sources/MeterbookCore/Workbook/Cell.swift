/// One step of a workbook, run top to bottom like a notebook cell.
public struct Cell: Sendable, Hashable {
  /// Stable identifier: given in the file, or generated from the cell's kind and content.
  public var id: String
  public var kind: Kind
  public var location: SourceLocation

  public init(id: String, kind: Kind, location: SourceLocation) {
    self.id = id
    self.kind = kind
    self.location = location
  }

  public enum Kind: Sendable, Hashable {
    /// Markdown text, printed as is.
    case markdown(String)
    /// Simulate a scenario.
    case run(scenario: String)
    /// An analyzer's report on a scenario's run.
    case report(analyzer: String, scenario: String?)
    /// Pricing plans side by side on the same calls.
    case compare(plans: [String], scenario: String?)
    /// A chart-builder query.
    case chart(ChartQuery, scenario: String?)
    /// A scenario with overrides, shown against its base.
    case whatIf(base: String?, overrides: [Override], show: [String])
    /// Re-bill a model's calls on another model or at a new price, on the same calls.
    case reprice(RepriceRequest, scenario: String?)
    /// Write the workbook's results to a file.
    case export(path: String, format: String)
    /// Scenarios side by side: headline figures, changes against the first, top movers.
    case compareScenarios(scenarios: [String], show: [String])
    /// A parameter swept over a range (a curve), or two (a grid).
    case sweep(SweepRequest)
    /// Plans projected month by month over the horizon (`months` overrides `horizon:`).
    case project(months: Int?, plans: [String], scenario: String?)
  }

  public static let kinds = [
    "md", "run", "report", "compare", "chart", "whatif", "reprice", "export", "sweep", "project",
  ]

  /// What a cell reads, so a change re-runs only the cells that depend on it.
  public var dependencies: Set<String> {
    switch kind {
    case .markdown: []
    // A run's summary bills the current plan; analyzers read plans, budgets and alert rules.
    case .run(let s): ["scenarios.\(s)", "plans.*"]
    case .report(_, let s): Set(s.map { ["scenarios.\($0)"] } ?? ["scenarios.*"]).union(["plans.*", "budgets"])
    case .compare(let plans, let s):
      Set(plans.map { "plans.\($0)" }).union(s.map { ["scenarios.\($0)"] } ?? ["scenarios.*"])
    case .chart(let q, let s):
      Set(s.map { ["scenarios.\($0)"] } ?? ["scenarios.*"]).union(q.needsBills ? ["plans.*"] : [])
    case .whatIf(let base, _, _): Set(base.map { ["scenarios.\($0)"] } ?? ["scenarios.*"]).union(["plans.*"])
    case .reprice(_, let s): s.map { ["scenarios.\($0)"] } ?? ["scenarios.*"]
    case .export: ["*"]
    // Every plan is billed on each scenario, so any plan's change matters.
    case .compareScenarios(let names, _): Set(names.map { "scenarios.\($0)" }).union(["plans.*"])
    case .sweep(let r):
      Set(([r.scenario] + r.axes.map(\.scenario)).compactMap { $0 }.map { "scenarios.\($0)" })
        .union(r.scenario == nil && r.axes.allSatisfy { $0.scenario == nil } ? ["scenarios.*"] : [])
        .union(["plans.*"])
    case .project(_, _, let s):
      Set(s.map { ["scenarios.\($0)"] } ?? ["scenarios.*"]).union(["plans.*", "horizon", "fx", "display_currency"])
    }
  }
}

/// A chart-builder query: metric(s) by one or two dimensions, filtered, top-N, as a chart type.
public struct ChartQuery: Sendable, Hashable {
  public var metrics: [String]
  public var dimensions: [String]
  public var filters: [String: String]
  public var top: Int?
  public var type: String
  /// The plans whose bills the plan metrics (revenue, margin, bill, bill_change) read (`for tiered`).
  public var plans: [String] = []

  public static let metrics =
    [
      "cost", "calls", "tokens", "input_tokens", "output_tokens", "errors", "latency_p95", "quality",
    ] + billMetrics
  public static let dimensions = [
    "provider", "model", "customer", "organization", "product", "feature", "tier", "task_type", "region", "day",
    "week", "month", "hour", "archetype", "plan",
  ]
  public static let types = ["bar", "stacked", "grouped", "line", "sparkline", "tree", "table"]

  public init(
    metrics: [String], dimensions: [String], filters: [String: String] = [:], top: Int? = nil, type: String = "bar",
    plans: [String] = []
  ) {
    self.metrics = metrics
    self.dimensions = dimensions
    self.filters = filters
    self.top = top
    self.type = type
    self.plans = plans
  }
}

/// Picks an export format from a file name: `.json` → json, `.csv` → csv, a name containing
/// "proposal" → the pricing proposal, anything else → markdown.
public enum ExportFormat {
  public static func guess(_ path: String) -> String {
    let name = path.split(separator: "/").last.map(String.init)?.lowercased() ?? path
    if name.hasSuffix(".json") { return "json" }
    if name.hasSuffix(".csv") { return "csv" }
    return name.contains("proposal") ? "proposal" : "markdown"
  }
}

/// A repricing what-if as written in a workbook or typed in the REPL: move `share` of
/// `model`'s calls to `target`, or bill `model` at new `input`/`output` prices, or at the
/// prices in force on `asOf` (every model's calls when `model` is `nil`).
public struct RepriceRequest: Sendable, Hashable {
  public var model: String?
  public var target: String?
  public var share: Double
  public var input: Money?
  public var output: Money?
  public var asOf: CalendarDay?
  public init(
    model: String?, target: String? = nil, share: Double = 1, input: Money? = nil, output: Money? = nil,
    asOf: CalendarDay? = nil
  ) {
    self.model = model
    self.target = target
    self.share = share
    self.input = input
    self.output = output
    self.asOf = asOf
  }

  /// The what-if against `catalog` (prices not given keep the catalog's, as of `asOf` when set).
  public func whatIf(in catalog: ModelCatalog) -> RepricingWhatIf {
    var price: ModelPrice?
    if target == nil, let m = model.flatMap(catalog.model) {
      price = asOf.map { m.prices.price(on: $0) } ?? m.price
      if let input { price?.input = input }
      if let output { price?.output = output }
    }
    return RepricingWhatIf(model: model, target: target, share: share, price: price, asOf: asOf)
  }

  /// The what-if against `catalog`, refused when a model is unknown, the share is outside
  /// 0…1 or a price is negative or above `Limits.pricePerMillionTokens`.
  public func validatedWhatIf(in catalog: ModelCatalog) throws(RepricingError) -> RepricingWhatIf {
    let w = whatIf(in: catalog)
    try w.validate(in: catalog)
    return w
  }
}
