/// One feature judged on what the data supports, as plain values.
public struct FeatureFinding: Sendable, Hashable {
  /// What to do with a feature.
  public enum Verdict: String, Sendable, Hashable, CaseIterable {
    /// Widely adopted and cheap to serve: grow it.
    case invest
    /// Nothing decisive, or a cost trend or retention signal to follow.
    case watch
    /// Costs too much for what it earns or for what customers pay: charge (more) for it.
    case reprice
    /// Few use it and it is expensive (or loses money on its own price): retire it.
    case sunset
  }

  public var feature: String
  public var calls: Int
  /// AI cost over the period.
  public var cost: Money
  public var activeCustomers: Int
  /// Share of active customers (any call in the period) who used the feature.
  public var adoption: Double
  /// AI cost per active customer of the feature, per month.
  public var costPerActiveCustomer: Money
  /// Median of the other features' `costPerActiveCustomer`; `nil` for a lone feature.
  public var othersMedianCost: Money?
  /// `costPerActiveCustomer` over revenue per active customer per month; `nil` without revenue.
  public var shareOfRevenuePerCustomer: Double?
  /// First day (0-based) of the feature in the period.
  public var firstDay: Int
  /// Change of cost per day from the first to the second half of the feature's span; `nil`
  /// when a half has too few calls to say.
  public var costGrowth: Double?
  /// Churn of adopters and of non-adopters; `nil` when the data has too little churn or too
  /// few customers in a group.
  public var adopterChurn: Double?
  public var otherChurn: Double?
  /// Revenue the current plan charges for the feature on its own; `nil` when unknown.
  public var ownRevenue: Money?
  public var verdict: Verdict
  /// Why, naming the threshold that decided.
  public var reason: String
  /// The currency of every amount (the display currency; costs converted at their day's rate).
  public var currency = Currency.usd

  /// Own revenue minus AI cost; `nil` when the feature's revenue is unknown.
  public var margin: Money? { ownRevenue.map { $0 - cost } }
  /// Margin over own revenue; `nil` when unknown or without revenue.
  public var marginShare: Double? {
    guard let r = ownRevenue, r > .zero, let m = margin else { return nil }
    return m.share(of: r)
  }
}
