/// What one period's invoice leaves to the next for one customer under one plan.
///
/// Billing a customer's periods in order threads this value through
/// `PricingEngine.invoice(_:tier:units:period:activeDays:carry:)`, so a caller that bills
/// month by month (a projection) gets the same invoices as billing the whole run at once.
public struct BillingCarry: Sendable, Hashable {
  /// Periods invoiced so far (a discount for N periods counts them).
  public var periodsBilled = 0
  /// The customer's credit wallet (`Plan.wallet`).
  public var wallet = Wallet()
  /// Commitment left in the current term (`Plan.commitment`).
  public var commitmentLeft = Money.zero

  public init() {}
}
