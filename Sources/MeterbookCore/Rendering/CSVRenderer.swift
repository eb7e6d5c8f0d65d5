/// Renders a report's tables (and key figures) as CSV, for spreadsheets.
public enum CSVRenderer {
  public static func render(_ r: Report) -> String {
    var out: [String] = []
    for block in r.blocks {
      switch block {
      case .table(let t):
        out.append(t.columns.map(field).joined(separator: ","))
        out += t.rows.map { $0.map(field).joined(separator: ",") }
      case .keyFigures(let f):
        out.append("figure,value")
        out += f.map { field($0.label) + "," + field($0.value) }
      case .bars(let b):
        out.append("label,value")
        out += b.items.map { field($0.label) + "," + plain($0.value) }
      case .stacked(let c):
        out.append((["category"] + c.series).map(field).joined(separator: ","))
        out += c.categories.indices.map { i in ([field(c.categories[i])] + c.values[i].map { plain($0) }).joined(separator: ",") }
      case .grouped(let c):
        out.append((["category"] + c.series).map(field).joined(separator: ","))
        out += c.categories.indices.map { i in ([field(c.categories[i])] + c.values[i].map { plain($0) }).joined(separator: ",") }
      case .histogram(let h):
        let e = Charts.Histogram.edges(h.values, bins: h.bins)
        out.append("from,to,count")
        out += zip(e.indices.dropLast(), Charts.Histogram.counts(h.values, edges: e)).map { "\(plain(e[$0])),\(plain(e[$0 + 1])),\($1)" }
      case .line(let l):
        out.append((["x"] + l.series.map(\.name)).map(field).joined(separator: ","))
        out += l.labels.indices.map { i in ([field(l.labels[i])] + l.series.map { $0.values[i].map(plain) ?? "" }).joined(separator: ",") }
      case .tree(let t):
        out.append("path,value")
        func walk(_ nodes: [TreeChart.Node], _ path: String) {
          for n in nodes {
            let p = path.isEmpty ? n.label : path + "/" + n.label
            out.append(field(p) + "," + plain(n.value))
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

  static func plain(_ v: Double) -> String { Format.fixed(v, places: 6).replacingOccurrences(of: ",", with: "") }

  static func field(_ s: String) -> String {
    String(decoding: CSVWriter.field(s), as: UTF8.self)
  }
}
