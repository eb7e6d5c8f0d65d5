/// Every action that claims money for one run, applied in order and netted: each action is
/// valued on the calls as the actions before it left them, so no dollar is counted twice.
///
/// Order: task switches (simple tasks first), then provider commitments sized on the usage
/// the switches leave, then repricing on the cost the switches leave. The executive summary's
/// total is `total`.
public struct ActionLedger: Sendable, Hashable {
  public var actions: [Action]
  /// Every task type's model choice, including those with no saving.
  public var choices: [TaskModelChoice]
  /// Every provider with commitment terms, sized after the switches.
  public var commitments: [CommitmentFinding]
  public var assumptions: ActionAssumptions
  /// AI spend per calendar month today.
  public var monthlySpend: Money

  /// Netted value per month of all actions.
  public var total: Money { Money.sum(actions.map(\.monthlyValue)) }
  public var totalSaving: Money { Money.sum(actions.map(\.monthlySaving)) }
  public var totalRevenue: Money { Money.sum(actions.map(\.monthlyRevenue)) }
  public var oneOffCost: Money { Money.sum(actions.map(\.oneOffCost)) }

  /// Months until the ledger's monthly value repays its one-off costs; `nil` when it has no value.
  public var paybackMonths: Double? {
    guard oneOffCost > .zero else { return 0 }
    return total > .zero ? oneOffCost.dollars / total.dollars : nil
  }

  /// AI spend per month once every saving is taken.
  public var monthlySpendAfter: Money { monthlySpend - totalSaving }

  /// The actions of one kind, in ledger order.
  public func actions(_ kinds: Action.Kind...) -> [Action] { actions.filter { kinds.contains($0.kind) } }

  /// The actions ranked by monthly value (ties by key), the order a plan presents them.
  public var ranked: [Action] {
    actions.sorted { ($0.monthlyValue, $1.key) > ($1.monthlyValue, $0.key) }
  }
}
