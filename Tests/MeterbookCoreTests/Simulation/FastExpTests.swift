import Foundation
import Testing

@testable import MeterbookCore

/// The table-driven exp agrees with the C library's to within a few units in the last place
/// everywhere the simulator uses it, and defers to it at the extremes.
struct FastExpTests {
  func relativeError(_ x: Double) -> Double {
    let exact = Foundation.exp(x)
    return abs(FastExp.shared(x) - exact) / exact
  }

  @Test func relativeErrorIsBelow1e15OnADenseGrid() {
    var worst = 0.0
    var worstAt = 0.0
    // Every value the log-normal draws see (|σ·z| up to ~30), densely, and the whole range coarsely.
    for i in -300_000...300_000 {
      let x = Double(i) * 1e-4 + 1e-7 * Double(i % 7)
      if relativeError(x) > worst { (worst, worstAt) = (relativeError(x), x) }
    }
    for i in -70_700...70_700 {
      let x = Double(i) * 0.01 + 0.003
      if relativeError(x) > worst { (worst, worstAt) = (relativeError(x), x) }
    }
    #expect(worst < 1e-15, "worst relative error \(worst) at \(worstAt)")
  }

  @Test func exactPointsAndExtremesMatchTheLibrary() {
    #expect(FastExp.shared(0) == 1)
    #expect(FastExp.shared(1) == Foundation.exp(1) || relativeError(1) < 1e-15)
    for x in [708.5, 709.7, 800, -708.5, -745, -800, Double.infinity, -Double.infinity] {
      #expect(FastExp.shared(x) == Foundation.exp(x), "exp(\(x))")
    }
    #expect(FastExp.shared(.nan).isNaN)
  }
}
