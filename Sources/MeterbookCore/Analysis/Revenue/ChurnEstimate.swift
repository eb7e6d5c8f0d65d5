import Foundation

/// The monthly churn a lifetime value rests on, and where it came from.
///
/// Sources in order of preference: the simulation's own `decline` pattern (the churn that
/// generated the data), then the churn observed in the data (`ObservedChurn`, for imports and
/// simulations without `decline`), then a stated default when the data shows too few
/// customers leaving to estimate from.
public struct ChurnEstimate: Sendable, Hashable {
  /// Where a churn rate came from.
  public enum Source: String, Sendable, Hashable, CaseIterable {
    /// The workbook's `decline` traffic pattern.
    case simulation
    /// Customers who went silent before the end of the data, per month at risk.
    case observed
    /// `defaultMonthlyRate`, because neither of the others exists.
    case assumed
  }

  /// Churn per calendar month, 0...1.
  public var monthlyRate: Double
  public var source: Source
  /// One clause saying where the rate came from, for the report.
  public var explanation: String

  /// The churn assumed when neither the simulation nor the data gives one.
  public static let defaultMonthlyRate = 0.05
  /// Fewest churned customers the data must show before its rate is used.
  public static let minimumObservedChurned = 3
  /// The `decline` pattern states churn per 30 days (specs/simulator.md).
  public static let declineWindowDays = 30.0
  /// Mean length of a Gregorian calendar month in days (365.2425 / 12).
  public static let meanMonthDays = 30.436_875

  public init(monthlyRate: Double, source: Source, explanation: String) {
    self.monthlyRate = monthlyRate
    self.source = source
    self.explanation = explanation
  }

  /// The churn behind `context`'s data: its `decline` patterns, else `observed`, else the default.
  public static func resolve(_ context: AnalysisContext, observed: ObservedChurn) -> ChurnEstimate {
    if let simulated = simulated(context.scenario.traffic) { return simulated }
    if let rate = observed.monthlyRate, observed.churnedCount >= minimumObservedChurned {
      return ChurnEstimate(
        monthlyRate: rate, source: .observed,
        explanation:
          "observed in the data: \(observed.churnedCount) of \(observed.watchedCount) customers went silent over \(Format.fixed(observed.monthsAtRisk, places: 1)) customer-months at risk"
      )
    }
    return ChurnEstimate(
      monthlyRate: defaultMonthlyRate, source: .assumed,
      explanation:
        "assumed (\(Format.percent(defaultMonthlyRate, places: 0))/month): the data shows \(observed.churnedCount) customers leaving, too few to estimate from"
    )
  }

  /// The churn of the `decline` patterns, per calendar month; `nil` without one.
  ///
  /// Several patterns compound: a customer survives 30 days with probability `Π(1 − cᵢ)`. The
  /// pattern's exponential survival is then read over a mean calendar month:
  /// `1 − (1 − c₃₀)^(meanMonthDays / declineWindowDays)`.
  public static func simulated(_ traffic: [TrafficPattern]) -> ChurnEstimate? {
    let rates = traffic.compactMap { if case .decline(let c) = $0 { c } else { nil } }
    guard !rates.isEmpty else { return nil }
    let survive = rates.reduce(1.0) { $0 * (1 - min(max($1, 0), 1)) }
    let monthly = 1 - pow(survive, meanMonthDays / declineWindowDays)
    let stated = rates.map { Format.percent($0) }.joined(separator: " and ")
    return ChurnEstimate(
      monthlyRate: monthly, source: .simulation,
      explanation: "the simulation's decline pattern (monthly_churn \(stated) per 30 days)")
  }
}
