/// What a projection over months assumes (`horizon:` in a workbook): how long, who arrives,
/// who leaves, how usage grows, when grandfathered customers move, and what money costs.
///
/// Customers churn each month with probability `churn`, plus the price-sensitivity churn of
/// the plan comparison when their bill rises past its threshold; see `ProjectionRunner`.
public struct Horizon: Sendable, Hashable {
  /// New customers of one archetype per month (a fraction spreads: 2.5 gives 2, 3, 2, 3, ...).
  public struct Arrival: Sendable, Hashable {
    public var archetype: String
    public var perMonth: Double
    public init(archetype: String, perMonth: Double) {
      self.archetype = archetype
      self.perMonth = perMonth
    }

    /// Arrivals in month `k` (0-based; none in the first month, which is the one-month run):
    /// `⌊k·r⌋ − ⌊(k−1)·r⌋`, so the first `k` months bring `⌊k·r⌋` whatever the fraction.
    public func count(month k: Int) -> Int {
      guard k > 0, perMonth > 0 else { return 0 }
      return Int((Double(k) * perMonth).rounded(.down)) - Int((Double(k - 1) * perMonth).rounded(.down))
    }
  }

  /// Grandfathering: when `plan` is projected, the customers there before the horizon stay on
  /// the current plan (the workbook's first) until the billing period that starts on or after `on`.
  public struct Migration: Sendable, Hashable {
    public var plan: String
    public var on: CalendarDay
    public init(plan: String, on: CalendarDay) {
      self.plan = plan
      self.on = on
    }
  }

  /// Months projected, 1...`maxMonths`.
  public var months: Int
  public var arrivals: [Arrival]
  /// Monthly churn of every customer whatever the price, 0...1.
  public var churn: Double
  /// Monthly growth of each customer's usage (0.03 is 3% more calls per day each month).
  public var expansion: Double
  public var migrations: [Migration]
  /// Annual discount rate for lifetime values.
  public var annualDiscount: Double
  /// What acquiring one customer costs, in the display currency; `nil` when not given.
  public var cac: Money?

  /// The longest projection: five years.
  public static let maxMonths = 60
  /// The LTV:CAC ratio a healthy SaaS business aims at; reports flag archetypes below it.
  public static let ltvToCACTarget = 3.0

  public init(
    months: Int, arrivals: [Arrival] = [], churn: Double = 0, expansion: Double = 0, migrations: [Migration] = [],
    annualDiscount: Double = Lifetime.defaultAnnualDiscount, cac: Money? = nil
  ) {
    self.months = months
    self.arrivals = arrivals
    self.churn = churn
    self.expansion = expansion
    self.migrations = migrations
    self.annualDiscount = annualDiscount
    self.cac = cac
  }

  /// The date grandfathered customers move to `plan`, if the horizon migrates them.
  public func migration(to plan: String) -> CalendarDay? { migrations.first { $0.plan == plan }?.on }
}
