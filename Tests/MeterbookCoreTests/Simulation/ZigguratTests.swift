import Foundation
import Testing

@testable import MeterbookCore

/// The ziggurat sampler draws exactly standard normal values: its tables tile the density and
/// its draws match the normal's moments, quantiles and tail mass.
struct ZigguratTests {
  /// Φ(x), the standard normal distribution function.
  func phi(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

  func draws(_ n: Int, seed: UInt64 = 2026) -> [Double] {
    var rng = SplitMix64(seed: seed)
    return (0..<n).map { _ in rng.normal() }
  }

  @Test func theLayersTileTheDensityWithEqualAreas() {
    let z = Ziggurat.shared
    #expect(z.edge(1) == Ziggurat.r)
    #expect(z.edge(Ziggurat.layers) == 0)
    // The top layer, between the last edge and the peak, has the same area v as every other.
    let top = z.edge(Ziggurat.layers - 1)
    let area = top * (1 - exp(-0.5 * top * top))
    #expect(abs(area - Ziggurat.v) / Ziggurat.v < 1e-6, "top layer area \(area)")
    // The base layer: the rectangle up to r plus the tail beyond it.
    let base =
      Ziggurat.r * exp(-0.5 * Ziggurat.r * Ziggurat.r) + (Double.pi / 2).squareRoot()
      * erfc(Ziggurat.r / 2.0.squareRoot())
    #expect(abs(base - Ziggurat.v) / Ziggurat.v < 1e-8, "base layer area \(base)")
  }

  @Test func drawsHaveTheNormalMoments() {
    let n = 2_000_000
    let z = draws(n)
    let mean = z.reduce(0, +) / Double(n)
    let variance = z.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
    let skew = z.reduce(0) { $0 + pow($1 - mean, 3) } / Double(n)
    let kurtosis = z.reduce(0) { $0 + pow($1 - mean, 4) } / Double(n)
    // Five standard errors of each estimate.
    #expect(abs(mean) < 5 / Double(n).squareRoot(), "mean \(mean)")
    #expect(abs(variance - 1) < 5 * (2 / Double(n)).squareRoot(), "variance \(variance)")
    #expect(abs(skew) < 5 * (15 / Double(n)).squareRoot(), "skewness \(skew)")
    #expect(abs(kurtosis - 3) < 5 * (96 / Double(n)).squareRoot(), "kurtosis \(kurtosis)")
  }

  @Test func drawsMatchTheNormalQuantilesAndTail() {
    let n = 2_000_000
    let z = draws(n, seed: 99)
    for q in [-4, -3, -2, -1.5, -1, -0.5, -0.1, 0, 0.1, 0.5, 1, 1.5, 2, 3, 4] {
      let p = phi(q)
      let observed = Double(z.filter { $0 <= q }.count) / Double(n)
      let tolerance = 5 * (p * (1 - p) / Double(n)).squareRoot() + 1e-7
      #expect(abs(observed - p) < tolerance, "P(Z ≤ \(q)) = \(observed), expected \(p)")
    }
    // The tail beyond r comes from its own sampler: its mass and its shape beyond r.
    let beyondR = Double(z.filter { abs($0) > Ziggurat.r }.count)
    let expected = Double(n) * erfc(Ziggurat.r / 2.0.squareRoot())
    #expect(abs(beyondR - expected) < 5 * expected.squareRoot(), "\(beyondR) draws beyond r, expected \(expected)")
    let beyond4 = Double(z.filter { abs($0) > 4.2 }.count)
    let expected4 = Double(n) * erfc(4.2 / 2.0.squareRoot())
    #expect(abs(beyond4 - expected4) < 5 * expected4.squareRoot(), "\(beyond4) beyond 4.2, expected \(expected4)")
  }

  @Test func drawsPassKolmogorovSmirnov() {
    let n = 200_000
    let z = draws(n, seed: 5).sorted()
    var d = 0.0
    for (i, x) in z.enumerated() {
      let f = phi(x)
      d = max(d, abs(f - Double(i) / Double(n)), abs(f - Double(i + 1) / Double(n)))
    }
    // The 1% critical value of the KS statistic is 1.63/√n.
    #expect(d < 1.63 / Double(n).squareRoot(), "KS distance \(d)")
  }
}
