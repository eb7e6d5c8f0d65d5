import Foundation

/// Sums of the logarithms of successful calls' token counts and of their squares, in fixed
/// point, for a log-normal fit (calibration's token distributions) that any grouping or
/// order of the calls gives to the last bit.
///
/// Each log is rounded to 2⁻³² once; the sums are then integers, so the parts of a streamed
/// file add up to exactly what one pass over the calls gives (a sum of `Double`s depends on
/// the order it is taken in).
public struct TokenLogSums: Sendable, Hashable {
  public var calls: Int64 = 0
  public var logInput = Int128(0)
  public var logInputSquared = Int128(0)
  public var logOutput = Int128(0)
  public var logOutputSquared = Int128(0)
  public var input: Int64 = 0
  public var cached: Int64 = 0

  public init() {}

  /// 2³²: a log's fixed-point unit.
  static let scale = 4_294_967_296.0

  /// `log(max(1, tokens))` in units of 2⁻³² (at most 22.2 · 2³², far inside `Int64`); counts
  /// under 65,536 (nearly all) are looked up instead of computed.
  @inline(__always)
  static func fixedLog(_ tokens: UInt32) -> Int64 {
    tokens < 65_536 ? smallLogs[Int(tokens)] : computedLog(tokens)
  }

  /// The fixed-point log of `tokens`, computed.
  static func computedLog(_ tokens: UInt32) -> Int64 { Int64((log(Double(max(1, tokens))) * scale).rounded()) }

  /// `computedLog` of 0 ..< 65,536 (512 KB, built on first use).
  static let smallLogs: [Int64] = (0..<65_536).map { computedLog(UInt32($0)) }

  /// Adds one successful call.
  @inline(__always)
  public mutating func add(input: UInt32, output: UInt32, cached: UInt32) {
    let (i, o) = (Self.fixedLog(input), Self.fixedLog(output))
    calls += 1
    logInput += Int128(i)
    logInputSquared += Int128(i) * Int128(i)
    logOutput += Int128(o)
    logOutputSquared += Int128(o) * Int128(o)
    self.input += Int64(input)
    self.cached += Int64(cached)
  }

  public static func += (a: inout TokenLogSums, b: TokenLogSums) {
    a.calls += b.calls
    a.logInput += b.logInput
    a.logInputSquared += b.logInputSquared
    a.logOutput += b.logOutput
    a.logOutputSquared += b.logOutputSquared
    a.input += b.input
    a.cached += b.cached
  }

  /// The mean and sample standard deviation of the logs whose fixed-point sum and sum of
  /// squares are `sum` and `squares`.
  func meanAndDeviation(sum: Int128, squares: Int128) -> (mean: Double, sd: Double) {
    let n = Double(calls)
    let mean = Double(sum) / Self.scale / n
    let spread = (Double(squares) - Double(sum) * Double(sum) / n) / (Self.scale * Self.scale)
    return (mean, calls > 1 ? (max(0, spread) / (n - 1)).squareRoot() : 0)
  }
}
