import Foundation

/// Customer lifetime value: the discounted margin a customer brings until they churn.
///
/// With monthly margin `m`, monthly churn `c` and monthly discount rate `d`, a customer still
/// there in month `t` (t = 0, 1, …) is worth `m·(1 − c)^t / (1 + d)^t` today, so
///
///     LTV = Σₜ m·((1 − c)/(1 + d))^t = m·(1 + d)/(d + c).
///
/// The first month counts in full (the customer is here now). Discounting keeps the sum
/// finite when churn is near zero, where an undiscounted `m / c` explodes; no arbitrary cap is
/// needed. The default discount is 10% a year, `d = 1.1^(1/12) − 1 ≈ 0.797%` a month.
public enum Lifetime {
  /// Default annual discount rate (a cost of capital for a software business).
  public static let defaultAnnualDiscount = 0.10

  /// The monthly rate equivalent to `annual`: `(1 + annual)^(1/12) − 1`.
  public static func monthlyDiscount(annual: Double) -> Double { pow(1 + annual, 1.0 / 12) - 1 }

  /// Discounted expected months of margin, `(1 + d)/(d + c)`; `nil` when `d + c` is not positive.
  public static func discountedMonths(churn c: Double, discount d: Double) -> Double? {
    guard c.isFinite, d.isFinite, c >= 0, c <= 1, d > -1, d + c > 1e-12 else { return nil }
    return (1 + d) / (d + c)
  }

  /// `m·(1 + d)/(d + c)`, rounded to the nano-dollar; `nil` when `d + c` is not positive.
  public static func value(monthlyMargin m: Money, churn c: Double, discount d: Double) -> Money? {
    guard let months = discountedMonths(churn: c, discount: d) else { return nil }
    return m.scaled(by: Int64(saturating: (months * 1_000_000).rounded()), per: 1_000_000)
  }
}
