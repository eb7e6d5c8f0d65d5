import Foundation
import Testing

@testable import MeterbookCore

/// The forecast on series with planted truths, and the coverage of its 95% band on noisy ones.
struct ForecastTests {
  static let monday = SyntheticSeries.start
  /// Weekday factors averaging exactly 1 (Monday first): busy weekdays, quiet weekends.
  static let factors = [1.2, 1.3, 1.1, 1.1, 1.2, 0.55, 0.55]

  static func series(_ values: [Double]) -> TimeSeries { TimeSeries(start: monday, values: values) }

  /// `truth` times log-normal noise of `sigma`, from `seed`.
  static func noisy(_ truth: [Double], sigma: Double, seed: UInt64) -> [Double] {
    var rng = SplitMix64(seed: seed)
    return truth.map { $0 * exp(sigma * SyntheticSeries.normal(&rng)) }
  }

  /// Every number a forecast outputs.
  static func numbers(_ f: Forecast) -> [Double] {
    var all = f.values + f.lower + f.upper
    all += [f.band.multiplier, f.band.floor, f.band.empiricalQuantile ?? 0]
    for s in f.backtest?.scores ?? [] {
      all += [s.meanAbsoluteError, s.mase, s.wape ?? 0] + s.standardizedErrors
    }
    if let m = f.model { all += [m.intercept, m.slope, m.dailyGrowth, m.residualSD] + m.weekdayFactors }
    if let shift = f.levelShift { all += [shift.levelBefore, shift.levelAfter, shift.relativeChange, shift.statistic] }
    return all
  }

  // MARK: Known answers

  @Test func aPureLinearTrendIsRecoveredExactly() throws {
    let f = Forecast(Self.series((0..<28).map { 5 + 2 * Double($0) }), horizon: 14)
    let model = try #require(f.model)
    #expect(f.method == .additive)
    #expect(abs(model.slope - 2) < 1e-9)
    #expect(model.weekdayEffects.allSatisfy { abs($0) < 1e-9 })
    #expect(f.values.indices.allSatisfy { abs(f.values[$0] - (5 + 2 * Double(28 + $0))) < 1e-8 })
    #expect(f.levelShift == nil)
    let score = try #require(f.backtest?.score(.additive))
    #expect(score.meanAbsoluteError < 1e-9)
    #expect(try #require(f.backtest?.score(.seasonalNaive)).meanAbsoluteError == 14)  // a week of slope 2 behind
  }

  @Test func aWeeklySeasonIsRecovered() throws {
    let truth = (0..<56).map { 100 * Self.factors[$0 % 7] }
    let f = Forecast(Self.series(Self.noisy(truth, sigma: 0.03, seed: 1)), horizon: 14)
    let model = try #require(f.model)
    for (found, planted) in zip(model.weekdayFactors, Self.factors) { #expect(abs(found - planted) < 0.04) }
    #expect(abs(model.dailyGrowth) < 0.002)
    #expect(f.levelShift == nil)
    // Without noise the season repeats exactly.
    let exact = Forecast(Self.series(truth), horizon: 14)
    #expect(exact.values.indices.allSatisfy { abs(exact.values[$0] - truth[$0 % 7]) < 1e-6 })
  }

  @Test func trendTimesSeasonChoosesTheMultiplicativeModel() throws {
    let truth = (0..<63).map { 100 * pow(1.01, Double($0)) * Self.factors[$0 % 7] }
    let f = Forecast(Self.series(Self.noisy(truth, sigma: 0.05, seed: 2)), horizon: 28)
    let model = try #require(f.model)
    #expect(model.form == .multiplicative)
    #expect(f.method == .multiplicative)
    #expect(abs(model.dailyGrowth - 0.01) < 0.002)
    for (found, planted) in zip(model.weekdayFactors, Self.factors) { #expect(abs(found - planted) < 0.05) }
  }

  @Test func aSeasonOfConstantDollarsChoosesTheAdditiveModel() throws {
    var rng = SplitMix64(seed: 3)
    let effects = [20.0, 25, 15, 15, 20, -47.5, -47.5]
    var values: [Double] = []
    for t in 0..<63 {
      let mean: Double = 100 + 0.5 * Double(t) + effects[t % 7]
      values.append(mean + 6 * SyntheticSeries.normal(&rng))
    }
    let model = try #require(Forecast(Self.series(values), horizon: 28).model)
    #expect(model.form == .additive)
    #expect(abs(model.slope - 0.5) < 0.1)
    for (found, planted) in zip(model.weekdayEffects, effects) { #expect(abs(found - planted) < 5) }
  }

  @Test func compoundingGrowthOfThreePercentADayStaysWithinAFewPercentAndInsideTheBand() throws {
    let truth = (0..<90).map { 100 * pow(1.03, Double($0)) * Self.factors[$0 % 7] }
    let values = Self.noisy(truth, sigma: 0.08, seed: 4)
    let f = Forecast(Self.series(Array(values.prefix(60))), horizon: 30)
    #expect(f.method == .multiplicative)
    #expect(abs(try #require(f.model).dailyGrowth - 0.03) < 0.003)
    let mean: Double = truth[60...].reduce(0, +) * exp(0.08 * 0.08 / 2)  // the log-normal's mean
    let total: Double = f.values.reduce(0, +)
    #expect(abs(total / mean - 1) < 0.05)
    #expect(f.values.indices.allSatisfy { f.lower[$0] < truth[60 + $0] && truth[60 + $0] < f.upper[$0] })
    let inside = f.values.indices.filter { f.lower[$0] <= values[60 + $0] && values[60 + $0] <= f.upper[$0] }
    #expect(inside.count >= 27, "\(inside.count) of 30 held-back days inside the band")
  }

  @Test func aLevelShiftIsFoundAndTheForecastContinuesAtTheNewLevel() throws {
    let truth = (0..<70).map { 100 * Self.factors[$0 % 7] * ($0 >= 45 ? 0.6 : 1) }
    let f = Forecast(Self.series(Self.noisy(truth, sigma: 0.06, seed: 5)), horizon: 28)
    let shift = try #require(f.levelShift)
    #expect((44...46).contains(shift.index))
    #expect(shift.day == Self.monday.adding(days: shift.index))
    #expect(abs(shift.relativeChange - -0.4) < 0.04)
    #expect(abs(try #require(f.model).dailyGrowth) < 0.002)
    // Four whole weeks ahead average the new level, 60 a day, and the last week is not lower than the first.
    #expect(abs(f.values.reduce(0, +) / 28 - 60) < 3)
    let firstWeek = f.values.prefix(7).reduce(0, +)
    let lastWeek = f.values.suffix(7).reduce(0, +)
    #expect(abs(lastWeek / firstWeek - 1) < 0.03)
  }

  @Test func aStepTooRecentToBacktestKeepsTheModelWithoutABacktest() throws {
    // The step is 8 days before the end: found (7 days after it), but no fold has 3 days past it.
    let truth = (0..<50).map { 100 * Self.factors[$0 % 7] * ($0 >= 42 ? 0.5 : 1) }
    let f = Forecast(Self.series(Self.noisy(truth, sigma: 0.03, seed: 8)), horizon: 14)
    #expect(try #require(f.levelShift).index == 42)
    #expect(f.backtest == nil && f.method == .multiplicative)
    #expect(f.band.empiricalQuantile == nil && f.band.multiplier == f.band.floor)
    #expect(abs(f.values.prefix(14).reduce(0, +) / 14 - 50) < 3)
    let outcome = UnderstandingAnalyzer.forecastOutcome(ForecastFinding(Self.series(truth)))
    #expect(outcome.contains("too recent to backtest"), "\(outcome)")
  }

  @Test func stepsAreFoundWhereTheyAreAndNotWhereTheyAreNot() {
    var falseShifts = 0
    var found = 0
    for seed in UInt64(0)..<15 {
      for shape in SyntheticSeries.Shape.allCases {
        let s = SyntheticSeries(shape, seed: seed, days: 70, heldBack: 0)
        let shift = Forecast(Self.series(s.values), horizon: 7).levelShift
        if let planted = s.shiftIndex {
          if let shift, abs(shift.index - planted) <= 1 { found += 1 }
        } else if shift != nil {
          falseShifts += 1
        }
      }
    }
    #expect(found >= 14, "\(found) of 15 planted steps found within a day")
    #expect(falseShifts <= 2, "\(falseShifts) steps reported on 45 series without one")
  }

  @Test func seasonalNaiveWinsWhenTheWeeklyPatternChanges() throws {
    // Five weeks of busy weekdays, then four of busy weekends; every week averages 100 a day.
    let weekend = [0.76, 0.76, 0.76, 0.76, 0.76, 1.6, 1.6]
    let truth = (0..<63).map { 100 * ($0 < 35 ? Self.factors : weekend)[$0 % 7] }
    let f = Forecast(Self.series(Self.noisy(truth, sigma: 0.03, seed: 6)), horizon: 14)
    #expect(f.method == .seasonalNaive)
    let backtest = try #require(f.backtest)
    let naive = try #require(backtest.score(.seasonalNaive))
    let fitted = try #require(f.model)
    let model = try #require(backtest.score(Forecast.method(of: fitted)))
    #expect(naive.meanAbsoluteError < model.meanAbsoluteError)
    #expect(f.values.indices.allSatisfy { abs(f.values[$0] / truth[56 + $0 % 7] - 1) < 0.1 })
  }

  @Test func shortSeriesFallBackToTheRecentMeanOrSeasonalNaive() {
    let ten = Forecast(Self.series((0..<10).map { 100 * Self.factors[$0 % 7] }), horizon: 7)
    #expect(ten.method == .recentMean)
    #expect(ten.values.allSatisfy { abs($0 - 100) < 1e-9 })  // the last 7 days are one of each weekday
    #expect(ten.values.indices.allSatisfy { ten.lower[$0] < 100 && 100 < ten.upper[$0] })
    #expect(ten.backtest == nil && ten.model == nil && ten.levelShift == nil)
    let seventeen = Forecast(Self.series((0..<17).map { 100 * Self.factors[$0 % 7] }), horizon: 7)
    #expect(seventeen.method == .seasonalNaive)
    #expect(
      seventeen.values.indices.allSatisfy { abs(seventeen.values[$0] - 100 * Self.factors[(17 + $0) % 7]) < 1e-9 })
    for days in [0, 1, 2, 13, 14, 20, 21] {
      let f = Forecast(Self.series((0..<days).map { 10 + Double($0 % 7) }), horizon: 30)
      #expect(f.values.count == 30)
      #expect(Self.numbers(f).allSatisfy { $0.isFinite }, "\(days) days")
    }
  }

  @Test func anAllZeroSeriesForecastsZero() {
    let f = Forecast(Self.series([Double](repeating: 0, count: 35)), horizon: 30)
    #expect(f.values.allSatisfy { $0 == 0 } && f.lower.allSatisfy { $0 == 0 } && f.upper.allSatisfy { $0 == 0 })
    #expect(Self.numbers(f).allSatisfy { $0.isFinite })
    #expect(f.levelShift == nil)
    let finding = ForecastFinding(Self.series([Double](repeating: 0, count: 35)))
    #expect(finding.change == nil && finding.nextTotal == 0)
  }

  @Test func zeroWeekendsGiveFiniteForecastsNearZeroOnWeekends() throws {
    let truth = (0..<42).map { $0 % 7 >= 5 ? 0 : 100.0 }
    var rng = SplitMix64(seed: 7)
    let values = truth.map { $0 == 0 ? 0 : $0 + 5 * SyntheticSeries.normal(&rng) }
    let f = Forecast(Self.series(values), horizon: 28)
    #expect(f.method != .multiplicative && f.model?.form == .additive)
    #expect(Self.numbers(f).allSatisfy { $0.isFinite })
    for h in f.values.indices {
      if (42 + h) % 7 >= 5 { #expect(f.values[h] < 5) } else { #expect(abs(f.values[h] - 100) < 10) }
    }
    #expect(try #require(f.backtest?.score(f.method)).mase.isFinite)
  }

  @Test func nonFiniteDaysCountAsZero() {
    var values = (0..<35).map { 100 * Self.factors[$0 % 7] }
    values[3] = .nan
    values[9] = .infinity
    #expect(Self.numbers(Forecast(Self.series(values), horizon: 30)).allSatisfy { $0.isFinite })
  }

  // MARK: Parts

  @Test func backtestOriginsAreAWeekApartAndLeaveTwoWeeksToFit() {
    #expect(Backtest.origins(count: 60, earliest: 14) == [32, 39, 46, 53])
    #expect(Backtest.origins(count: 30, earliest: 14) == [14, 17, 20, 23])
    #expect(Backtest.origins(count: 21, earliest: 14) == [14])
    #expect(Backtest.origins(count: 20, earliest: 14) == [])
    #expect(Backtest.origins(count: 60, earliest: 50) == [50, 51, 52, 53])
  }

  @Test func theBandIsNeverNarrowerThanTheStudentTQuantile() {
    #expect(BandCalibration.studentT975(degreesOfFreedom: 10) == 2.228)
    #expect(abs(BandCalibration.studentT975(degreesOfFreedom: 40) - 2.0211) < 0.001)
    #expect(abs(BandCalibration.studentT975(degreesOfFreedom: 10_000) - 1.9602) < 0.001)
    let narrow = BandCalibration(standardizedErrors: [0.1, -0.2, 0.3], degreesOfFreedom: 30)
    #expect(narrow.multiplier == 2.042)
    let wide = BandCalibration(standardizedErrors: (0..<100).map { Double($0) / 10 }, degreesOfFreedom: 30)
    #expect(abs(wide.multiplier - 9.405) < 1e-9)  // the 95% quantile of 0, 0.1, ..., 9.9
  }

  @Test func theWholeWeeksChangeIgnoresTheWeekdayMix() throws {
    // A flat weekly pattern ending on a Friday: the next 30 days end on a weekend where the last 30 end
    // on weekdays, so their totals differ by the weekday mix alone; 4 whole weeks do not.
    let values = (0..<33).map { 100 * Self.factors[$0 % 7] }
    let finding = ForecastFinding(Self.series(values), horizon: 30)
    #expect(finding.weeks == 4)
    #expect(abs(try #require(finding.change)) < 1e-6)
    let pace = values.suffix(30).reduce(0, +)
    // What "against the last 30 days' pace" measured: 4 weeks + Sat, Sun against 4 weeks + Thu, Fri.
    #expect(abs(finding.nextTotal / pace - 2910 / 3030) < 1e-9)
  }

  // MARK: Coverage

  /// How many held-back days fell inside the band, and how wide it was relative to the true level.
  struct Coverage {
    var inside = 0
    var days = 0
    var halfWidths: [Double] = []
    var rate: Double { days > 0 ? Double(inside) / Double(days) : 0 }
  }

  /// Forecasts the last 14, 21 or 30 days of 15 seeded series of `shape` from the 42 to 82 days before.
  static func coverage(_ shape: SyntheticSeries.Shape) -> Coverage {
    var c = Coverage()
    for seed in UInt64(0)..<15 {
      let days = 42 + Int(seed % 5) * 10
      let heldBack = [14, 21, 30][Int(seed % 3)]
      let s = SyntheticSeries(shape, seed: seed, days: days + heldBack, heldBack: heldBack)
      let f = Forecast(series(Array(s.values.prefix(days))), horizon: heldBack)
      for h in 0..<heldBack {
        let actual = s.values[days + h]
        if f.lower[h] <= actual && actual <= f.upper[h] { c.inside += 1 }
        c.days += 1
        c.halfWidths.append((f.upper[h] - f.lower[h]) / 2 / s.truth[days + h])
      }
    }
    return c
  }

  @Test(
    "the 95% band holds at least 90% of held-back days on noisy series, and is not absurdly wide",
    arguments: [SyntheticSeries.Shape.allCases])
  func bandCoverage(_ shapes: [SyntheticSeries.Shape]) {
    let results = shapes.map(Self.coverage)
    let inside = results.reduce(0) { $0 + $1.inside }
    let days = results.reduce(0) { $0 + $1.days }
    let total = Double(inside) / Double(max(1, days))
    let width = median(results.flatMap(\.halfWidths))
    #expect(total >= 0.90, "\(inside) of \(days) held-back days inside the band")
    #expect(width < 0.4, "median half-width \(width) of the true level")
    for (shape, c) in zip(shapes, results) {
      #expect(c.rate >= 0.85, "\(shape): \(c.inside) of \(c.days) inside")
      print("coverage \(shape): \(c.inside)/\(c.days) = \(c.rate), median half-width \(median(c.halfWidths))")
    }
    print("coverage total: \(inside)/\(days) = \(total), median half-width \(width)")
  }
}
