/// The knobs of the action ledger that a workbook sets under `assumptions:`.
///
/// Defaults are stated in every report that uses them, so a reader knows what to change.
public struct ActionAssumptions: Sendable, Hashable {
  /// One-off engineering effort of moving one task type to another model (testing, prompt
  /// changes, rollout), charged once per model switch.
  public var migrationCost: Money
  /// A switch whose migration effort takes longer than this to repay is not worth doing.
  public var maximumPaybackMonths: Double
  /// The p95 latency a model must meet to be recommended, in milliseconds.
  public var slaP95Ms: Double
  /// Largest acceptable drop in a task's quality score when switching models.
  public var qualityTolerance: Double
  /// Markup over cost that repriced customers would pay (0.2 = cost + 20%, a 16.7% margin).
  public var targetMarkup: Double
  /// Calls of a model on a task from which its observed quality and latency are trusted over
  /// the catalog's estimates.
  public var minimumObservedCalls: Int

  public init(
    migrationCost: Money = Money(dollars: 2_000), maximumPaybackMonths: Double = 12, slaP95Ms: Double = 20_000,
    qualityTolerance: Double = 0.02,
    targetMarkup: Double = 0.2, minimumObservedCalls: Int = 30
  ) {
    self.migrationCost = migrationCost
    self.maximumPaybackMonths = maximumPaybackMonths
    self.slaP95Ms = slaP95Ms
    self.qualityTolerance = qualityTolerance
    self.targetMarkup = targetMarkup
    self.minimumObservedCalls = minimumObservedCalls
  }

  /// Whether a switch saving `monthly` repays the migration effort within the payback limit.
  public func repays(_ monthly: Money) -> Bool {
    guard migrationCost > .zero else { return monthly > .zero }
    return monthly > .zero && migrationCost.dollars / monthly.dollars <= maximumPaybackMonths
  }
}
