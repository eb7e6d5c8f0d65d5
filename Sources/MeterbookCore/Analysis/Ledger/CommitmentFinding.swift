import Foundation

/// A provider spend commitment sized on predictable demand: the usage the ledger's switches
/// leave on the provider, judged week by week so a weekly cycle counts as steady.
///
/// The catalog's terms are spend commitments (commit to a monthly amount at list price, pay it
/// less the discount whether used or not); usage above it is billed on demand.
public struct CommitmentFinding: Sendable, Hashable {
  public var provider: String
  public var discount: Double
  public var termMonths: Int
  /// The provider's spend per month today, and after the switches.
  public var monthlySpendToday: Money
  public var monthlySpendAfterSwitches: Money
  /// 1 − σ/μ of whole-week totals (of days when the run has under two whole weeks), in 0...1.
  public var steadiness: Double
  /// Whole weeks of history the sizing rests on.
  public var weeks: Int
  /// Monthly commitment in list-price dollars: the lowest whole week's spend, scaled to the
  /// days of the month after the period.
  public var commitment: Money
  /// `commitment × discount`, per month, when usage stays at or above the commitment.
  public var monthlySaving: Money
  /// Utilization below which the commitment costs more than on-demand: `1 − discount`.
  public var breakEven: Double { 1 - discount }
  /// Steadiness scaled by how much history there is (four whole weeks or more is full weight).
  public var confidence: Double { steadiness * min(1, Double(weeks) / 4) }

  /// Whether the finding is sure enough to recommend: two whole weeks of history or more and a
  /// confidence of at least 50%.
  public var isRecommended: Bool { weeks >= 2 && confidence >= 0.5 && monthlySaving > .zero }

  /// Sizes a commitment on a provider's daily spend (nanodollars per day of `period`).
  init?(provider: Provider, today: Money, daily: [Int64], period: Period) {
    guard let terms = provider.commitment, daily.contains(where: { $0 > 0 }) else { return nil }
    let weeks = daily.count / 7
    let buckets: [Int64] =
      weeks >= 2 ? (0..<weeks).map { w in daily[(w * 7)..<(w * 7 + 7)].reduce(0, +) } : daily
    let values = buckets.map { Double($0) }
    let mean = values.reduce(0, +) / Double(values.count)
    let sd = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(1, values.count - 1))).squareRoot()
    let lowest = buckets.min() ?? 0
    let (y, m, _) = period.end.components
    let nextMonthDays = Period.daysInMonth(year: y, month: m)
    self.provider = provider.key
    discount = terms.discount
    termMonths = terms.termMonths
    monthlySpendToday = today
    monthlySpendAfterSwitches = period.perMonth(Money(nanos: daily.reduce(Int128(0)) { $0 + Int128($1) }))
    steadiness = mean > 0 ? max(0, min(1, 1 - sd / mean)) : 0
    self.weeks = weeks
    commitment = Money(nanos: lowest).scaled(by: nextMonthDays, per: weeks >= 2 ? 7 : 1)
    monthlySaving = commitment.scaled(by: Int64((terms.discount * 1_000_000).rounded()), per: 1_000_000)
  }
}
