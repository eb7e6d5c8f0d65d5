import Foundation

/// Who stopped calling before the end of the data, and how long each customer was watched.
///
/// Usage data carries no cancellation dates, so churn is read from silence: a customer has
/// churned when their last call lies more than a quiet window before the end of the period.
/// The window is `max(minimumQuietDays, quietGaps × the customer's mean gap between calls)`,
/// so a customer who calls weekly is not declared gone after a quiet week. To keep the
/// estimate unbiased, each customer is watched only until the period end minus their window
/// (a churn later than that could not be seen): a customer is at risk from their first call
/// until their last call (churned) or until the end of their watch (still active). The
/// monthly hazard is churned customers per month at risk, and the monthly churn probability
/// `1 − e^(−hazard)`.
public struct ObservedChurn: Sendable, Hashable {
  /// Shortest silence that counts as churn.
  public static let minimumQuietDays = 7.0
  /// Silence, in multiples of the customer's own mean gap between calls, that counts as churn.
  public static let quietGaps = 3.0

  /// Whether each customer (by index) stopped calling within their watch.
  public var churned: [Bool]
  /// Whether each customer was watched at all (at least two calls and a watch that starts
  /// before it ends); unwatched customers count neither as churned nor as retained.
  public var watched: [Bool]
  /// Customers who churned.
  public var churnedCount: Int { churned.lazy.filter { $0 }.count }
  /// Customers watched.
  public var watchedCount: Int { watched.lazy.filter { $0 }.count }
  /// Calendar months at risk, summed over watched customers.
  public var monthsAtRisk: Double

  /// Churned customers per month at risk; `nil` without any time at risk.
  public var hazard: Double? { monthsAtRisk > 1e-9 ? Double(churnedCount) / monthsAtRisk : nil }

  /// The monthly churn probability `1 − e^(−hazard)`; `nil` without any time at risk.
  public var monthlyRate: Double? { hazard.map { 1 - exp(-$0) } }

  /// Reads churn from the calls of `run` over `period`, for `customers` customers by index.
  public init(run: Run, customers: Int, period: Period) {
    var first = [Int64](repeating: .max, count: customers)
    var last = [Int64](repeating: .min, count: customers)
    var calls = [Int](repeating: 0, count: customers)
    for i in 0..<run.count {
      let c = Int(run.customer[i])
      guard c < customers else { continue }
      first[c] = min(first[c], run.timestamp[i])
      last[c] = max(last[c], run.timestamp[i])
      calls[c] += 1
    }
    let end = Double(period.end.epochSeconds)
    let monthsPerSecond = period.months.value / (Double(period.days) * 86_400)
    churned = [Bool](repeating: false, count: customers)
    watched = churned
    var exposure = 0.0
    for c in 0..<customers where calls[c] >= 2 {
      let span = Double(last[c] - first[c])
      let gap = span / Double(calls[c] - 1)
      let quiet = max(Self.minimumQuietDays * 86_400, Self.quietGaps * gap)
      let watchEnd = end - quiet
      guard Double(first[c]) < watchEnd else { continue }
      watched[c] = true
      churned[c] = Double(last[c]) < watchEnd
      exposure += (churned[c] ? Double(last[c]) : watchEnd) - Double(first[c])
    }
    monthsAtRisk = exposure * monthsPerSecond
  }
}
