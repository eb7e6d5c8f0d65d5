/// One customer's invoice for one billing period: its lines, in billing order, and their total.
///
/// What a billing engine's invoice preview shows (Stripe's upcoming invoice, Lago's and Orb's
/// invoice preview): the period, the days of it billed, every line with its amount.
public struct Invoice: Sendable, Hashable {
  public var period: BillingPeriod
  /// Days the customer was billed for: the days of the period inside the run and inside
  /// their subscription; fees are prorated by `activeDays / period.days`.
  public var activeDays: Int
  public var lines: [Bill.Line]
  /// Credit left in the customer's wallet after this invoice; `nil` when the plan has none.
  public var walletBalance: Money?
  /// Commitment left in the term after this invoice; `nil` when the plan has none.
  public var commitmentLeft: Money?
  /// Whether a usage line or the subtotal went past `Limits.invoice`.
  ///
  /// Such a line is held at the limit, so sums over the invoice stay exact integers; the
  /// workbook session refuses the plan (`BillingRangeError`) instead of showing it.
  public var exceedsLimit = false

  public init(period: BillingPeriod, activeDays: Int, lines: [Bill.Line]) {
    self.period = period
    self.activeDays = activeDays
    self.lines = lines
  }

  /// The exact sum of the lines.
  public var total: Money { lines.reduce(Money.zero) { $0 + $1.amount } }

  /// The sum of the subscription and usage lines, before credits, caps, discounts and true-ups.
  public var subtotal: Money { lines.reduce(Money.zero) { $1.kind.isCharge ? $0 + $1.amount : $0 } }
}
