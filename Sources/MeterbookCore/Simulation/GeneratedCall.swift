/// One call as the generator's inner loop produces it: a plain 64-byte row (one cache line).
///
/// It is written into a `CallSink`'s row. Its time is the second of its day; the day's first second is added
/// when the row becomes columns.
struct GeneratedCall {
  var callID: UInt64
  var traceID: UInt64
  var cost: Int64
  /// Second of the day, 0..<86,400.
  var second: UInt32
  var inputTokens: UInt32
  var outputTokens: UInt32
  var cachedTokens: UInt32
  var latencyMs: UInt32
  var customer: UInt32
  var organization: UInt16
  var product: UInt16
  var feature: UInt16
  var quality: UInt16
  var model: UInt16
  var task: UInt8
  var status: UInt8
  var tier: UInt8
  var region: UInt8
}
