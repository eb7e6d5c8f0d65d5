/// The parameters of a customer population: how many customers, how they use AI
/// (archetypes), what they pay (tiers), where they are (regions), what they use (features)
/// and how they group (organizations, products).
///
/// Every share and range is a parameter.
public struct PopulationSpec: Sendable, Hashable {
  public var customers: Int
  public var archetypes: [Archetype]
  public var tiers: [Tier]
  public var regions: [Region]
  public var features: [Feature]
  public var products: [String]
  /// Number of organizations; `nil` means one per eight customers.
  public var organizations: Int?
  /// Zipf exponent of organization sizes: 0 = equal sizes, 1.2 = a few large organizations.
  public var organizationSkew: Double

  /// How a group of customers uses AI: its population share and calls per day.
  public struct Archetype: Sendable, Hashable {
    public var name: String
    public var share: Double
    public var callsPerDay: ClosedRange<Double>
    public init(name: String, share: Double, callsPerDay: ClosedRange<Double>) {
      self.name = name
      self.share = share
      self.callsPerDay = callsPerDay
    }
  }

  /// A subscription tier: monthly fee, share of customers and the monthly call allocation
  /// the tier promises (used by threshold alerts).
  public struct Tier: Sendable, Hashable {
    public var name: String
    public var fee: Money
    public var share: Double
    public var includedCalls: Int?
    public init(name: String, fee: Money, share: Double, includedCalls: Int? = nil) {
      self.name = name
      self.fee = fee
      self.share = share
      self.includedCalls = includedCalls
    }
  }

  /// A region with its UTC offset in hours (for business-hours traffic) and share.
  public struct Region: Sendable, Hashable {
    public var name: String
    public var utcOffset: Int
    public var share: Double
    public init(name: String, utcOffset: Int, share: Double) {
      self.name = name
      self.utcOffset = utcOffset
      self.share = share
    }
  }

  /// A product feature, the task types its calls do, and how popular it is.
  public struct Feature: Sendable, Hashable {
    public var name: String
    public var popularity: Double
    /// Weight per task type, indexed by `TaskType.index`.
    public var tasks: [Double]
    public init(name: String, popularity: Double, tasks: [TaskType: Double]) {
      self.name = name
      self.popularity = popularity
      self.tasks = TaskType.all.map { tasks[$0] ?? 0 }
    }
  }

  public init(
    customers: Int, archetypes: [Archetype] = PopulationSpec.defaultArchetypes,
    tiers: [Tier] = PopulationSpec.defaultTiers, regions: [Region] = PopulationSpec.defaultRegions,
    features: [Feature] = PopulationSpec.defaultFeatures, products: [String] = PopulationSpec.defaultProducts,
    organizations: Int? = nil, organizationSkew: Double = 1.1
  ) {
    self.customers = customers
    self.archetypes = archetypes
    self.tiers = tiers
    self.regions = regions
    self.features = features
    self.products = products
    self.organizations = organizations
    self.organizationSkew = organizationSkew
  }

  /// Organizations drawn: `organizations`, else one per eight customers, at most
  /// `Limits.organizations` (their ids are 16-bit).
  public var organizationCount: Int { min(Limits.organizations, max(1, organizations ?? (customers + 7) / 8)) }

  public static let defaultArchetypes = [
    Archetype(name: "light", share: 0.7, callsPerDay: 5...20),
    Archetype(name: "power", share: 0.2, callsPerDay: 50...150),
    Archetype(name: "heavy", share: 0.1, callsPerDay: 200...500),
  ]
  public static let defaultTiers = [
    Tier(name: "starter", fee: Money(dollars: 29), share: 0.6, includedCalls: 1_000),
    Tier(name: "pro", fee: Money(dollars: 99), share: 0.3, includedCalls: 5_000),
    Tier(name: "enterprise", fee: Money(dollars: 299), share: 0.1, includedCalls: 20_000),
  ]
  public static let defaultRegions = [
    Region(name: "us-east", utcOffset: -5, share: 0.30),
    Region(name: "us-west", utcOffset: -8, share: 0.15),
    Region(name: "eu-west", utcOffset: 0, share: 0.20),
    Region(name: "eu-central", utcOffset: 1, share: 0.12),
    Region(name: "ap-south", utcOffset: 5, share: 0.08),
    Region(name: "ap-southeast", utcOffset: 8, share: 0.08),
    Region(name: "ap-northeast", utcOffset: 9, share: 0.04),
    Region(name: "sa-east", utcOffset: -3, share: 0.03),
  ]
  public static let defaultFeatures = [
    Feature(name: "chat", popularity: 0.35, tasks: [.chat: 0.85, .reasoning: 0.15]),
    Feature(name: "search", popularity: 0.20, tasks: [.extraction: 0.6, .summarization: 0.4]),
    Feature(name: "summarize", popularity: 0.15, tasks: [.summarization: 1]),
    Feature(name: "code", popularity: 0.15, tasks: [.code: 0.85, .reasoning: 0.15]),
    Feature(name: "analytics", popularity: 0.10, tasks: [.reasoning: 0.5, .extraction: 0.3, .classification: 0.2]),
    Feature(name: "moderation", popularity: 0.05, tasks: [.classification: 1]),
  ]
  public static let defaultProducts = ["assistant", "workspace", "insights", "api"]
}
