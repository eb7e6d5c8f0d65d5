import Foundation

/// Renders cell outputs as JSON (stable key order) for other tools.
public enum JSONRenderer {
  public static func render(_ outputs: [CellOutput]) -> String {
    let cells: [[String: Any]] = outputs.map { o in
      var blocks: [[String: Any]] = []
      for b in o.report.blocks {
        switch b {
        case .keyFigures(let f): blocks.append(["keyFigures": f.map { ["label": $0.label, "value": $0.value, "raw": $0.raw] }])
        case .table(let t): blocks.append(["table": ["title": t.title, "columns": t.columns, "rows": t.rows]])
        case .bars(let c): blocks.append(["bars": ["title": c.title, "items": c.items.map { ["label": $0.label, "value": $0.value, "display": $0.display] }]])
        case .note(let n): blocks.append(["note": n])
        case .markdown(let m): blocks.append(["markdown": m])
        }
      }
      let r = o.report
      return ["id": o.cell.id, "title": r.title, "domain": r.domain, "problem": r.problem, "impact": r.impact,
              "recommendation": r.recommendation, "outcome": r.outcome, "blocks": blocks]
    }
    let data = (try? JSONSerialization.data(withJSONObject: ["cells": cells], options: [.prettyPrinted, .sortedKeys])) ?? Data()
    return String(decoding: data, as: UTF8.self)
  }
}
