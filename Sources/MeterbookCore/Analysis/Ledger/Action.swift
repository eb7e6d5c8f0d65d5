/// A recommendation that claims money, as a value: what to do, which calls or customers it
/// touches, what it is worth per month after netting, how sure we are, and what it assumes.
///
/// Every report that names a saving or a revenue gain quotes an `Action` of the run's
/// `ActionLedger`, so the same move shows the same dollars everywhere.
public struct Action: Sendable, Hashable {
  /// The kind of move, in the order the ledger applies them.
  public enum Kind: String, Sendable, Hashable, CaseIterable {
    /// Classification and extraction moved to a cheaper model of equal quality within the SLA.
    case routeSimpleTasks = "route simple tasks"
    /// Another task type moved to a cheaper model of equal quality within the SLA.
    case switchModel = "switch model"
    /// A provider spend commitment sized on the usage left after the switches.
    case commit
    /// Unprofitable customers repriced to their cost plus the target markup.
    case reprice
  }

  public var kind: Kind
  /// A stable key: the kind and what it applies to (`switch model:chat`).
  public var key: String
  /// What to do, as an instruction.
  public var title: String
  /// Calls (or customers, for repricing) the action changes.
  public var affected: Int
  /// What `affected` counts.
  public var affectedUnit: String
  /// Cost saved per calendar month, after the actions applied before it.
  public var monthlySaving: Money
  /// Revenue gained per calendar month.
  public var monthlyRevenue: Money
  /// What the action is worth on its own, before netting against earlier actions.
  public var standaloneMonthly: Money
  /// One-off cost of doing it (migration effort).
  public var oneOffCost: Money
  /// 0...1: how much of the value we expect to see.
  public var confidence: Double
  /// What must hold for the value to appear.
  public var assumptions: [String]

  /// Saving plus revenue per month.
  public var monthlyValue: Money { monthlySaving + monthlyRevenue }

  /// Months until the value repays the one-off cost; 0 when there is none, `nil` when the
  /// action is worth nothing per month.
  public var paybackMonths: Double? {
    guard oneOffCost > .zero else { return 0 }
    guard monthlyValue > .zero else { return nil }
    return oneOffCost.dollars / monthlyValue.dollars
  }
}
