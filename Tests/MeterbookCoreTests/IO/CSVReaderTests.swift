import Foundation
import Testing

@testable import MeterbookCore

/// The reader's split: fields of every length around its eight-byte steps, every line ending,
/// chunks so small that records straddle them.
struct CSVReaderTests {
  /// Rows of fields 0 to 19 bytes long (one holds a quote mid-field, an ordinary byte there),
  /// ended by LF, CR LF or CR in turn, the last row without an ending.
  static let rows: [[String]] = (0..<30).map { r in
    (0..<7).map { f in
      let n = (r * 7 + f) % 20
      let text = String((0..<n).map { Character(UnicodeScalar(UInt8(97 + ($0 + r) % 26))) })
      return f == 3 && n > 2 ? String(text.prefix(1)) + "\"" + String(text.dropFirst(2)) : text
    }
  }

  static var text: String {
    let endings = ["\n", "\r\n", "\r"]
    return rows.enumerated().map { r, fields in
      fields.joined(separator: ",") + (r == rows.count - 1 ? "" : endings[r % 3])
    }.joined()
  }

  @Test(arguments: [1, 7, 64, 4 << 20])
  func fieldsOfEveryLengthSplitAtEveryDelimiterWhateverTheChunkSize(_ chunkSize: Int) throws {
    let scratch = try Scratch()
    let url = scratch.url.appendingPathComponent("rows.csv")
    try Data(Self.text.utf8).write(to: url)
    var read: [[String]] = []
    var rowNumbers: [Int] = []
    let stats = try CSVReader.read(contentsOf: url, chunkSize: chunkSize) { row, fields in
      rowNumbers.append(row)
      read.append(fields.map { String(decoding: $0, as: UTF8.self) })
      return true
    }
    #expect(read == Self.rows)
    #expect(rowNumbers == Array(1...30))
    #expect(stats.rows == 30)
    #expect(stats.sawQuote)
  }

  @Test func aQuotedFieldLongerThanAChunkIsReadWhole() throws {
    let scratch = try Scratch()
    let url = scratch.url.appendingPathComponent("long.csv")
    let content = String(repeating: "ab,\"c\n", count: 50)
    try Data("x,\"\(content.replacingOccurrences(of: "\"", with: "\"\""))\",y\r\nz\n".utf8).write(to: url)
    var read: [[String]] = []
    try CSVReader.read(contentsOf: url, chunkSize: 16) { _, fields in
      read.append(fields.map { String(decoding: $0, as: UTF8.self) })
      return true
    }
    #expect(read == [["x", content, "y"], ["z"]])
  }
}
