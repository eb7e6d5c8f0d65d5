/// Everything the simulator needs to produce a run: who the customers are, which models
/// serve them, what traffic patterns apply, over which days, from which seed.
public struct Scenario: Sendable, Hashable {
  public var name: String
  public var seed: UInt64
  public var start: CalendarDay
  public var days: Int
  public var catalog: ModelCatalog
  public var population: PopulationSpec
  public var mix: ProviderMix
  public var traffic: [TrafficPattern]
  /// Token distributions per task type, indexed by `TaskType.index`.
  public var tokens: [TokenProfile]
  /// The real calls of a data scenario (`data:`); `nil` for a simulated scenario.
  ///
  /// Its calls are these, plus what its traffic adds; its population and period are theirs.
  public var data: UsageData?
  /// How finely the usage cube that bills this run keeps time: `.day` when one of the
  /// workbook's plans cuts the period into several billing periods (the loader decides, with
  /// `PricingEngine.grain(for:period:)`), else `.period`.
  public var usageGrain: UsageCube.Grain = .period

  public init(
    name: String, seed: UInt64, start: CalendarDay, days: Int, catalog: ModelCatalog, population: PopulationSpec,
    mix: ProviderMix = .marketWeighted, traffic: [TrafficPattern] = [], tokens: [TokenProfile] = TokenProfile.defaults,
    data: UsageData? = nil
  ) {
    self.name = name
    self.seed = seed
    self.start = start
    self.days = days
    self.catalog = catalog
    self.population = population
    self.mix = mix
    self.traffic = traffic
    self.tokens = tokens
    self.data = data
  }

  /// The calendar span the scenario simulates.
  public var period: Period { Period(start: start, days: days) }

  /// The built-in default: 100 customers for 30 days from 2026-01-01 on the market-weighted
  /// mix, with base noise, business hours and the weekend effect.
  public static func standard(catalog: ModelCatalog, seed: UInt64 = 42) -> Scenario {
    Scenario(
      name: "default", seed: seed, start: CalendarDay(year: 2026, month: 1, day: 1), days: 30, catalog: catalog,
      population: PopulationSpec(customers: 100),
      traffic: [
        .base(jitter: 0.15), .businessHours(BusinessHours()),
        .weekend(factor: 0.35, holidays: [], holidayFactor: 0.2),
      ])
  }
}
