import Foundation

/// A fitted trend and weekly-season regression of daily cost, with an optional level step.
///
/// Two forms, fitted by least squares on a `ForecastDesign`:
/// - additive, on dollars: `y(t) = a + b·t + s(weekday) + δ·[t ≥ k]`, for series whose weekday swing
///   stays the same size in dollars while the level moves;
/// - multiplicative, on the log of dollars: `log y(t) = a + b·t + s(weekday) + δ·[t ≥ k]`, that is
///   `y = eᵃ · (e^b)ᵗ · eˢ · e^δ`: compounding growth of `e^b − 1` a day, weekday factors, and a step
///   that scales cost by `e^δ`. It needs every day above zero.
///
/// Either may leave out the trend (`b = 0`, a flat level): a trend the data does not support only adds
/// forecast error, and after a ramp (a launch adopted over a week) a trend would keep climbing.
///
/// The "working scale" is dollars for the additive form and log dollars for the multiplicative one;
/// errors, standard errors and the band are computed there, so a multiplicative band is a ratio band.
public struct ForecastModel: Sendable, Equatable {
  /// How trend and season combine.
  public enum Form: String, Sendable, Equatable, CaseIterable {
    /// Season and step in dollars, added to a linear trend.
    case additive
    /// Season and step as factors on a log-linear (compounding) trend.
    case multiplicative
  }

  /// The fewest days a model is fitted on: two of each weekday.
  public static let minimumDays = 14

  public var form: Form
  /// Days fitted.
  public var fittedDays: Int
  /// Weekly-average level at day 0 on the working scale (the intercept with the weekday effects centred).
  public var intercept: Double
  /// Trend per day on the working scale: dollars a day per day, or log growth a day; 0 without a trend.
  public var slope: Double
  /// Weekday effects on the working scale, Monday first, summing to zero.
  public var weekdayEffects: [Double]
  /// The step on the working scale (dollars a day, or a log ratio); 0 without a step.
  public var shiftSize: Double
  /// Residual standard deviation on the working scale.
  public var residualSD: Double
  var design: ForecastDesign
  var fit: LeastSquares

  /// The first day of the data.
  public var start: CalendarDay { design.start }
  /// Whether the model has a trend.
  public var hasTrend: Bool { design.trend }
  /// The first day at the new level, when the model has a step.
  public var shiftIndex: Int? { design.shiftIndex }

  /// Fits `values` (daily dollars from `start`) in `form`, with or without a trend, and with a step
  /// from `shiftIndex` when given.
  ///
  /// - Returns: `nil` with fewer than `minimumDays` days, for the multiplicative form when a day is
  ///   not above zero, or when the design is singular.
  public static func fit(
    _ values: [Double], start: CalendarDay, form: Form, trend: Bool = true, shiftIndex: Int? = nil
  ) -> ForecastModel? {
    guard values.count >= minimumDays, let z = workingScale(values, form: form) else { return nil }
    if let shiftIndex, shiftIndex <= 0 || shiftIndex >= values.count { return nil }
    let design = ForecastDesign(start: start, trend: trend, shiftIndex: shiftIndex)
    guard let fit = LeastSquares(rows: design.rows(count: z.count), y: z) else { return nil }
    let beta = fit.coefficients
    let raw = [0] + beta[design.weekdayColumn..<(design.weekdayColumn + 6)]
    let centre = raw.reduce(0, +) / 7
    return ForecastModel(
      form: form, fittedDays: z.count, intercept: beta[0] + centre, slope: trend ? beta[1] : 0,
      weekdayEffects: raw.map { $0 - centre }, shiftSize: shiftIndex == nil ? 0 : beta[design.stepColumn],
      residualSD: fit.residualVariance.squareRoot(), design: design, fit: fit)
  }

  /// The same specification (form, trend, step day when it falls inside `values`) fitted on `values`,
  /// as the backtest refits a model on the days before each origin.
  func refit(_ values: [Double]) -> ForecastModel? {
    let step = shiftIndex.flatMap { $0 < values.count ? $0 : nil }
    return Self.fit(values, start: start, form: form, trend: hasTrend, shiftIndex: step)
  }

  /// `values` on the working scale of `form`; `nil` when a value is not finite, or for the
  /// multiplicative form not above zero.
  static func workingScale(_ values: [Double], form: Form) -> [Double]? {
    guard values.allSatisfy(\.isFinite) else { return nil }
    switch form {
    case .additive: return values
    case .multiplicative: return values.allSatisfy { $0 > 0 } ? values.map { log($0) } : nil
    }
  }

  /// The model's value of day `t` on the working scale.
  public func center(at t: Int) -> Double { fit.predict(design.row(day: t)) }

  /// The standard error of a new observation on day `t`, on the working scale: residual noise plus
  /// the coefficients' uncertainty, which grows as `t` moves away from the fitted days.
  public func standardError(at t: Int) -> Double {
    (fit.residualVariance * (1 + fit.leverage(design.row(day: t)))).squareRoot()
  }

  /// The model in words, as reports print it.
  public var name: String {
    switch (form, hasTrend) {
    case (.additive, true): "linear trend + weekday effects (additive)"
    case (.additive, false): "flat level + weekday effects (additive)"
    case (.multiplicative, true): "compounding trend × weekday factors (multiplicative)"
    case (.multiplicative, false): "flat level × weekday factors (multiplicative)"
    }
  }

  /// The point forecast of day `t` in dollars: never below zero; for the multiplicative form the mean
  /// of the log-normal, `exp(center + σ²/2)`, so that forecast days add up to an unbiased total.
  public func point(at t: Int) -> Double {
    switch form {
    case .additive: max(0, center(at: t))
    case .multiplicative: Self.dollars(center(at: t) + residualSD * residualSD / 2)
    }
  }

  /// The band `center ± multiplier · standardError` of day `t` in dollars, never below zero.
  public func band(at t: Int, multiplier: Double) -> (lower: Double, upper: Double) {
    let c = center(at: t)
    let w = multiplier * standardError(at: t)
    switch form {
    case .additive: return (max(0, c - w), max(0, c + w))
    case .multiplicative: return (Self.dollars(c - w), Self.dollars(c + w))
    }
  }

  /// The error of `actual` on day `t` on the working scale; `nil` for a multiplicative model and a
  /// day that is not above zero (its log does not exist).
  public func error(actual: Double, at t: Int) -> Double? {
    switch form {
    case .additive: return actual - center(at: t)
    case .multiplicative: return actual > 0 ? log(actual) - center(at: t) : nil
    }
  }

  /// The weekly-average daily cost in dollars on day `t`: trend and step, no weekday effect.
  ///
  /// - Parameter step: whether the step counts (false gives the level the old trend would have had).
  public func level(at t: Int, step: Bool = true) -> Double {
    let base = intercept + slope * Double(t) + (step ? (shiftIndex.map { t >= $0 ? shiftSize : 0 } ?? 0) : 0)
    switch form {
    case .additive: return base
    case .multiplicative:
      let meanFactor = weekdayEffects.reduce(0) { $0 + Self.dollars($1) } / 7
      return Self.dollars(base + residualSD * residualSD / 2) * meanFactor
    }
  }

  /// Growth a day relative to the level: `e^b − 1` for the multiplicative form, and the slope over
  /// the level of the last fitted day for the additive form (0 when that level is not positive).
  public var dailyGrowth: Double {
    switch form {
    case .multiplicative: return Self.dollars(slope) - 1
    case .additive:
      let last = level(at: fittedDays - 1)
      return last > 0 ? slope / last : 0
    }
  }

  /// Each weekday's cost relative to the weekly average (1 = average; 0 = Monday).
  ///
  /// Multiplicative: `eˢ` normalised to average 1. Additive: `1 + s / level` at the middle of the
  /// fitted days, so the factors describe the data's own level (all 1 when that level is not positive).
  public var weekdayFactors: [Double] {
    switch form {
    case .multiplicative:
      let factors = weekdayEffects.map { Self.dollars($0) }
      let mean = factors.reduce(0, +) / 7
      return mean > 0 ? factors.map { $0 / mean } : factors.map { _ in 1 }
    case .additive:
      let middle = level(at: fittedDays / 2)
      return weekdayEffects.map { middle > 0 ? 1 + $0 / middle : 1 }
    }
  }

  /// Akaike's information criterion, corrected for small samples (AICc), of the fit, on the
  /// likelihood of the dollar values themselves, so that forms and trends compare: lower is better.
  ///
  /// With normal errors on the working scale the profile log-likelihood is `−n/2 · log(SSE/n)`; for the
  /// multiplicative form the log transform's Jacobian `−Σ log y` brings it back to dollars (as in
  /// Box & Cox, 1964). `AICc = −2·ℓ + 2p + 2p(p + 1)/(n − p − 1)`, as exponential-smoothing software
  /// chooses among its models. A perfect fit is floored at `SSE = 10⁻³⁰⁰`.
  ///
  /// - Parameter values: the dollar values the model was fitted on.
  public func informationCriterion(_ values: [Double]) -> Double {
    let n = Double(fit.count)
    let p = Double(fit.coefficients.count)
    guard n > 0 else { return 0 }
    var criterion = n * log(max(fit.sse, 1e-300) / n) + 2 * p + (n > p + 1 ? 2 * p * (p + 1) / (n - p - 1) : 0)
    if form == .multiplicative { criterion += 2 * values.reduce(0) { $0 + log(max($1, 1e-300)) } }
    return criterion
  }

  /// `exp(x)` kept finite: log-scale values past ±700 are clamped before exponentiating.
  static func dollars(_ x: Double) -> Double { exp(min(700, max(-700, x))) }
}
