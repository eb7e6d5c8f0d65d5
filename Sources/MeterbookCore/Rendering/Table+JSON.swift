/// A table in JSON: `rows` are objects keyed by `keys` (the CSV header) with numbers as
/// numbers (`{"plan": "flat", "revenue_usd": 2500, "margin_pct": 78.04}`), `null` for a
/// number that does not exist; `text` keeps the formatted cells people read; `units` names
/// each column's unit (`null` for text or mixed columns).
extension Table: Codable {
  private enum CodingKeys: String, CodingKey {
    case title, columns, keys, units, numeric, rows, text, identifiers
    case hideOrder = "hide_order"
    case recordsAsColumns = "records_as_columns"
  }

  /// A key chosen at run time: the table's column keys.
  private struct Key: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ s: String) { stringValue = s }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
  }

  private struct Row: Codable {
    var fields: [(key: String, number: Bool, cell: TableCell)]
    var decoded: [String: Double?] = [:]

    init(fields: [(key: String, number: Bool, cell: TableCell)]) { self.fields = fields }

    func encode(to encoder: Encoder) throws {
      var c = encoder.container(keyedBy: Key.self)
      for f in fields {
        if !f.number {
          try c.encode(f.cell.text, forKey: Key(f.key))
        } else if let v = f.cell.value {
          try c.encode(v, forKey: Key(f.key))
        } else {
          try c.encodeNil(forKey: Key(f.key))
        }
      }
    }

    init(from decoder: Decoder) throws {
      let c = try decoder.container(keyedBy: Key.self)
      fields = []
      for k in c.allKeys {
        decoded[k.stringValue] = try? c.decodeIfPresent(Double.self, forKey: k)
      }
    }
  }

  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    let keys = scriptKeys
    let numbers = scriptNumeric
    try c.encode(title, forKey: .title)
    try c.encode(columns, forKey: .columns)
    try c.encode(keys, forKey: .keys)
    try c.encode(scriptUnits, forKey: .units)
    try c.encode(numeric, forKey: .numeric)
    try c.encode(
      cells.map { row in Row(fields: row.indices.map { i in (keys[i], numbers[i], row[i]) }) }, forKey: .rows)
    try c.encode(rows, forKey: .text)
    // Layout hints for a renderer that reads the JSON back; absent when they are the defaults.
    try c.encodeIfPresent(fit.identifiers, forKey: .identifiers)
    try c.encodeIfPresent(fit.hideOrder, forKey: .hideOrder)
    if fit.recordsAsColumns { try c.encode(true, forKey: .recordsAsColumns) }
  }

  /// Reads the text back, and each number from its row object; a number's unit is its
  /// column's, or for a column of mixed units the one its text shows.
  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let keys = try c.decode([String].self, forKey: .keys)
    let units = try c.decode([TableCell.Unit?].self, forKey: .units)
    let text = try c.decode([[String]].self, forKey: .text)
    let objects = try c.decode([Row].self, forKey: .rows)
    let cells = zip(text, objects).map { row, object in
      row.enumerated().map { i, t -> TableCell in
        guard i < keys.count, let found = object.decoded[keys[i]], let value = found else { return TableCell(t) }
        let unit = (i < units.count ? units[i] : nil) ?? FormattedNumber.parse(t)?.unit ?? .number
        var cell = TableCell(t)
        (cell.value, cell.unit) = (value, unit)
        return cell
      }
    }
    self.init(
      title: try c.decode(String.self, forKey: .title), columns: try c.decode([String].self, forKey: .columns),
      numeric: try c.decode([Bool].self, forKey: .numeric), cells: cells,
      fit: TableFit(
        identifiers: try c.decodeIfPresent([Int].self, forKey: .identifiers),
        hideOrder: try c.decodeIfPresent([Int].self, forKey: .hideOrder),
        recordsAsColumns: try c.decodeIfPresent(Bool.self, forKey: .recordsAsColumns) ?? false))
  }
}
