import Foundation

/// Standard normal draws by the ziggurat method (Marsaglia & Tsang 2000, in Doornik's 2005
/// formulation with a separate uniform for the layer), from one 64-bit draw in 99% of cases.
///
/// The simulator draws five normals per call; Marsaglia's polar method it replaces cost a
/// logarithm, a square root and a 21% rejection loop per pair. The ziggurat covers the
/// density `e^(−x²/2)` with 256 layers of equal area `v`: the base layer (a rectangle up to
/// `r` plus the tail beyond it) and 255 rectangles stacked above. A draw picks a layer from the
/// low 8 bits and a signed uniform `u` from the top 53 bits (disjoint bits, so the two are
/// independent) and returns `u·x[i]` when that point lies inside the layer's core rectangle.
/// Otherwise (about 1% of draws) it tests the wedge against the density with one more
/// uniform, or samples the tail by Marsaglia's exponential method; both are exact, so the
/// draws are exactly normal up to the 53-bit resolution of `u`. Tested in `ZigguratTests`
/// (moments, quantiles, tail mass, Kolmogorov–Smirnov).
struct Ziggurat: @unchecked Sendable {
  /// The one set of tables, built on first use and never freed (it lives as long as the process).
  static let shared = Ziggurat()

  /// Number of layers.
  static let layers = 256
  /// Where the tail starts: the `r` for which 256 layers of area `v` tile the density.
  static let r = 3.654_152_885_361_008_8
  /// The area of each layer.
  static let v = 0.004_928_673_233_99

  /// Per layer `i` in `0...256`, the pair (`x[i+1]/x[i] · 2^52`, `x[i] · 2^−52`) side by side.
  ///
  /// A draw reads one cache line. `x[i]` is the right edge of layer `i` (`x[0] = v / f(r)` is
  /// the base layer's equivalent width, `x[1] = r`, `x[256] = 0`). The scalings by powers of
  /// two are exact, and they let a draw use its 53-bit integer `j` where it used `u = j · 2^−52`:
  /// `|u| < x[i+1]/x[i]` is `|j| < x[i+1]/x[i] · 2^52`, and `u · x[i]` is `j · (x[i] · 2^−52)`
  /// with the same rounding, one multiplication fewer per normal. Immutable once built, which
  /// is what makes the unchecked `Sendable` true.
  private let table: UnsafeMutablePointer<Double>

  private init() {
    let n = Self.layers
    var x = [Double](repeating: 0, count: n + 1)
    let f = { (x: Double) in exp(-0.5 * x * x) }
    x[0] = Self.v / f(Self.r)
    x[1] = Self.r
    for i in 2..<n { x[i] = (-2 * log(Self.v / x[i - 1] + f(x[i - 1]))).squareRoot() }
    table = .allocate(capacity: 2 * (n + 1))
    for i in 0...n {
      table[2 * i] = i < n ? x[i + 1] / x[i] * 0x1p52 : 0
      table[2 * i + 1] = x[i] * 0x1p-52
    }
  }

  /// The right edge of layer `i`.
  @inline(__always)
  func edge(_ i: Int) -> Double { table[2 * i + 1] * 0x1p52 }

  /// A standard normal draw from `rng`.
  @inline(__always)
  func normal(_ rng: inout SplitMix64) -> Double {
    while true {
      let bits = rng.next()
      let i = Int(bits & 0xFF)
      // The top 53 bits as a signed integer: u = j · 2^−52 is uniform in [−1, 1).
      let j = Double(Int64(bitPattern: bits) >> 11)
      if abs(j) < table[2 * i] { return j * table[2 * i + 1] }
      let (z, after) = edgeCase(layer: i, u: j * 0x1p-52, rng)
      rng = after
      if let z { return z }
    }
  }

  /// The rare draws outside a layer's core rectangle, and the generator after them.
  ///
  /// The tail beyond `r` from the base layer, else the wedge between layers `i` and `i + 1`,
  /// accepted under the density; `nil` means rejected (draw again). The generator goes in and
  /// out by value: passed `inout` to a function that is not inlined, it would live in memory,
  /// and the caller's loop stored and reloaded it around every one of its draws.
  private func edgeCase(layer i: Int, u: Double, _ rng: SplitMix64) -> (Double?, SplitMix64) {
    var rng = rng
    if i == 0 {
      // Marsaglia (1964): x = −ln(U₁)/r, y = −ln(U₂), accepted when 2y > x².
      while true {
        let x = -log(1 - rng.unit()) / Self.r
        let y = -log(1 - rng.unit())
        if 2 * y > x * x { return (u < 0 ? -(Self.r + x) : Self.r + x, rng) }
      }
    }
    let x = u * edge(i)
    // Heights at the layer's bottom and top edges relative to the density at x.
    let bottom = exp(-0.5 * (edge(i) * edge(i) - x * x))
    let top = exp(-0.5 * (edge(i + 1) * edge(i + 1) - x * x))
    return (bottom + rng.unit() * (top - bottom) < 1 ? x : nil, rng)
  }
}

extension SplitMix64 {
  /// A standard normal draw (see `Ziggurat`).
  @inline(__always)
  mutating func normal() -> Double { Ziggurat.shared.normal(&self) }
}
