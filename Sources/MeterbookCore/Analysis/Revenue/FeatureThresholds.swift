/// The thresholds feature verdicts follow, stated in the report and in specs/analyzers.md.
///
/// Rules, first match wins:
/// 1. the feature has its own price and loses money on it → `sunset` if adoption is low,
///    else `reprice`;
/// 2. adoption below `lowAdoption` and cost per active customer at least
///    `expensiveMultiple` × the other features' median → `sunset`;
/// 3. no own price and cost per active customer at least `revenueShare` of what an active
///    customer pays a month → `reprice` (charge for it);
/// 4. cost per day grew by at least `fastGrowth` over the feature's span → `watch`;
/// 5. adopters churn at least `churnRatio` × as often as non-adopters, and `churnGap` more
///    → `watch`;
/// 6. adoption at least `wideAdoption`, cost per active customer at most the other features'
///    median, and (with an own price) margin at least `investMargin` → `invest`;
/// 7. otherwise `watch`.
public struct FeatureThresholds: Sendable, Hashable {
  public var lowAdoption = 0.10
  public var wideAdoption = 0.30
  public var expensiveMultiple = 2.0
  public var revenueShare = 0.10
  public var fastGrowth = 0.50
  public var churnRatio = 2.0
  public var churnGap = 0.05
  public var investMargin = 0.50
  /// Fewest calls in each half of a feature's span for a cost growth figure.
  public var minimumCallsPerHalf = 30
  /// Fewest watched customers in each group (adopters, others) for a churn comparison.
  public var minimumGroup = 10
  public init() {}

  /// The verdict on `f` (its `verdict` and `reason` are ignored) and the reason.
  public func judge(_ f: FeatureFinding) -> (FeatureFinding.Verdict, String) {
    let adoption = Format.percent(f.adoption, places: 0)
    let perCustomer = "\(Format.money(f.costPerActiveCustomer, in: f.currency)) per active customer a month"
    if let m = f.margin, m < .zero {
      return f.adoption < lowAdoption
        ? (.sunset, "loses \(Format.money(-m, in: f.currency)) on its own price and only \(adoption) use it")
        : (
          .reprice,
          "loses \(Format.money(-m, in: f.currency)) on its own price with \(adoption) adoption: raise its price"
        )
    }
    if f.adoption < lowAdoption, let median = f.othersMedianCost, median > .zero,
      f.costPerActiveCustomer.dollars >= expensiveMultiple * median.dollars
    {
      return (
        .sunset,
        "\(adoption) adoption (< \(Format.percent(lowAdoption, places: 0))) at \(perCustomer), ≥ \(Format.fixed(expensiveMultiple, places: 0))× the others' median \(Format.money(median, in: f.currency))"
      )
    }
    if f.ownRevenue == nil, let share = f.shareOfRevenuePerCustomer, share >= revenueShare {
      return (
        .reprice,
        "\(perCustomer) = \(Format.percent(share, places: 0)) of revenue per active customer (≥ \(Format.percent(revenueShare, places: 0))): charge for it"
      )
    }
    if let g = f.costGrowth, g >= fastGrowth {
      return (
        .watch,
        "cost per day grew \(Format.percent(g, places: 0)) over its span (≥ \(Format.percent(fastGrowth, places: 0)))"
      )
    }
    if let a = f.adopterChurn, let o = f.otherChurn, a >= churnRatio * o, a - o >= churnGap {
      return (
        .watch, "adopters churn \(Format.percent(a, places: 0)) against \(Format.percent(o, places: 0)) for others"
      )
    }
    return invest(f) ?? (.watch, "no threshold crossed (\(adoption) adoption, \(perCustomer))")
  }

  /// Rule 6, or `nil` when it does not apply.
  private func invest(_ f: FeatureFinding) -> (FeatureFinding.Verdict, String)? {
    guard f.adoption >= wideAdoption, let median = f.othersMedianCost, f.costPerActiveCustomer <= median else {
      return nil
    }
    if f.ownRevenue != nil {
      guard let share = f.marginShare, share >= investMargin else { return nil }
    }
    return (
      .invest,
      "\(Format.percent(f.adoption, places: 0)) adoption (≥ \(Format.percent(wideAdoption, places: 0))) at \(Format.money(f.costPerActiveCustomer, in: f.currency)) per active customer a month, ≤ the others' median \(Format.money(median, in: f.currency))"
    )
  }
}
