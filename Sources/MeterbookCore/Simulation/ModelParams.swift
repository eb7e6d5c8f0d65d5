/// A model's numbers flattened into plain values for the generator's inner loop, so
/// generating a call touches no strings, arrays or reference counts (which two threads
/// would otherwise contend on).
struct ModelParams: Sendable {
  var price: ModelPrice.Flat
  var contextWindow: Int
  var hasCache: Bool
  var ttft: Double
  var msPerToken: Double
  var spread: Double
  var errorRate: Double
  var timeoutRate: Double
  var quality: (Double, Double, Double, Double, Double, Double)

  init(_ m: ModelSpec) {
    price = m.price.flat
    contextWindow = m.contextWindow
    hasCache = m.price.cachedInput != nil
    ttft = m.latency.timeToFirstTokenMs
    msPerToken = m.latency.msPerOutputToken
    spread = m.latency.spread
    errorRate = m.errorRate
    timeoutRate = m.timeoutRate
    let q = m.quality
    quality = (q[0], q[1], q[2], q[3], q[4], q[5])
  }

  @inline(__always)
  func quality(_ task: Int) -> Double {
    switch task {
    case 0: quality.0
    case 1: quality.1
    case 2: quality.2
    case 3: quality.3
    case 4: quality.4
    default: quality.5
    }
  }
}
