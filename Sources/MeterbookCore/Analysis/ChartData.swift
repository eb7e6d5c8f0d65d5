/// Chart values that analyzers put in reports. Renderers draw them; nothing here draws.

/// Values by category and series, drawn stacked (one bar per category, a segment per
/// series, non-negative values) or grouped (a bar per series within each category, values
/// may be negative, for example, margins of plan A vs plan B per segment).
public struct CategoryChart: Sendable, Hashable, Codable {
  public var title: String
  public var series: [String]
  public var categories: [String]
  /// `values[category][series]`.
  public var values: [[Double]]
  public var unit: ValueUnit
  public init(title: String, series: [String], categories: [String], values: [[Double]], unit: ValueUnit) {
    self.title = title
    self.series = series
    self.categories = categories
    self.values = values
    self.unit = unit
  }
}

/// A distribution of values (margin per customer, bill change per customer).
public struct HistogramChart: Sendable, Hashable, Codable {
  public var title: String
  public var values: [Double]
  public var unit: ValueUnit
  /// Number of bins; `nil` chooses by the Freedman–Diaconis rule (5...20 bins).
  public var bins: Int?
  public init(title: String, values: [Double], unit: ValueUnit, bins: Int? = nil) {
    self.title = title
    self.values = values
    self.unit = unit
    self.bins = bins
  }
}

/// Up to eight series (one per marker glyph) over days: actual, forecast, band, budget, providers...
public struct LineChart: Sendable, Hashable, Codable {
  public struct Series: Sendable, Hashable, Codable {
    public var name: String
    /// One value per x position; `nil` where the series has no value.
    public var values: [Double?]
    public init(name: String, values: [Double?]) {
      self.name = name
      self.values = values
    }
  }
  public var title: String
  /// Labels of the x positions (dates), same length as each series.
  public var labels: [String]
  public var series: [Series]
  public var unit: ValueUnit
  /// x positions to point at under the plot (`▲`), such as the anomalous hours a report lists.
  public var marks: [Int]?
  public init(title: String, labels: [String], series: [Series], unit: ValueUnit, marks: [Int]? = nil) {
    self.title = title
    self.labels = labels
    self.series = Array(series.prefix(Charts.Lines.markers.count))
    self.unit = unit
    self.marks = marks
  }
}

/// A nested breakdown (organization → product → customer) with a value per node.
public struct TreeChart: Sendable, Hashable, Codable {
  public struct Node: Sendable, Hashable, Codable {
    public var label: String
    public var value: Double
    public var children: [Node]
    public init(label: String, value: Double, children: [Node] = []) {
      self.label = label
      self.value = value
      self.children = children
    }
  }
  public var title: String
  public var roots: [Node]
  public var unit: ValueUnit
  public init(title: String, roots: [Node], unit: ValueUnit) {
    self.title = title
    self.roots = roots
    self.unit = unit
  }
}

/// How a chart's numbers print.
public enum ValueUnit: String, Sendable, Hashable, Codable {
  case dollars, count, percent, milliseconds, ratio
  /// Amounts converted to a display currency other than the dollar (`money(in:)`).
  case euros, pounds

  /// The unit of amounts in `currency`: `.dollars` for USD, so one-currency charts are unchanged.
  public static func money(in currency: Currency) -> ValueUnit {
    switch currency {
    case .usd: .dollars
    case .eur: .euros
    case .gbp: .pounds
    }
  }

  /// The currency of a money unit; `nil` for counts, percents and the rest.
  public var currency: Currency? {
    switch self {
    case .dollars: .usd
    case .euros: .eur
    case .pounds: .gbp
    case .count, .percent, .milliseconds, .ratio: nil
    }
  }

  public func format(_ v: Double) -> String {
    switch self {
    case .dollars: Format.money(dollars: v)
    case .euros, .pounds: Money(approximating: v).map { Format.money($0, in: currency ?? .usd) } ?? "–"
    case .count: Format.integer(Int(v.rounded()))
    case .percent: Format.percent(v)
    case .milliseconds: Format.integer(Int(v.rounded())) + " ms"
    case .ratio: Format.fixed(v, places: 3)
    }
  }

  /// A short form for axis ticks: `$1.2k`, `3.4M`, `45%`.
  public func short(_ v: Double) -> String {
    if self == .percent { return Format.fixed(v * 100, places: 0) + "%" }
    if self == .ratio { return Format.fixed(v, places: 2) }
    let a = abs(v)
    let prefix = currency?.symbol ?? ""
    let sign = v < 0 ? "-" : ""
    if a >= 1e9 { return sign + prefix + Format.fixed(a / 1e9, places: 1) + "B" }
    if a >= 1e6 { return sign + prefix + Format.fixed(a / 1e6, places: 1) + "M" }
    if a >= 1e3 { return sign + prefix + Format.fixed(a / 1e3, places: 1) + "k" }
    return sign + prefix + Format.fixed(a, places: a < 10 && a != a.rounded() ? 2 : 0)
  }
}
