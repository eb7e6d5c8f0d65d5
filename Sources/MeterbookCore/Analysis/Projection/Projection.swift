/// A projection over months: who was a customer each month under each projected plan, what
/// they paid and what they cost, in the display currency.
///
/// Produced by `ProjectionRunner`; the figures (MRR, ARR, retention, cohorts, lifetime value)
/// are read from it by `Projection+Metrics`, and `Projection+Report` renders them.
public struct Projection: Sendable {
  /// A customer of the projection, under a key that stays theirs in every month.
  public struct Member: Sendable, Hashable {
    public var id: String
    /// Index into `archetypes`.
    public var archetype: Int
    /// The month (0-based) they first appear in; 0 for the customers there at the start.
    public var joined: Int
    public init(id: String, archetype: Int, joined: Int) {
      self.id = id
      self.archetype = archetype
      self.joined = joined
    }
  }

  /// One plan's path through the months: `revenue[month][member]` and `cost[month][member]`
  /// (zero for a member not there that month) and who was there.
  public struct Path: Sendable {
    public var plan: String
    public var revenue: [[Money]]
    public var cost: [[Money]]
    public var active: [[Bool]]
    /// Revenue per month billed under each plan (grandfathered customers stay on the current
    /// plan until their migration date), in order of first appearance.
    public var revenueByPlan: [[(plan: String, revenue: Money)]]

    public init(
      plan: String, revenue: [[Money]], cost: [[Money]], active: [[Bool]],
      revenueByPlan: [[(plan: String, revenue: Money)]] = []
    ) {
      self.plan = plan
      self.revenue = revenue
      self.cost = cost
      self.active = active
      self.revenueByPlan = revenueByPlan
    }
  }

  /// The billing periods, one per month.
  public var periods: [Period]
  public var members: [Member]
  public var archetypes: [String]
  public var paths: [Path]
  public var horizon: Horizon
  public var display: Currency
  /// The exchange-rate quotes the conversions used, each once, by pair then date.
  public var rates: [FXTable.Used]
  /// The name of the exchange rates (`fx/ecb-2026`), when any conversion happened.
  public var fxName: String?
  /// The current plan (the workbook's first), which grandfathered customers stay on.
  public var currentPlan: String
  public var sensitivity: PlanComparison.Sensitivity
  public var scenario: String
  public var seed: UInt64

  public init(
    periods: [Period], members: [Member], archetypes: [String], paths: [Path], horizon: Horizon, display: Currency,
    rates: [FXTable.Used] = [], fxName: String? = nil, currentPlan: String,
    sensitivity: PlanComparison.Sensitivity = .init(), scenario: String = "", seed: UInt64 = 0
  ) {
    self.periods = periods
    self.members = members
    self.archetypes = archetypes
    self.paths = paths
    self.horizon = horizon
    self.display = display
    self.rates = rates
    self.fxName = fxName
    self.currentPlan = currentPlan
    self.sensitivity = sensitivity
    self.scenario = scenario
    self.seed = seed
  }

  public func path(_ plan: String) -> Path? { paths.first { $0.plan == plan } }
}

/// Why a projection cannot run.
public enum ProjectionError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The workbook has no `horizon:` and no month count was given.
  case noHorizon
  /// A data scenario replays real calls; the projection simulates each month.
  case dataScenario(String)
  /// A plan the projection was asked for is not in the workbook.
  case unknownPlan(String, known: [String])
  /// An amount could not be converted to the display currency.
  case exchange(FXError)

  public var description: String {
    switch self {
    case .noHorizon:
      "the workbook has no horizon; add 'horizon: 12 months' or say how many months (project 12)"
    case .dataScenario(let s):
      "scenario '\(s)' imports real calls; a projection simulates each month, so project a simulated scenario"
    case .unknownPlan(let p, let known):
      "unknown plan '\(p)'; expected one of: \(known.joined(separator: ", "))"
        + (Suggestion.nearest(to: p, in: known).map { "; did you mean '\($0)'?" } ?? "")
    case .exchange(let e): "\(e.description) (hint: \(e.hint))"
    }
  }
}
