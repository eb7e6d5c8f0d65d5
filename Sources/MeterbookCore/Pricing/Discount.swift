/// A discount on a plan's invoices: a percentage or an amount off, for the first N periods of
/// a customer's subscription, optionally only for one customer segment (a coupon per tier).
///
/// As Stripe's coupons (`percent_off`/`amount_off`, `duration: repeating` for N months) and
/// Lago's coupons: applied to the subtotal (subscription and usage), never below zero, before
/// credits, the cap and the minimum.
public struct Discount: Sendable, Hashable {
  /// What comes off.
  public enum Off: Sendable, Hashable {
    /// A share of the subtotal, 0...1.
    case percent(Double)
    /// A fixed amount per period (prorated like the fee), at most the subtotal.
    case amount(Money)
  }

  public var off: Off
  /// Periods the discount lasts from the customer's first invoice; `nil` for every period.
  public var periods: Int?
  /// The tier whose customers get it; `nil` for everyone.
  public var tier: String?

  public init(off: Off, periods: Int? = nil, tier: String? = nil) {
    self.off = off
    self.periods = periods
    self.tier = tier
  }

  /// Whether the discount applies to a customer of `tier` on their invoice number `index` (0-based).
  public func applies(tier customerTier: String, index: Int) -> Bool {
    (tier.map { $0 == customerTier } ?? true) && (periods.map { index < $0 } ?? true)
  }

  /// The line's label: `discount 20% (first 3 periods)`.
  public var label: String {
    let what =
      switch off {
      case .percent(let p): Format.percent(p, places: p * 100 == (p * 100).rounded() ? 0 : 1)
      case .amount(let m): Format.money(m)
      }
    return "discount \(what)" + (periods.map { " (first \($0) period\($0 == 1 ? "" : "s"))" } ?? "")
      + (tier.map { " for \($0)" } ?? "")
  }
}
