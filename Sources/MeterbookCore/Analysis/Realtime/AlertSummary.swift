/// One line per budget or rule: how many events, the first and last, and the worst.
public struct AlertSummary: Sendable, Hashable {
  /// The rule's name, or `budget NAME`.
  public var name: String
  /// Events found (before the per-rule limit).
  public var count: Int
  /// Events listed (after the limit).
  public var listed: Int
  /// The earliest and latest event times.
  public var first: String?
  public var last: String?
  /// The event with the largest value against its threshold (ties: the larger value, then the earlier).
  public var worst: AlertEvent?

  init(name: String, events: [AlertEvent], listed: Int) {
    self.name = name
    count = events.count
    self.listed = listed
    first = events.map(\.time).min()
    last = events.map(\.time).max()
    worst = events.max {
      let ratio = { (e: AlertEvent) in e.threshold > 0 ? e.value / e.threshold : e.value }
      return (ratio($0), $0.value, $1.time, $1.scope) < (ratio($1), $1.value, $0.time, $0.scope)
    }
  }

  /// `customer-over-revenue: 143 events (100 listed), 2026-03-02T10:12:00Z … 2026-03-29T16:40:11Z; worst customer cust_0129 524.0% (threshold 30.0%)`.
  public var line: String {
    guard let worst, let first, let last else { return "\(name): no events" }
    let listing = listed < count ? " (\(Format.integer(listed)) listed)" : ""
    let span = first == last ? first : "\(first) … \(last)"
    return
      "\(name): \(Format.integer(count)) event\(count == 1 ? "" : "s")\(listing), \(span); worst \(worst.scope) \(AlertEvent.format(worst.value, unit: worst.unit))\(worst.unit == "calls" ? " calls" : "") (threshold \(AlertEvent.format(worst.threshold, unit: worst.unit)))"
  }
}

/// The alert events of a run and a summary per budget and rule.
public struct AlertEvaluation: Sendable, Hashable {
  /// Events in time order (ties by rule, then scope).
  public var events: [AlertEvent]
  /// Budgets first (workbook order), then rules (workbook order).
  public var summaries: [AlertSummary]
}

extension AlertEvaluation {
  /// The events as a report: a summary row per budget and rule with events, then the events.
  ///
  /// Every value and threshold shows its unit in its text (`$40.00`, `31.2%`, `1,204 calls`);
  /// the `unit` column (`usd`, `calls`, `pct` for fractions shown as percentages) is for
  /// scripts and is the first to hide on a narrow terminal, while the worst value and its
  /// threshold are never hidden.
  public func report(title: String) -> Report {
    let unit = { (u: String) in u == "fraction" ? "pct" : u }
    return Report(
      title: title,
      blocks: [
        .table(
          Table(
            title: "Per budget and rule",
            columns: ["rule", "events", "listed", "first", "last", "worst scope", "worst", "threshold", "unit"],
            numeric: [false, true, true, false, false, false, true, true, false],
            cells: summaries.filter { $0.count > 0 }.map { s in
              [
                TableCell(s.name), .count(s.count), .count(s.listed), TableCell(s.first ?? ""), TableCell(s.last ?? ""),
                TableCell(s.worst?.scope ?? ""), s.worst.map { Self.cell($0.value, unit: $0.unit) } ?? TableCell(""),
                s.worst.map { Self.cell($0.threshold, unit: $0.unit) } ?? TableCell(""),
                TableCell(unit(s.worst?.unit ?? "")),
              ]
            }, fit: TableFit(identifiers: [0], hideOrder: [8, 2, 4, 3, 5, 1]))),
        .table(
          Table(
            title: "Events (when each condition first held)",
            columns: ["time", "severity", "rule", "scope", "value", "threshold", "unit"],
            numeric: [false, false, false, false, true, true, false],
            cells: events.map {
              [
                TableCell($0.time), TableCell($0.severity), TableCell($0.rule), TableCell($0.scope),
                Self.cell($0.value, unit: $0.unit), Self.cell($0.threshold, unit: $0.unit), TableCell(unit($0.unit)),
              ]
            }, fit: TableFit(identifiers: [0, 2, 3], hideOrder: [6, 1]))),
      ])
  }

  /// A value in its unit, the unit in the text: `$40.00`, `31.2%`, `1,204 calls`.
  static func cell(_ x: Double, unit: String) -> TableCell {
    switch unit {
    case "usd": .money(dollars: x)
    case "fraction": .percent(x)
    case "calls": TableCell(text: Format.fixed(x, places: 0) + " calls", value: x.rounded(), unit: .count)
    default: TableCell(text: AlertEvent.format(x, unit: unit), value: x, unit: .number)
    }
  }
}
