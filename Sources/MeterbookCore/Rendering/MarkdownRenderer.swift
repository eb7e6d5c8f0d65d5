/// Renders reports as GitHub-flavored markdown: headings, a summary list, pipe tables, and
/// charts as fenced text plus a mermaid `xychart-beta` block that GitHub and GitLab draw.
public struct MarkdownRenderer {
  public var width: Int
  public init(width: Int = 80) { self.width = width }

  public func render(_ r: Report) -> String {
    var out: [String] = ["## \(r.title)", ""]
    let summary = [("Domain", r.domain), ("Problem", r.problem), ("Impact", r.impact),
                   ("Recommendation", r.recommendation), ("Projected outcome", r.outcome)].filter { !$0.1.isEmpty }
    if !summary.isEmpty {
      out.append(contentsOf: summary.map { "- **\($0.0):** \(escape($0.1))" })
      out.append("")
    }
    for block in r.blocks {
      switch block {
      case .keyFigures(let f):
        out.append("| " + f.map { escape($0.label) }.joined(separator: " | ") + " |")
        out.append("|" + f.map { _ in "---:" }.joined(separator: "|") + "|")
        out.append("| " + f.map { escape($0.value) }.joined(separator: " | ") + " |")
      case .table(let t):
        if !t.title.isEmpty { out.append("**\(escape(t.title))**"); out.append("") }
        out.append("| " + t.columns.map(escape).joined(separator: " | ") + " |")
        out.append("|" + t.numeric.map { $0 ? "---:" : "---" }.joined(separator: "|") + "|")
        out.append(contentsOf: t.rows.map { "| " + $0.map(escape).joined(separator: " | ") + " |" })
      case .bars(let b):
        out.append("**\(escape(b.title))**")
        out.append("")
        out.append("```text")
        out.append(contentsOf: Charts.HorizontalBars.render(b, width: width))
        out.append("```")
        if !b.items.isEmpty {
          out.append("")
          out.append("```mermaid")
          out.append("xychart-beta horizontal")
          out.append("  title \"\(b.title.replacingOccurrences(of: "\"", with: "'"))\"")
          out.append("  x-axis [" + b.items.map { "\"\($0.label.replacingOccurrences(of: "\"", with: "'"))\"" }.joined(separator: ", ") + "]")
          out.append("  bar [" + b.items.map { Format.fixed($0.value, places: 4).replacingOccurrences(of: ",", with: "") }.joined(separator: ", ") + "]")
          out.append("```")
        }
      case .note(let n): out.append("> \(escape(n))")
      case .markdown(let m): out.append(m)
      }
      out.append("")
    }
    return out.joined(separator: "\n")
  }

  private func escape(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }
}
