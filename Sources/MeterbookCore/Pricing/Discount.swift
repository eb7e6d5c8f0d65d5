/// A discount on a plan's invoices: a percentage or an amount off, for the first N periods of
/// a customer's subscription, optionally only for one customer segment (a coupon per tier or
/// per archetype), or a committed-use discount (a percentage off usage for a committed spend).
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
  /// The archetype (customer segment) whose customers get it; `nil` for everyone.
  public var archetype: String?
  /// A committed-use discount's commitment a period; `nil` for a coupon.
  ///
  /// The usage each period is discounted, and raised to this (prorated) amount when it falls
  /// short; see `committedUse(usage:commit:)`.
  public var commit: Money?

  public init(off: Off, periods: Int? = nil, tier: String? = nil, archetype: String? = nil, commit: Money? = nil) {
    self.off = off
    self.periods = periods
    self.tier = tier
    self.archetype = archetype
    self.commit = commit
  }

  /// Whether the discount applies to a customer of `tier` and `archetype` on their invoice
  /// number `index` (0-based).
  public func applies(tier customerTier: String, archetype customerArchetype: String = "", index: Int) -> Bool {
    (tier.map { $0 == customerTier } ?? true) && (archetype.map { $0 == customerArchetype } ?? true)
      && (periods.map { index < $0 } ?? true)
  }

  /// The line's label: `discount 20% (first 3 periods)`.
  public var label: String {
    let what =
      switch off {
      case .percent(let p): Format.percent(p, places: p * 100 == (p * 100).rounded() ? 0 : 1)
      case .amount(let m): Format.money(m)
      }
    return (commit.map { "committed use (\(Format.money($0)) a period): \(what) off usage" } ?? "discount \(what)")
      + (periods.map { " (first \($0) period\($0 == 1 ? "" : "s"))" } ?? "") + (tier.map { " for \($0)" } ?? "")
      + (archetype.map { " for \($0)" } ?? "")
  }
}

extension Discount {
  /// A committed-use discount's lines for one period: the percentage off the usage, then a
  /// true-up to the commitment when the discounted usage falls short of it.
  ///
  /// As a cloud committed-use discount: the customer commits to spend `commit` a period on
  /// usage and gets `percent` off all of it; a period below the commitment still pays the
  /// commitment. Seats and the subscription fee are neither discounted nor counted toward it.
  /// Returns the amount taken off the usage (the true-up is not usage: credits and the cap do
  /// not reduce it).
  func committedUse(usage: Money, commit: Money) -> (off: Money, lines: [Bill.Line]) {
    let off =
      switch self.off {
      case .percent(let p): usage.scaled(by: Int64((p * 1_000_000).rounded()), per: 1_000_000)
      case .amount(let m): min(m, usage)
      }
    var lines: [Bill.Line] = []
    if off > .zero { lines.append(.init(label: label, amount: -off, kind: .discount)) }
    if usage - off < commit {
      lines.append(.init(label: "committed use true-up", amount: commit - (usage - off), kind: .commitment))
    }
    return (off, lines)
  }
}
