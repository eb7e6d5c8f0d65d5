/// One call as the generator's inner loop produces it: a plain row, appended once per call
/// (one capacity check instead of eighteen), turned into columns when the day is done.
struct GeneratedCall {
  var timestamp: Int64
  var callID: UInt64
  var traceID: UInt64
  var cost: Int64
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

extension Run {
  /// A run with every column sized for `n` calls, every one of which `fill` then writes.
  ///
  /// The columns are plain integers, so they are allocated without zeroing.
  init(dimensions: Dimensions, filledLater n: Int) {
    func column<T: FixedWidthInteger>() -> [T] { [T](unsafeUninitializedCapacity: n) { _, count in count = n } }
    self.init(dimensions: dimensions)
    timestamp = column()
    model = column()
    task = column()
    inputTokens = column()
    outputTokens = column()
    cachedTokens = column()
    cost = column()
    latencyMs = column()
    quality = column()
    status = column()
    customer = column()
    organization = column()
    product = column()
    feature = column()
    tier = column()
    region = column()
    callID = column()
    traceID = column()
  }

  /// Copies `rows` into calls `offset..<offset + rows.count`, column by column.
  mutating func fill(from rows: [GeneratedCall], at offset: Int) {
    rows.withUnsafeBufferPointer { rows in
      @inline(__always)
      func copy<T>(_ column: inout [T], _ field: (GeneratedCall) -> T) {
        column.withUnsafeMutableBufferPointer { out in
          for k in 0..<rows.count { out[offset + k] = field(rows[k]) }
        }
      }
      copy(&timestamp) { $0.timestamp }
      copy(&model) { $0.model }
      copy(&task) { $0.task }
      copy(&inputTokens) { $0.inputTokens }
      copy(&outputTokens) { $0.outputTokens }
      copy(&cachedTokens) { $0.cachedTokens }
      copy(&cost) { $0.cost }
      copy(&latencyMs) { $0.latencyMs }
      copy(&quality) { $0.quality }
      copy(&status) { $0.status }
      copy(&customer) { $0.customer }
      copy(&organization) { $0.organization }
      copy(&product) { $0.product }
      copy(&feature) { $0.feature }
      copy(&tier) { $0.tier }
      copy(&region) { $0.region }
      copy(&callID) { $0.callID }
      copy(&traceID) { $0.traceID }
    }
  }
}
