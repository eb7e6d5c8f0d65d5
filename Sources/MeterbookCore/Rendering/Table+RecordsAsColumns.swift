extension Table {
  /// The table turned on its side: one column per record, headed by its first cell (a plan's
  /// name), and one row per figure, labelled by its header.
  ///
  /// Plans compared on eight figures read side by side at 80 columns this way, where one row
  /// per plan would hide figures. The figure labels identify the rows; no figure is hidden
  /// before the labels wrap.
  public var recordsAsColumns: Table {
    guard let name = columns.first else { return self }
    let records = cells.map { $0.first ?? TableCell("") }
    let figures = columns.indices.dropFirst().map { c in
      [TableCell(columns[c])] + cells.map { c < $0.count ? $0[c] : TableCell("") }
    }
    return Table(
      title: title, columns: [name] + records.map(\.text), numeric: [false] + records.map { _ in true },
      cells: figures, fit: TableFit(identifiers: [0], hideOrder: []))
  }
}
