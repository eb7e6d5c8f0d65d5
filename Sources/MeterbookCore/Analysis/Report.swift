/// What an analyzer found, as a value: the renderers turn it into terminal text or markdown.
///
/// Every report states the FinOps domain or usage-based-revenue principle it serves, the
/// problem in one sentence, the quantified impact in dollars, the recommendation and the
/// projected outcome, then the supporting blocks. A report that finds nothing says so.
public struct Report: Sendable, Hashable {
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
  case note(String)
  /// Markdown text written by the analyst (a workbook `md` cell).
  case markdown(String)
}

/// A headline number: label, formatted value, and the raw value for deltas.
public struct KeyFigure: Sendable, Hashable {
  public var label: String
  public var value: String
  public var raw: Double
  public init(label: String, value: String, raw: Double) {
    self.label = label
    self.value = value
    self.raw = raw
  }
}

/// A table of formatted cells; numeric columns are right-aligned.
public struct Table: Sendable, Hashable {
  public var title: String
  public var columns: [String]
  public var numeric: [Bool]
  public var rows: [[String]]
  public init(title: String, columns: [String], numeric: [Bool], rows: [[String]]) {
    self.title = title
    self.columns = columns
    self.numeric = numeric
    self.rows = rows
  }
}

/// Labelled values drawn as horizontal bars.
public struct BarChart: Sendable, Hashable {
  public var title: String
  public var items: [Item]
  public struct Item: Sendable, Hashable {
    public var label: String
    public var value: Double
    public var display: String
    public init(label: String, value: Double, display: String) {
      self.label = label
      self.value = value
      self.display = display
    }
  }
  public init(title: String, items: [Item]) {
    self.title = title
    self.items = items
  }
}
