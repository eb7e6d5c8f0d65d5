/// The names and units scripts see: a column or figure label becomes a key in snake case
/// with its unit as a suffix (`AI cost` in dollars → `ai_cost_usd`, `margin %` →
/// `margin_pct`, `calls` → `calls`).
///
/// CSV headers and JSON keys are the same keys.
public enum ScriptKey {
  /// `label` in snake case with `unit`'s suffix (not doubled when the label already ends
  /// with it); `fallback` when the label has no letters or digits.
  public static func make(_ label: String, unit: TableCell.Unit?, fallback: String) -> String {
    var base = ""
    for c in label.lowercased() {
      if c.isASCII && (c.isLetter || c.isNumber) {
        base.append(c)
      } else if !base.isEmpty && !base.hasSuffix("_") {
        base.append("_")
      }
    }
    while base.hasSuffix("_") { base.removeLast() }
    if base.isEmpty { base = fallback }
    let suffix = unit?.keySuffix ?? ""
    return base.hasSuffix(suffix) ? base : base + suffix
  }

  /// `keys` made unique in order: a repeated key gets `_2`, `_3`, ...
  public static func unique(_ keys: [String]) -> [String] {
    var seen: [String: Int] = [:]
    return keys.map { k in
      let n = (seen[k] ?? 0) + 1
      seen[k] = n
      return n == 1 ? k : "\(k)_\(n)"
    }
  }
}

extension Table {
  /// Whether a column holds numbers for scripts: some cell of it has a value.
  public var scriptNumeric: [Bool] {
    columns.indices.map { c in cells.contains { c < $0.count && $0[c].value != nil } }
  }

  /// The unit every number of a column shares, or `nil` (a text column, or one whose rows
  /// mix units, like the before/after columns of `diff`, where each row names its figure).
  public var scriptUnits: [TableCell.Unit?] {
    columns.indices.map { c in
      let units = Set(cells.compactMap { c < $0.count ? $0[c].unit : nil })
      return units.count == 1 ? units.first : nil
    }
  }

  /// The CSV header and JSON keys of the columns.
  public var scriptKeys: [String] {
    ScriptKey.unique(
      zip(columns.indices, scriptUnits).map { c, unit in
        ScriptKey.make(columns[c], unit: unit, fallback: "column_\(c + 1)")
      })
  }
}

extension KeyFigure {
  /// The unit the figure's text shows (`$…` dollars, `…%` percentage points, a count).
  public var scriptUnit: TableCell.Unit { FormattedNumber.parse(value)?.unit ?? .number }

  /// The figure in `scriptUnit`: percentage points for a share, otherwise `raw`.
  public var scriptValue: Double { scriptNumber(raw) }

  /// A raw value of this figure (its own, or an end of its band) in `scriptUnit`.
  func scriptNumber(_ x: Double) -> Double { ScriptNumber.rounded(scriptUnit == .pct ? x * 100 : x) }

  /// The script keys and numbers of the figure: its own, then, with a band, its low and high
  /// ends (`ai_cost_usd_p5`, `ai_cost_usd_p95`).
  public var scriptColumns: [(key: String, value: Double)] {
    var out = [(scriptKey, scriptValue)]
    if let s = spread {
      let ends = s.interval.lowercased().split(separator: "–").map(String.init)
      out.append((scriptKey + "_" + (ends.first ?? "low"), scriptNumber(s.low)))
      out.append((scriptKey + "_" + (ends.last ?? "high"), scriptNumber(s.high)))
    }
    return out
  }

  public var scriptKey: String { ScriptKey.make(label, unit: scriptUnit, fallback: "figure") }
}
