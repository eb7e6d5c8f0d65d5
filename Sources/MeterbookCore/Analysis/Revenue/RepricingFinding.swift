/// What repricing the unprofitable customers at cost-plus would earn per month, as a value.
///
/// Each customer whose bill is below their AI cost is moved to `AI cost × (1 + markup)`. The
/// new bill rises, so price-sensitive churn applies (the same `PlanComparison.Sensitivity` as
/// the pricing report): a customer whose bill rises by more than the threshold leaves with
/// the stated probability. A customer who stays earns `new − old` more; one who leaves takes
/// their revenue *and* their cost away, which for a loss-maker gains `cost − old`. The
/// expected monthly margin gain is
///
///     Σ (1 − p)·(new − old) + p·(cost − old),   p = probability if the rise > threshold, else 0.
///
/// Confidence is the share of that gain from customers who lost money in both halves of the
/// period (a steady loss rather than one burst), times `min(1, months of data)`.
public struct RepricingFinding: Sendable, Hashable {
  /// The repriced customers' ids, largest loss first.
  public var customers: [String]
  /// Markup over AI cost of the new price (0.2 for cost + 20%).
  public var markup: Double
  /// Expected change of monthly revenue, churn included.
  public var revenueChangePerMonth: Money
  /// Expected change of monthly gross margin, churn included: what the action earns.
  public var marginGainPerMonth: Money
  /// Customers expected to leave (sum of their churn probabilities).
  public var expectedChurned: Double
  /// 0...1, see the type's discussion.
  public var confidence: Double
  /// The assumptions the amount rests on, as sentences.
  public var assumptions: [String]

  /// The gross margin of the new price (16.7% for a 20% markup).
  public var margin: Double? { MarginMath.margin(markup: markup) }
  /// The monthly amount a ledger of actions would book: the expected margin gain.
  public var amountPerMonth: Money { marginGainPerMonth }
}

extension RepricingFinding {
  /// One loss-making customer's figures over the period.
  public struct Loser: Sendable, Hashable {
    public var id: String
    public var cost: Money
    public var bill: Money
    /// AI cost in the first half of the period.
    public var costFirstHalf: Money
    /// AI cost in the second half of the period.
    public var costSecondHalf: Money

    public init(id: String, cost: Money, bill: Money, costFirstHalf: Money, costSecondHalf: Money) {
      self.id = id
      self.cost = cost
      self.bill = bill
      self.costFirstHalf = costFirstHalf
      self.costSecondHalf = costSecondHalf
    }

    /// Whether the customer cost more than half their bill in each half of the period.
    var losesSteadily: Bool {
      let half = bill.scaled(by: 1, per: 2)
      return costFirstHalf > half && costSecondHalf > half
    }
  }

  /// The finding for `losers` over `period`; `nil` when there are none.
  public static func compute(
    losers: [Loser], markup: Double, sensitivity: PlanComparison.Sensitivity, period: Period
  ) -> RepricingFinding? {
    guard !losers.isEmpty else { return nil }
    let scale: Int64 = 1_000_000
    let stayScale = Int64(saturating: ((1 - sensitivity.probability) * Double(scale)).rounded())
    var revenue = Money.zero
    var margin = Money.zero
    var steady = Money.zero
    var leaving = 0.0
    for x in losers {
      let new = x.cost.scaled(by: Int64(saturating: ((1 + markup) * Double(scale)).rounded()), per: scale)
      let rises =
        x.bill <= .zero || (new - x.bill).nanos.double / x.bill.nanos.double > sensitivity.threshold
      let stay = rises ? stayScale : scale
      let gain = (new - x.bill).scaled(by: stay, per: scale) + (x.cost - x.bill).scaled(by: scale - stay, per: scale)
      revenue += (new - x.bill).scaled(by: stay, per: scale) - x.bill.scaled(by: scale - stay, per: scale)
      margin += gain
      if x.losesSteadily { steady += gain }
      if rises { leaving += sensitivity.probability }
    }
    let months = period.months.value
    let confidence = (margin > .zero ? min(1, max(0, steady.share(of: margin))) : 0) * min(1, months)
    return RepricingFinding(
      customers: losers.map(\.id), markup: markup, revenueChangePerMonth: period.perMonth(revenue),
      marginGainPerMonth: period.perMonth(margin), expectedChurned: leaving, confidence: confidence,
      assumptions: assumptions(markup: markup, sensitivity: sensitivity))
  }

  static func assumptions(markup: Double, sensitivity: PlanComparison.Sensitivity) -> [String] {
    [
      "Each unprofitable customer is billed AI cost + \(Format.percent(markup, places: 0)): \(MarginMath.describe(markup: markup)).",
      "Usage stays as observed this period; AI prices stay at list.",
      "A customer whose bill rises more than \(Format.percent(sensitivity.threshold, places: 0)) leaves with probability \(Format.percent(sensitivity.probability, places: 0)); one who leaves takes their revenue and their AI cost.",
    ]
  }
}
