/// One cell of a `Table`: the text a person reads and, for a number, the number a script
/// reads.
///
/// Tables used to hold only formatted strings (`$1,372.59`, `63,430`, `12.5%`), so CSV and
/// JSON output carried text a spreadsheet cannot sum. A cell made by `money`, `count`,
/// `percent` or `number` keeps the exact value beside its text; CSV and JSON print the value
/// and name the unit in the column's key (`revenue_usd`, `share_pct`).
public struct TableCell: Sendable, Hashable {
  /// What a number measures; its raw value is the suffix of a column's key for scripts.
  public enum Unit: String, Sendable, Hashable, Codable, CaseIterable {
    /// US dollars (`revenue_usd`).
    case usd
    /// Euros (`revenue_eur`), for plans priced or reports shown in euros.
    case eur
    /// Pounds sterling (`revenue_gbp`).
    case gbp
    /// A whole count, with no suffix (`calls`).
    case count
    /// Percentage points, 12.5 for 12.5% (`share_pct`): the number people read in the text,
    /// so a script and a person quote the same figure.
    case pct
    /// Milliseconds (`latency_p95_ms`).
    case ms
    /// A plain number with no unit (a ratio, a score), with no suffix.
    case number

    /// The suffix of a column key: `_usd`, `_pct`, `_ms`, or nothing.
    public var keySuffix: String {
      switch self {
      case .usd, .eur, .gbp, .pct, .ms: "_" + rawValue
      case .count, .number: ""
      }
    }
  }

  /// The formatted text, as the text and markdown renderers print it.
  public var text: String
  /// The number behind the text, in `unit`; `nil` for text, and for a number that does not
  /// exist (`–` for a share of nothing, `∞`), which CSV leaves empty and JSON writes as null.
  public var value: Double?
  /// The unit of `value`; `nil` exactly when `value` is.
  public var unit: Unit?

  /// A text cell (a name, a label, a combined figure such as `3 (-$95.35)`).
  public init(_ text: String) {
    self.text = text
    self.value = nil
    self.unit = nil
  }

  /// A number with its own text; a value that is not finite keeps only the text.
  public init(text: String, value: Double, unit: Unit) {
    self.text = text
    self.value = value.isFinite ? ScriptNumber.rounded(value) : nil
    self.unit = value.isFinite ? unit : nil
  }

  /// A chart value in its chart unit: dollars, counts, milliseconds; a percent chart's
  /// 0...1 share becomes percentage points like every percent cell.
  public static func value(_ v: Double, as unit: ValueUnit) -> TableCell {
    switch unit {
    case .dollars, .euros, .pounds: TableCell(text: unit.format(v), value: v, unit: unit.currency?.unit ?? .usd)
    case .count: TableCell(text: unit.format(v), value: v.rounded(), unit: .count)
    case .percent: TableCell(text: unit.format(v), value: v * 100, unit: .pct)
    case .milliseconds: TableCell(text: unit.format(v), value: v, unit: .ms)
    case .ratio: TableCell(text: unit.format(v), value: v, unit: .number)
    }
  }

  /// `$1,372.59`, valued in dollars.
  public static func money(_ m: Money) -> TableCell { TableCell(text: Format.money(m), value: m.dollars, unit: .usd) }

  /// An estimate in dollars (a mean, a forecast), printed like money.
  public static func money(dollars: Double) -> TableCell {
    TableCell(text: Format.money(dollars: dollars), value: dollars, unit: .usd)
  }

  /// `63,430`, valued as a count.
  public static func count(_ n: Int) -> TableCell { TableCell(text: Format.integer(n), value: Double(n), unit: .count) }

  /// `12.5%` of a 0...1 share, valued in percentage points (12.5).
  public static func percent(_ share: Double, places: Int = 1) -> TableCell {
    TableCell(text: Format.percent(share, places: places), value: share * 100, unit: .pct)
  }

  /// A plain decimal with `places` digits.
  public static func number(_ x: Double, places: Int) -> TableCell {
    TableCell(text: Format.fixed(x, places: places), value: x, unit: .number)
  }

  /// The cell a legacy table of formatted strings stands for: the number behind any of
  /// `Format`'s forms (see `FormattedNumber`), or text.
  public init(formatted text: String) {
    if let n = FormattedNumber.parse(text) {
      self.init(text: text, value: n.value, unit: n.unit)
    } else {
      self.init(text)
    }
  }
}
