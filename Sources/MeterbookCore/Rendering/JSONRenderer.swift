import Foundation

/// Renders cell outputs as JSON (sorted keys, stable bytes) for other tools.
public enum JSONRenderer {
  struct Document: Encodable {
    struct Entry: Encodable {
      var id: String
      var report: Report
    }
    var cells: [Entry]
  }

  public static func render(_ outputs: [CellOutput]) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let doc = Document(cells: outputs.map { .init(id: $0.cell.id, report: $0.report) })
    return (try? encoder.encode(doc)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
  }
}
