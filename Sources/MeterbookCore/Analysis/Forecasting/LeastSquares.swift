/// An ordinary least-squares fit by the normal equations, for the forecast's small designs.
///
/// The designs have at most nine columns (intercept, day index, six weekday dummies, a level step),
/// so forming `XᵀX` and solving it by Gaussian elimination with partial pivoting is accurate enough
/// and keeps the package free of a linear-algebra dependency. `XᵀX` is kept because the variance of
/// a prediction needs it (`leverage(_:)`).
struct LeastSquares: Sendable, Equatable {
  /// The fitted coefficients, one per design column.
  var coefficients: [Double]
  /// `XᵀX` of the design.
  var gram: [[Double]]
  /// Sum of squared residuals.
  var sse: Double
  /// Number of rows fitted.
  var count: Int

  /// Fits `y` on the design `rows` (one row per observation, all of the same width); `nil` when the
  /// design is singular or empty.
  init?(rows: [[Double]], y: [Double]) {
    guard let width = rows.first?.count, width > 0, rows.count == y.count else { return nil }
    var gram = [[Double]](repeating: [Double](repeating: 0, count: width), count: width)
    var moment = [Double](repeating: 0, count: width)
    for (row, value) in zip(rows, y) {
      for i in 0..<width {
        moment[i] += row[i] * value
        for j in 0..<width { gram[i][j] += row[i] * row[j] }
      }
    }
    guard let beta = LeastSquares.solve(gram, moment) else { return nil }
    var sse = 0.0
    for (row, value) in zip(rows, y) {
      let e = value - LeastSquares.dot(row, beta)
      sse += e * e
    }
    self.coefficients = beta
    self.gram = gram
    self.sse = sse
    self.count = y.count
  }

  /// Residual degrees of freedom, `n − p` (0 when the fit is exact by construction).
  var degreesOfFreedom: Int { max(0, count - coefficients.count) }

  /// The unbiased residual variance `SSE / (n − p)`; 0 without residual degrees of freedom.
  var residualVariance: Double { degreesOfFreedom > 0 ? sse / Double(degreesOfFreedom) : 0 }

  /// The fitted value of a design row.
  func predict(_ row: [Double]) -> Double { LeastSquares.dot(row, coefficients) }

  /// `xᵀ(XᵀX)⁻¹x`: how much the coefficients' uncertainty adds to a prediction at `row`, in units of
  /// the residual variance.
  func leverage(_ row: [Double]) -> Double {
    guard let solved = LeastSquares.solve(gram, row) else { return 0 }
    return max(0, LeastSquares.dot(row, solved))
  }

  /// `Σ aᵢ·bᵢ` over the common length.
  static func dot(_ a: [Double], _ b: [Double]) -> Double {
    var s = 0.0
    for (x, y) in zip(a, b) { s += x * y }
    return s
  }

  /// Solves `a·x = b` by Gaussian elimination with partial pivoting; `nil` when `a` is singular.
  static func solve(_ a: [[Double]], _ b: [Double]) -> [Double]? {
    var m = a
    var v = b
    let n = v.count
    let scale = a.reduce(0.0) { max($0, $1.reduce(0.0) { max($0, abs($1)) }) }
    guard n > 0, scale > 0 else { return nil }
    for col in 0..<n {
      guard let p = (col..<n).max(by: { abs(m[$0][col]) < abs(m[$1][col]) }), abs(m[p][col]) > 1e-12 * scale
      else { return nil }
      m.swapAt(col, p)
      v.swapAt(col, p)
      for r in 0..<n where r != col {
        let f = m[r][col] / m[col][col]
        if f == 0 { continue }
        for c in col..<n { m[r][c] -= f * m[col][c] }
        v[r] -= f * v[col]
      }
    }
    let x = (0..<n).map { v[$0] / m[$0][$0] }
    return x.allSatisfy(\.isFinite) ? x : nil
  }
}
