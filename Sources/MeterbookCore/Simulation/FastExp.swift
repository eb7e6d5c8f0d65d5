import Foundation

/// `e^x` for the generator's inner loop, about three times cheaper than the C library's `exp`
/// and as accurate for the simulator's purposes (relative error below 1e-15, see `FastExpTests`).
///
/// Every call draws three log-normal quantities (input tokens, output tokens, latency), so `exp`
/// was a large share of a call's cost. The method is the classic table-driven one (Tang 1989):
/// write `x = (256·k + j)·ln2/256 + r` with `|r| ≤ ln2/512`, then
/// `e^x = 2^k · 2^(j/256) · e^r`, where `2^(j/256)` comes from a 256-entry table built once
/// (2 KB, from `exp2`) and `e^r` is its degree-4 Taylor polynomial (truncation error below
/// 4e-17 on that interval), evaluated in Estrin's form so its dependency chain is short.
/// `2^k · 2^(j/256)` is made by adding `k` to the exponent field of the table's entry: scaling
/// by a power of two is exact in the normal range, so `(2^k · t) · p` rounds to the same bits as
/// `2^k · (t · p)`, one multiplication fewer.
/// `ln2/256` is split in a short high part and a low part (Cody & Waite), so
/// `x − n·ln2/256` is exact for every `n` this range can produce.
/// Outside `|x| < 708` (results near overflow or subnormal, and NaN) it defers to `Foundation.exp`.
struct FastExp: @unchecked Sendable {
  /// The one table, built on first use and never freed (it lives as long as the process).
  static let shared = FastExp()

  /// The bits of `2^(j/256)` for `j` in `0..<256`.
  ///
  /// Immutable once built, which is what makes the unchecked `Sendable` true.
  private let powers: UnsafeMutablePointer<UInt64>

  private init() {
    powers = .allocate(capacity: 256)
    for j in 0..<256 { powers[j] = exp2(Double(j) / 256).bitPattern }
  }

  /// 256 / ln 2.
  private static let scale = 0x1.7154_7652_b82f_ep+8
  /// ln2/256, high part: 29 significant bits, so `n · ln2High` is exact for `|n| < 2^24`.
  private static let ln2High = 0x1.62e4_2ffp-9
  /// ln2/256 − `ln2High`.
  private static let ln2Low = -0x1.7184_32a1_b0e2_6p-43
  /// Adding then subtracting 1.5·2^52 rounds a double of magnitude below 2^51 to an integer
  /// (to nearest, even on ties) without calling the C library's `round`.
  private static let rounder = 0x1.8p52
  private static let rounderBits = Int64(bitPattern: rounder.bitPattern)

  @inline(__always)
  func callAsFunction(_ x: Double) -> Double {
    guard abs(x) < 708 else { return Foundation.exp(x) }
    let shifted = x * Self.scale + Self.rounder
    let n = shifted - Self.rounder
    // `shifted` is 1.5·2^52 + n exactly, so its bit pattern minus that of 1.5·2^52 is n, with
    // no checked conversion; |x| < 708 bounds |n| below 2^18.
    let i = Int(Int64(bitPattern: shifted.bitPattern) &- Self.rounderBits)
    let r = (x - n * Self.ln2High) - n * Self.ln2Low
    let r2 = r * r
    let p = (1 + r) + r2 * ((0.5 + r * (1.0 / 6)) + r2 * (1.0 / 24))
    // |x| < 708 keeps k = i >> 8 in −1022...1021, so 2^k · 2^(j/256) (an exponent of 1023 + k
    // in the table entry's field, which holds 1023) is a normal double.
    return Double(bitPattern: powers[i & 255] &+ UInt64(bitPattern: Int64(i >> 8) << 52)) * p
  }
}
