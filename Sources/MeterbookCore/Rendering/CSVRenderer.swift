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
        out += b.items.map { field($0.label) + "," + Format.fixed($0.value, places: 6).replacingOccurrences(of: ",", with: "") }
      case .note, .markdown: continue
      }
      out.append("")
    }
    return out.joined(separator: "\n").trimmingCharacters(in: .newlines)
  }

  static func field(_ s: String) -> String {
    String(decoding: CSVWriter.field(s), as: UTF8.self)
  }
}
