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
  /// Columns of `rows` taken in `order` (the day's time order).
  init(columnsOf rows: [GeneratedCall], order: [Int32]) {
    self.init(dimensions: Dimensions())
    let sorted = rows.withUnsafeBufferPointer { rows in order.map { rows[Int($0)] } }
    sorted.withUnsafeBufferPointer { rows in
      func column<T>(_ field: (GeneratedCall) -> T) -> [T] { rows.map(field) }
      timestamp = column(\.timestamp); model = column(\.model); task = column(\.task)
      inputTokens = column(\.inputTokens); outputTokens = column(\.outputTokens); cachedTokens = column(\.cachedTokens)
      cost = column(\.cost); latencyMs = column(\.latencyMs); quality = column(\.quality); status = column(\.status)
      customer = column(\.customer); organization = column(\.organization); product = column(\.product)
      feature = column(\.feature); tier = column(\.tier); region = column(\.region)
      callID = column(\.callID); traceID = column(\.traceID)
    }
  }
}
