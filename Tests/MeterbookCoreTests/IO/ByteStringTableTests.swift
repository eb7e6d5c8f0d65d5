import Testing

@testable import MeterbookCore

/// Names found by their bytes: every length, neighbours that differ in one byte past a word.
struct ByteStringTableTests {
  /// Names of 0 to 40 bytes, each also with its last byte changed, so lengths and contents that
  /// differ only after the first eight-byte word are told apart.
  static let names: [[UInt8]] = (0...40).flatMap { n -> [[UInt8]] in
    let name = (0..<n).map { UInt8(97 + $0 % 26) }
    guard n > 0 else { return [name] }
    var twin = name
    twin[n - 1] = 90
    return [name, twin]
  }

  func lookUp(_ table: ByteStringTable, _ name: [UInt8]) -> Int? {
    name.withUnsafeBufferPointer { table.value(of: $0, hash: ByteStringTable.hash($0)) }
  }

  @Test func everyNameFindsItsOwnValueAndOnlyInsertedNamesAreFound() {
    var table = ByteStringTable()
    // Every other name goes in (values 1000 + its position), so half are absent lookalikes.
    for (k, name) in Self.names.enumerated() where k % 2 == 0 {
      name.withUnsafeBufferPointer { table.insert($0, hash: ByteStringTable.hash($0), value: 1000 + k) }
    }
    #expect(table.count == 41)
    for (k, name) in Self.names.enumerated() {
      #expect(lookUp(table, name) == (k % 2 == 0 ? 1000 + k : nil), "name of \(name.count) bytes")
    }
  }

  @Test func growingPastManyBucketsKeepsEveryValue() {
    var table = ByteStringTable()
    let names = (0..<5000).map { Array("cust_\($0)".utf8) }
    for (k, name) in names.enumerated() {
      name.withUnsafeBufferPointer { table.insert($0, hash: ByteStringTable.hash($0), value: k) }
    }
    #expect(names.indices.allSatisfy { lookUp(table, names[$0]) == $0 })
    #expect(lookUp(table, Array("cust_5000".utf8)) == nil)
  }
}
