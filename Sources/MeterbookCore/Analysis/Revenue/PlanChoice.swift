/// The plan the pricing report recommends, chosen on margin *after* price-sensitive churn.
///
/// A plan that raises many bills can lead on gross margin and still lose once the customers
/// who leave over the rise take their revenue with them; recommending on pre-churn margin
/// would propose a plan that earns less than today. Ties keep the current plan (a change
/// that earns nothing is not worth its risk), then the plan name decides.
public struct PlanChoice: Sendable, Hashable {
  /// The first (current) plan.
  public var current: String
  /// The plan with the highest expected margin after churn.
  public var recommended: String
  /// The plan with the highest margin before churn; differs from `recommended` when churn
  /// reverses the ranking.
  public var bestBeforeChurn: String
  /// Expected margin after churn of the recommended and the current plan.
  public var recommendedMargin: Money
  public var currentMargin: Money

  /// Expected margin the recommended plan adds over the current one, after churn.
  public var gain: Money { recommendedMargin - currentMargin }
  /// Whether churn changed the choice.
  public var churnReversesRanking: Bool { bestBeforeChurn != recommended }

  /// The choice among `outcomes` (the first is the current plan); `nil` without outcomes.
  public static func choose(_ outcomes: [PlanComparison.Outcome]) -> PlanChoice? {
    guard let current = outcomes.first else { return nil }
    func best(_ key: (PlanComparison.Outcome) -> Money) -> PlanComparison.Outcome {
      outcomes.dropFirst().reduce(current) { leader, o in
        key(o) > key(leader) || (key(o) == key(leader) && leader.plan != current.plan && o.plan < leader.plan)
          ? o : leader
      }
    }
    let after = best(\.marginAfterChurn)
    return PlanChoice(
      current: current.plan, recommended: after.plan, bestBeforeChurn: best(\.margin).plan,
      recommendedMargin: after.marginAfterChurn, currentMargin: current.marginAfterChurn)
  }
}
