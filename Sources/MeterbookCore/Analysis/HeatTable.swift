/// One figure over two parameters: a value per (row, column), drawn as a shaded table in a
/// terminal, a plain table in markdown, a matrix in CSV.
///
/// The analyzer decides which cell is
/// best (highest margin, lowest cost); renderers only mark it.
public struct HeatTable: Sendable, Hashable, Codable {
  /// A cell's place: `values[row][column]`.
  public struct Position: Sendable, Hashable, Codable {
    public var row: Int
    public var column: Int
    public init(row: Int, column: Int) {
      self.row = row
      self.column = column
    }
  }

  public var title: String
  /// What the rows and the columns vary (short names such as `customers`, `fee`).
  public var rowName: String
  public var columnName: String
  public var rows: [String]
  public var columns: [String]
  /// `values[row][column]`.
  public var values: [[Double]]
  public var unit: ValueUnit
  public var best: Position?

  public init(
    title: String, rowName: String, columnName: String, rows: [String], columns: [String], values: [[Double]],
    unit: ValueUnit,
    best: Position? = nil
  ) {
    self.title = title
    self.rowName = rowName
    self.columnName = columnName
    self.rows = rows
    self.columns = columns
    self.values = values
    self.unit = unit
    self.best = best
  }
}
