import Testing

@testable import MeterbookCore

/// Call and trace ids: 16 lowercase hex digits are their number, anything else a stable hash.
struct CallIDTests {
  func id(_ bytes: [UInt8]) -> UInt64 { bytes.withUnsafeBufferPointer { UsageImporter.id64($0) } }

  /// The reference: one digit at a time, then FNV-1a mixed for anything that is not hex.
  func reference(_ bytes: [UInt8]) -> UInt64 {
    if bytes.count == 16 {
      var v: UInt64 = 0
      var hex = true
      for c in bytes {
        if c >= 48 && c <= 57 {
          v = v << 4 | UInt64(c - 48)
        } else if c >= 97 && c <= 102 {
          v = v << 4 | UInt64(c - 87)
        } else {
          hex = false
        }
      }
      if hex { return v }
    }
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
    return SplitMix64.mix(h)
  }

  @Test(
    arguments: [
      ("0123456789abcdef", 0x0123_4567_89AB_CDEF), ("f73d74b739385880", 0xF73D_74B7_3938_5880),
      ("ffffffffffffffff", UInt64.max), ("0000000000000000", 0),
    ] as [(String, UInt64)])
  func sixteenHexDigitsAreTheirNumber(_ text: String, _ expected: UInt64) {
    #expect(id(Array(text.utf8)) == expected)
  }

  @Test func everyByteAtEveryPositionIsReadAsTheReferenceReadsIt() {
    let base = Array("0123456789abcdef".utf8)
    var mismatches: [String] = []
    for position in 0..<16 {
      for byte in 0...255 {
        var bytes = base
        bytes[position] = UInt8(byte)
        if id(bytes) != reference(bytes) { mismatches.append("byte \(byte) at \(position)") }
      }
    }
    #expect(mismatches.isEmpty)
  }

  @Test func otherLengthsAndUppercaseAreHashedNotRead() {
    for text in ["0123456789ABCDEF", "0123456789abcde", "0123456789abcdef0", "req-42"] {
      #expect(id(Array(text.utf8)) == reference(Array(text.utf8)), "\(text)")
    }
    #expect(id(Array("0123456789ABCDEF".utf8)) != 0x0123_4567_89AB_CDEF)
    #expect(id([]) == 0)
  }
}
