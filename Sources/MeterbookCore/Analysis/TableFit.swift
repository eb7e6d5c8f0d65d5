/// How a table gives way when the terminal is narrower than the table: which columns name a
/// row, which figures may be hidden first, and whether records read better as columns.
///
/// A table's identifying column (model, customer, segment, plan) is never cut: a text renderer
/// first wraps headers and abbreviates their long words, then rounds money to whole dollars,
/// then hides the columns at the front of `hideOrder` (and says which, under the table), and
/// only then wraps the identifying cells onto continuation lines. The defaults fit most
/// tables: the leading text columns identify the row, and the other columns give way from
/// the right.
public struct TableFit: Sendable, Hashable {
  /// The columns that name a row; `nil`: the leading text columns (at least the first).
  public var identifiers: [Int]?
  /// The other columns in the order they are hidden, first hidden first.
  ///
  /// `nil`: right to left. A column left out of the list is never hidden.
  public var hideOrder: [Int]?
  /// Whether text and markdown show one column per record and one row per figure.
  ///
  /// For few records with many figures (plans side by side), so the records stay side by
  /// side at 80 columns. Scripts (CSV, JSON) keep one row per record.
  public var recordsAsColumns: Bool

  public init(identifiers: [Int]? = nil, hideOrder: [Int]? = nil, recordsAsColumns: Bool = false) {
    self.identifiers = identifiers
    self.hideOrder = hideOrder
    self.recordsAsColumns = recordsAsColumns
  }

  /// The identifying columns of `table`.
  public func identifiers(of table: Table) -> [Int] {
    if let identifiers { return identifiers.filter { table.columns.indices.contains($0) } }
    guard !table.columns.isEmpty else { return [] }
    let leading = table.numeric.prefix { !$0 }.count
    return Array(0..<max(1, min(leading, table.columns.count)))
  }

  /// The columns of `table` that may be hidden, first hidden first.
  public func hideOrder(of table: Table) -> [Int] {
    let ids = Set(identifiers(of: table))
    let order = hideOrder ?? Array(table.columns.indices.reversed())
    var seen = Set<Int>()
    return order.filter { table.columns.indices.contains($0) && !ids.contains($0) && seen.insert($0).inserted }
  }
}
