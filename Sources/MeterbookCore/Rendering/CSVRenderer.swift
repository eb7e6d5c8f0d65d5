/// Renders a report's tables, key figures and chart data as CSV, for spreadsheets and
/// scripts: numbers are plain (`1372.59`, `63430`, `12.5`; see `ScriptNumber`), never the
/// formatted text, and headers are the script keys that name the unit (`revenue_usd`,
/// `share_pct`).
///
/// Blocks are separated by an empty line.
public enum CSVRenderer {
  public static func render(_ r: Report) -> String {
    var out: [String] = []
    for block in r.blocks {
      switch block {
      case .table(let t):
        let numbers = t.scriptNumeric
        out.append(t.scriptKeys.map(field).joined(separator: ","))
        out += t.cells.map { row in
          row.indices.map { c in
            c < numbers.count && numbers[c] ? ScriptNumber.text(row[c].value ?? .nan) : field(row[c].text)
          }.joined(separator: ",")
        }
      case .keyFigures(let f):
        // One row: a script reads a figure by its column, like any other table.
        let columns = f.flatMap(\.scriptColumns)
        out.append(ScriptKey.unique(columns.map(\.key)).map(field).joined(separator: ","))
        out.append(columns.map { ScriptNumber.text($0.value) }.joined(separator: ","))
      case .bars(let b) where b.items.contains { $0.whisker != nil }:
        out.append("label,value,low,high")
        out += b.items.map { item in
          ([field(item.label), ScriptNumber.text(item.value)]
            + [item.whisker?.low, item.whisker?.high].map { $0.map(ScriptNumber.text) ?? "" }).joined(separator: ",")
        }
      case .bars(let b):
        out.append("label,value")
        out += b.items.map { field($0.label) + "," + ScriptNumber.text($0.value) }
      case .stacked(let c), .grouped(let c):
        out.append((["category"] + c.series).map(field).joined(separator: ","))
        out += c.categories.indices.map { i in
          ([field(c.categories[i])] + c.values[i].map { number($0, c.unit) }).joined(separator: ",")
        }
      case .histogram(let h):
        let e = Charts.Histogram.edges(h.values, bins: h.bins)
        out.append(
          [
            ScriptKey.make("from", unit: unit(h.unit), fallback: "from"),
            ScriptKey.make("to", unit: unit(h.unit), fallback: "to"), "count",
          ].joined(separator: ","))
        out += zip(e.indices.dropLast(), Charts.Histogram.counts(h.values, edges: e)).map {
          "\(number(e[$0], h.unit)),\(number(e[$0 + 1], h.unit)),\($1)"
        }
      case .line(let l):
        out.append((["x"] + l.series.map(\.name)).map(field).joined(separator: ","))
        out += l.labels.indices.map { i in
          ([field(l.labels[i])] + l.series.map { $0.values[i].map { number($0, l.unit) } ?? "" }).joined(separator: ",")
        }
      case .tree(let t):
        out.append("path," + ScriptKey.make("value", unit: unit(t.unit), fallback: "value"))
        func walk(_ nodes: [TreeChart.Node], _ path: String) {
          for n in nodes {
            let p = path.isEmpty ? n.label : path + "/" + n.label
            out.append(field(p) + "," + number(n.value, t.unit))
            walk(n.children, p)
          }
        }
        walk(t.roots, "")
      case .heat(let h):
        // A matrix of raw numbers: the corner names both axes, then one row per row value.
        out.append(([h.rowName + " \\ " + h.columnName] + h.columns).map(field).joined(separator: ","))
        out += h.rows.indices.map { i in ([field(h.rows[i])] + h.values[i].map { plain($0) }).joined(separator: ",") }
      case .note, .markdown: continue
      }
      out.append("")
    }
    return out.joined(separator: "\n").trimmingCharacters(in: .newlines)
  }

  /// A chart value as scripts read it (a percent chart's share as percentage points).
  static func number(_ v: Double, _ unit: ValueUnit) -> String {
    ScriptNumber.text(TableCell.value(v, as: unit).value ?? .nan)
  }

  static func unit(_ u: ValueUnit) -> TableCell.Unit? { TableCell.value(1, as: u).unit }

  /// A raw chart value as scripts read it (the name blocks added on other branches use).
  static func plain(_ v: Double) -> String { ScriptNumber.text(v) }

  static func field(_ s: String) -> String {
    String(decoding: CSVWriter.field(s), as: UTF8.self)
  }
}
