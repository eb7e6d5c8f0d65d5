/// The eleven traffic patterns: composable modifiers on the base traffic of a population.
///
/// A pattern changes one or more of: a customer's expected calls on a day (a multiplier),
/// the hour of day calls fall in, which model serves a call, and prompt length. Patterns
/// compose by multiplying their day multipliers and applying their model shifts in list
/// order. Each formula is stated in `specs/simulator.md`.
public enum TrafficPattern: Sendable, Hashable {
  /// Day-to-day noise around each customer's own rate: multiplier `exp(jitter·z − jitter²/2)`.
  case base(jitter: Double)
  /// Calls follow local business hours in each customer's region.
  case businessHours(BusinessHours)
  /// Saturdays, Sundays and listed holidays carry `factor` of a weekday's traffic.
  case weekend(factor: Double, holidays: [CalendarDay], holidayFactor: Double)
  /// A cosine cycle: multiplier `1 + amplitude·cos(2π(day − peakDay)/period)`.
  case seasonal(cycle: SeasonalCycle, amplitude: Double, peakDay: Int)
  /// On a customer-day with probability `probability`, traffic jumps by a multiplier drawn in `multiplier`.
  case burst(probability: Double, multiplier: ClosedRange<Double>)
  /// Each organization gets a volume multiplier log-uniform in [1, spread], normalized to mean 1.
  case multiTenant(spread: Double)
  /// From `startDay`, a share of `from`'s calls moves to `to`, growing linearly to `share` over `overDays`.
  case modelMigration(from: String, to: String, startDay: Int, overDays: Int, share: Double)
  /// A feature launched on `day`: a share `adoption` of customers adopt it, adding `lift`×
  /// their base volume, ramped over `rampDays`; nobody uses it before launch.
  case featureLaunch(feature: String, day: Int, adoption: Double, rampDays: Int, lift: Double)
  /// From `startDay`, engineering moves `shift` of each provider's pricier-model calls to its
  /// cheapest model and trims prompts by `promptReduction`.
  case costOptimization(startDay: Int, shift: Double, promptReduction: Double)
  /// Customers churn at `monthlyChurn` per 30 days (exponential); churned customers stop calling.
  case decline(monthlyChurn: Double)
  /// Traffic grows by `monthly` per 30 days, compounding daily.
  case growth(monthly: Double)

  /// The name a workbook uses for this pattern.
  public var name: String {
    switch self {
    case .base: "base"
    case .businessHours: "business-hours"
    case .weekend: "weekend"
    case .seasonal: "seasonal"
    case .burst: "burst"
    case .multiTenant: "multi-tenant"
    case .modelMigration: "model-migration"
    case .featureLaunch: "feature-launch"
    case .costOptimization: "cost-optimization"
    case .decline: "decline"
    case .growth: "growth"
    }
  }

  public static let names = [
    "base", "business-hours", "weekend", "seasonal", "burst", "multi-tenant", "model-migration",
    "feature-launch", "cost-optimization", "decline", "growth",
  ]
}

/// Parameters of the business-hours pattern: weights of local hours.
public struct BusinessHours: Sendable, Hashable {
  /// First and last local hour of the working day (inclusive), weight 1.
  public var open: Int
  public var close: Int
  /// Weight of the two hours either side of the working day.
  public var shoulder: Double
  /// Weight of the remaining (night) hours.
  public var night: Double

  public init(open: Int = 9, close: Int = 17, shoulder: Double = 0.4, night: Double = 0.08) {
    self.open = open
    self.close = close
    self.shoulder = shoulder
    self.night = night
  }

  /// Relative weight of local hour `h` (0...23).
  public func weight(localHour h: Int) -> Double {
    if h >= open && h <= close { return 1 }
    if (h >= open - 2 && h < open) || (h > close && h <= close + 2) { return shoulder }
    return night
  }
}

/// The period of a seasonal cycle, in days.
public enum SeasonalCycle: String, Sendable, Hashable, CaseIterable {
  case weekly, monthly, quarterly
  public var days: Double {
    switch self {
    case .weekly: 7
    case .monthly: 30.4375
    case .quarterly: 91.3125
    }
  }
}
