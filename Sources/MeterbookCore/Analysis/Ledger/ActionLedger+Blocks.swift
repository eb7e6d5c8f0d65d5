/// The ledger as report blocks, shared by every report that lists actions, so the same action
/// prints the same dollars in each.
extension ActionLedger {
  /// The ledger's actions ranked by monthly value, with their total.
  public var table: Table {
    let rows: [[TableCell]] = ranked.enumerated().map { n, a in
      [
        .count(n + 1), TableCell(a.title), .money(a.monthlyValue), .money(a.oneOffCost),
        Self.paybackCell(a.paybackMonths), .percent(a.confidence, places: 0),
      ]
    }
    let totalRow: [TableCell] = [
      TableCell(""), TableCell("total (netted)"), .money(total), .money(oneOffCost), Self.paybackCell(paybackMonths),
      TableCell(""),
    ]
    return Table(
      title: "Action ledger (per month, each valued after the actions above it)",
      columns: ["#", "action", "per month", "one-off", "payback (mo)", "confidence"],
      numeric: [true, false, true, true, true, true],
      cells: rows + (actions.isEmpty ? [] : [totalRow]))
  }

  /// What the ledger assumes, in one note.
  public var assumptionsNote: String {
    "Ledger assumptions: one-off migration effort \(Format.money(assumptions.migrationCost)) per model switch "
      + "(workbook `assumptions.migration_cost`); models must keep quality within "
      + "\(Format.fixed(assumptions.qualityTolerance, places: 2)) and meet a p95 of "
      + "\(Format.integer(Int(assumptions.slaP95Ms))) ms; list prices. Commitments are sized on the usage the "
      + "switches leave; repricing on the cost they leave. Per month = per calendar month of the period."
  }

  /// Payback in months to one decimal; "now" with no one-off cost; "never" with no value.
  static func paybackCell(_ months: Double?) -> TableCell {
    guard let months else { return TableCell("never") }
    return months == 0 ? TableCell("now") : .number(months, places: 1)
  }
}
