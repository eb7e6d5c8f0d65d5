/// A lasting step in the level of daily cost (a cost-optimization date, a migration, a lost customer).
///
/// A step left out of the model is absorbed into the trend: a 40% drop halfway through reads as a
/// steady decline and the forecast keeps falling. With the step in the model, the trend is fitted on
/// both sides of it and the forecast continues at the new level.
///
/// Detection (`search`): for every split day `k` with at least `minimumSegment` days on each side,
/// fit the model with a step from `k` and keep the split with the smallest residual sum of squares.
/// The step counts when its F statistic `(SSE₀ − SSE₁) / (SSE₁ / (n − p − 1))` reaches
/// `criticalStatistic` after discounting it for autocorrelated residuals (`autocorrelationDiscount`),
/// and it moves the level by at least `minimumRelativeChange`.
public struct LevelShift: Sendable, Equatable {
  /// The fewest days on each side of a step.
  public static let minimumSegment = 7
  /// The F statistic a step must reach.
  ///
  /// The largest of many F statistics is large by chance, so the bar is not the usual 3.8 (5%, one
  /// restriction). Andrews' (1993) 1% value for one break is 12.35 when 15% of the days are trimmed
  /// from each end and grows as the trimming narrows (a 7-day minimum on 60-90 days trims 8-12%), and
  /// the autocorrelation discount is approximate, so the bar is 16: on the tests' 45 noisy series
  /// without a step it raises no false step (12 raised 5), and planted 30-50% steps clear it by 25%.
  public static let criticalStatistic = 16.0
  /// The smallest step worth a finding, relative to the level before it.
  public static let minimumRelativeChange = 0.10

  /// The first day at the new level (0 = the series' first day).
  public var index: Int
  /// The calendar date of `index`.
  public var day: CalendarDay
  /// Weekly-average daily cost just before the step, in dollars (trend extended to the step day).
  public var levelBefore: Double
  /// Weekly-average daily cost on the step day, in dollars.
  public var levelAfter: Double
  /// The step's F statistic (see the type's discussion).
  public var statistic: Double

  /// The step in dollars a day.
  public var change: Double { levelAfter - levelBefore }

  /// The step relative to the level before it (−0.4 is a 40% drop); 0 when that level is not positive.
  public var relativeChange: Double { levelBefore > 0 ? levelAfter / levelBefore - 1 : 0 }

  /// The step of a model fitted with one, described in dollars; `nil` for a model without a step.
  init?(model: ForecastModel, statistic: Double) {
    guard let k = model.shiftIndex else { return nil }
    index = k
    day = model.start.adding(days: k)
    levelBefore = model.level(at: k, step: false)
    levelAfter = model.level(at: k)
    self.statistic = statistic
  }

  /// The best single step of `values` in `form` (with a trend), fitted, when it is significant and
  /// large enough.
  ///
  /// - Returns: the model with the step and the step, or `nil` when no step qualifies.
  static func detect(_ values: [Double], start: CalendarDay, form: ForecastModel.Form) -> (ForecastModel, LevelShift)? {
    guard let z = ForecastModel.workingScale(values, form: form),
      let (k, statistic) = search(z, design: ForecastDesign(start: start, trend: true)),
      statistic >= criticalStatistic,
      let model = ForecastModel.fit(values, start: start, form: form, shiftIndex: k),
      let shift = LevelShift(model: model, statistic: statistic),
      abs(shift.relativeChange) >= minimumRelativeChange
    else { return nil }
    return (model, shift)
  }

  /// The split day with the smallest residual sum of squares and its F statistic, on the working
  /// scale `z` with the columns of `design` (which has no step); `nil` when the series is too short or
  /// the model without a step already fits exactly.
  ///
  /// Every split shares the base design, so `XᵀX` and `Xᵀz` are formed once and each split only adds
  /// the step column, whose cross products are suffix sums: O(n·p + n·p³) for all splits together.
  static func search(_ z: [Double], design: ForecastDesign) -> (index: Int, statistic: Double)? {
    let n = z.count
    let p = design.width
    guard n >= max(ForecastModel.minimumDays, 2 * minimumSegment), n > p + 1 else { return nil }
    let mean = z.reduce(0, +) / Double(n)
    let zc = z.map { $0 - mean }
    let rows = design.rows(count: n)
    guard let base = LeastSquares(rows: rows, y: zc) else { return nil }
    let total = zc.reduce(0) { $0 + $1 * $1 }
    guard base.sse > 1e-18 * total, total > 0 else { return nil }
    let moment = (0..<p).map { i in zip(rows, zc).reduce(0) { $0 + $1.0[i] * $1.1 } }
    var suffixRow = [Double](repeating: 0, count: p)
    var suffixZ = 0.0
    var best: (index: Int, sse: Double)?
    for k in stride(from: n - 1, through: minimumSegment, by: -1) {
      for i in 0..<p { suffixRow[i] += rows[k][i] }
      suffixZ += zc[k]
      guard n - k >= minimumSegment else { continue }
      var gram = base.gram.enumerated().map { $0.element + [suffixRow[$0.offset]] }
      gram.append(suffixRow + [Double(n - k)])
      guard let beta = LeastSquares.solve(gram, moment + [suffixZ]) else { continue }
      let sse = total - LeastSquares.dot(beta, moment + [suffixZ])
      if best.map({ sse < $0.sse }) ?? true { best = (k, sse) }
    }
    guard let best else { return nil }
    let stepped = design.stepped(at: best.index).rows(count: n)
    guard let fit = LeastSquares(rows: stepped, y: zc) else { return nil }
    let dof = Double(n - p - 1)
    let improvement = max(0, base.sse - fit.sse)
    guard fit.sse > 1e-18 * total else { return (best.index, 1e12) }
    let residuals = zip(stepped, zc).map { $1 - fit.predict($0) }
    let statistic = improvement / (fit.sse / dof) * autocorrelationDiscount(residuals)
    return (best.index, min(1e12, statistic))
  }

  /// `(1 − ρ) / (1 + ρ)` for the lag-1 autocorrelation `ρ` of `residuals` (clamped to 0...0.9).
  ///
  /// Cost that runs high for a few days in a row makes the mean of a segment vary more than
  /// independent noise would, by about `(1 + ρ) / (1 − ρ)`, and an uncorrected F statistic reads
  /// that as a step; the discount takes it back out.
  static func autocorrelationDiscount(_ residuals: [Double]) -> Double {
    let energy = residuals.reduce(0) { $0 + $1 * $1 }
    guard energy > 0, residuals.count > 2 else { return 1 }
    let lagged = zip(residuals.dropFirst(), residuals).reduce(0) { $0 + $1.0 * $1.1 }
    let rho = min(0.9, max(0, lagged / energy))
    return (1 - rho) / (1 + rho)
  }
}
