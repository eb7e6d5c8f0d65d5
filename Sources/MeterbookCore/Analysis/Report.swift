/// What an analyzer found, as a value: the renderers turn it into terminal text or markdown.
///
/// Every report states the FinOps domain or usage-based-revenue principle it serves, the
/// problem in one sentence, the quantified impact in dollars, the recommendation and the
/// projected outcome, then the supporting blocks. A report that finds nothing says so.
public struct Report: Sendable, Hashable, Codable {
  public var title: String
  public var domain: String
  public var problem: String
  public var impact: String
  public var recommendation: String
  public var outcome: String
  public var blocks: [ReportBlock]

  public init(
    title: String, domain: String = "", problem: String = "", impact: String = "", recommendation: String = "",
    outcome: String = "", blocks: [ReportBlock] = []
  ) {
    self.title = title
    self.domain = domain
    self.problem = problem
    self.impact = impact
    self.recommendation = recommendation
    self.outcome = outcome
    self.blocks = blocks
  }
}

/// A piece of a report's body.
public enum ReportBlock: Sendable, Hashable {
  case keyFigures([KeyFigure])
  case table(Table)
  case bars(BarChart)
  case stacked(CategoryChart)
  case grouped(CategoryChart)
  case histogram(HistogramChart)
  case line(LineChart)
  case tree(TreeChart)
  /// One figure over two swept parameters (a grid).
  case heat(HeatTable)
  case note(String)
  /// Markdown text written by the analyst (a workbook `md` cell).
  case markdown(String)
}

/// A headline number: label, formatted value, and the raw value for deltas; over many
/// seeds, the value is the median and `spread` the band around it.
public struct KeyFigure: Sendable, Hashable {
  public var label: String
  public var value: String
  public var raw: Double
  /// The band over seeds, when the figure was computed under more than one.
  public var spread: Spread?
  public init(label: String, value: String, raw: Double, spread: Spread? = nil) {
    self.label = label
    self.value = value
    self.raw = raw
    self.spread = spread
  }

  /// Where a figure fell across seeds: the ends of its band, raw and formatted like the value.
  public struct Spread: Sendable, Hashable, Codable {
    public var low: Double
    public var high: Double
    public var lowText: String
    public var highText: String
    /// `P5–P95`.
    public var interval: String
    public var seeds: Int
    /// `$11,020.10…$13,702.55`.
    public var range: String { "\(lowText)…\(highText)" }
  }
}

/// A table: formatted text for people, and the number behind each numeric cell for
/// scripts (see `TableCell`); numeric columns are right-aligned.
public struct Table: Sendable, Hashable {
  public var title: String
  public var columns: [String]
  public var numeric: [Bool]
  public var cells: [[TableCell]]
  /// How the table gives way on a narrow terminal (identifying columns, what hides first).
  public var fit: TableFit

  /// The text of every cell, as the text and markdown renderers print it.
  public var rows: [[String]] { cells.map { $0.map(\.text) } }

  public init(title: String, columns: [String], numeric: [Bool], cells: [[TableCell]], fit: TableFit = TableFit()) {
    self.title = title
    self.columns = columns
    self.numeric = numeric
    self.cells = cells
    self.fit = fit
  }

  /// A table of formatted strings: each cell of a numeric column gets the number its text
  /// stands for back (`FormattedNumber`), so scripts still read numbers.
  public init(title: String, columns: [String], numeric: [Bool], rows: [[String]], fit: TableFit = TableFit()) {
    let cells = rows.map { row in
      row.enumerated().map { c, text in c < numeric.count && numeric[c] ? TableCell(formatted: text) : TableCell(text) }
    }
    self.init(title: title, columns: columns, numeric: numeric, cells: cells, fit: fit)
  }
}

/// Labelled values drawn as horizontal bars, optionally against a target and on a log scale.
public struct BarChart: Sendable, Hashable, Codable {
  public var title: String
  public var items: [Item]
  /// A reference value drawn as a `│` mark across the bars (a budget, an SLA).
  public var target: Double?
  /// Bar length by log₁₀ of the value, for ranges spanning orders of magnitude.
  public var logScale: Bool = false
  /// The items are parts of a whole (markdown also draws a mermaid pie).
  public var isShare: Bool = false
  public struct Item: Sendable, Hashable, Codable {
    public var label: String
    public var value: Double
    public var display: String
    /// Where the value fell across seeds, drawn as `├──┤` over the bar (the bar ends at the median).
    public var whisker: Whisker?
    public init(label: String, value: Double, display: String, whisker: Whisker? = nil) {
      self.label = label
      self.value = value
      self.display = display
      self.whisker = whisker
    }
  }

  /// The ends of a value's band (P5 and P95 by default).
  public struct Whisker: Sendable, Hashable, Codable {
    public var low: Double
    public var high: Double
    public init(low: Double, high: Double) {
      self.low = min(low, high)
      self.high = max(low, high)
    }
  }
  public init(title: String, items: [Item], target: Double? = nil, logScale: Bool = false, isShare: Bool = false) {
    self.title = title
    self.items = items
    self.target = target
    self.logScale = logScale
    self.isShare = isShare
  }
}

extension ReportBlock: Codable {
  private enum CodingKeys: String, CodingKey {
    case kind, keyFigures, table, bars, stacked, grouped, histogram, line, tree, heat, note, markdown
  }

  /// `{"kind": "table", "table": {...}}`: one key names the block, one holds it.
  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    switch self {
    case .keyFigures(let v):
      try c.encode("keyFigures", forKey: .kind)
      try c.encode(v, forKey: .keyFigures)
    case .table(let v):
      try c.encode("table", forKey: .kind)
      try c.encode(v, forKey: .table)
    case .bars(let v):
      try c.encode("bars", forKey: .kind)
      try c.encode(v, forKey: .bars)
    case .stacked(let v):
      try c.encode("stacked", forKey: .kind)
      try c.encode(v, forKey: .stacked)
    case .grouped(let v):
      try c.encode("grouped", forKey: .kind)
      try c.encode(v, forKey: .grouped)
    case .histogram(let v):
      try c.encode("histogram", forKey: .kind)
      try c.encode(v, forKey: .histogram)
    case .line(let v):
      try c.encode("line", forKey: .kind)
      try c.encode(v, forKey: .line)
    case .tree(let v):
      try c.encode("tree", forKey: .kind)
      try c.encode(v, forKey: .tree)
    case .heat(let v):
      try c.encode("heat", forKey: .kind)
      try c.encode(v, forKey: .heat)
    case .note(let v):
      try c.encode("note", forKey: .kind)
      try c.encode(v, forKey: .note)
    case .markdown(let v):
      try c.encode("markdown", forKey: .kind)
      try c.encode(v, forKey: .markdown)
    }
  }

  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    switch try c.decode(String.self, forKey: .kind) {
    case "keyFigures": self = .keyFigures(try c.decode([KeyFigure].self, forKey: .keyFigures))
    case "table": self = .table(try c.decode(Table.self, forKey: .table))
    case "bars": self = .bars(try c.decode(BarChart.self, forKey: .bars))
    case "stacked": self = .stacked(try c.decode(CategoryChart.self, forKey: .stacked))
    case "grouped": self = .grouped(try c.decode(CategoryChart.self, forKey: .grouped))
    case "histogram": self = .histogram(try c.decode(HistogramChart.self, forKey: .histogram))
    case "line": self = .line(try c.decode(LineChart.self, forKey: .line))
    case "tree": self = .tree(try c.decode(TreeChart.self, forKey: .tree))
    case "heat": self = .heat(try c.decode(HeatTable.self, forKey: .heat))
    case "note": self = .note(try c.decode(String.self, forKey: .note))
    default: self = .markdown(try c.decode(String.self, forKey: .markdown))
    }
  }
}
