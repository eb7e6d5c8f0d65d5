/// What the profitability analyzer found, as plain values tests compare as numbers.
public struct ProfitabilityFindings: Sendable, Hashable {
  /// One customer's period figures under the current plan.
  public struct CustomerMargin: Sendable, Hashable {
    public var index: Int
    public var id: String
    public var archetype: String
    public var tier: String
    public var cost: Money
    public var revenue: Money
    public var margin: Money { revenue - cost }
  }

  /// Lifetime value of a segment: its mean monthly margin over its discounted expected months.
  public struct LifetimeRow: Sendable, Hashable {
    public var segment: String
    public var customers: Int
    public var marginPerMonth: Money
    /// `nil` when churn and discount are both zero (no finite value).
    public var value: Money?
  }

  /// Gross margin of the customers of one tier over the period.
  public struct TierMargin: Sendable, Hashable {
    public var tier: String
    public var margin: Money
  }

  /// The plan revenue is billed under.
  public var plan: String
  /// Every customer, by index.
  public var customers: [CustomerMargin]
  /// Customers whose bill is below their AI cost, largest loss first (ties by id).
  public var losers: [CustomerMargin]
  public var revenuePerMonth: Money
  public var costPerMonth: Money
  /// The losers' negative margin per month, as a positive amount.
  public var lossPerMonth: Money
  /// Gross margin as a share of revenue; `nil` without revenue.
  public var grossMargin: Double?
  public var marginByTier: [TierMargin]
  /// The churn lifetime values use, and its source.
  public var churn: ChurnEstimate
  /// Monthly discount rate of lifetime values.
  public var monthlyDiscount: Double
  /// `(1 + d)/(d + c)`: discounted expected months a customer stays.
  public var discountedMonths: Double?
  /// Per archetype, then all customers.
  public var lifetime: [LifetimeRow]
  /// Repricing the losers at cost-plus on today's AI cost; `nil` without losers or revenue.
  public var repricing: RepricingFinding?
  /// The action ledger's repricing entry: the same move valued on the cost left after the
  /// ledger's model switches (what the executive summary adds up).
  public var ledgerRepricing: Action?
  /// The currency every amount is in (the display currency; costs converted at their day's rate).
  public var currency = Currency.usd
}
