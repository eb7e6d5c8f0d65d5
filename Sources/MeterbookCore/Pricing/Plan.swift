/// A pricing plan as a billing engine would charge it, per customer per billing period.
///
/// A plan is a subscription fee (per tier) plus a list of usage charges, with optional
/// plan-level commitments: a minimum (true-up), a cap and free credits, all per billing period
/// (`billing`, calendar months by default). The constructs and their exact semantics follow
/// Stripe Billing, Lago and Orb; see `specs/pricing.md`.
public struct Plan: Sendable, Hashable {
  public var name: String
  /// Fee per billing period per subscription tier; `"*"` applies to tiers not listed.
  public var fees: [String: Money]
  public var charges: [Charge]
  /// Minimum spend per period: the invoice is raised to it (a true-up line).
  public var minimum: Money?
  /// Maximum usage charges per period.
  public var cap: Money?
  /// Free credits per period, applied to usage charges before the cap.
  public var credits: Money?
  /// Plans for specific tiers, replacing this plan for customers of that tier.
  public var perTier: [String: String]
  /// The currency the plan's amounts are in (`currency: EUR`); bills are in it, and reports
  /// convert them to the display currency at the rate of each bill's date (`FXTable`).
  public var currency: Currency = .usd
  /// How often the plan invoices (`billing: {period: month, anchor: 15}`).
  public var billing: BillingCycle
  /// Discounts and coupons, applied in order to each invoice's subtotal.
  public var discounts: [Discount] = []

  public init(
    name: String, fees: [String: Money] = [:], charges: [Charge] = [], minimum: Money? = nil, cap: Money? = nil,
    credits: Money? = nil, perTier: [String: String] = [:], billing: BillingCycle = .monthly
  ) {
    self.billing = billing
    self.name = name
    self.fees = fees
    self.charges = charges
    self.minimum = minimum
    self.cap = cap
    self.credits = credits
    self.perTier = perTier
  }

  public func fee(forTier tier: String) -> Money { fees[tier] ?? fees["*"] ?? .zero }
}

/// One usage charge of a plan.
public struct Charge: Sendable, Hashable {
  /// What is counted: `calls`, `tokens`, `input_tokens`, `output_tokens`, `cached_input_tokens`,
  /// `feature:<name>` (calls of one feature) or `cost` (the AI cost itself, for cost-plus).
  public var metric: String
  public var model: Model
  /// Units given free before charging (an included allowance).
  public var included: Int64
  /// Dimensional filter: only calls whose dimension matches count (`model`, `provider`, `task_type`, `feature`).
  public var filter: [String: String]
  /// The metric whose period total picks the tier; `nil` to tier by the priced metric itself.
  ///
  /// `tiers_by: calls` on a tokens charge steps the token price down with the period's calls.
  /// See `amount(meters:)`.
  public var tiersBy: String?

  public enum Model: Sendable, Hashable {
    /// `price` per `per` units (per-unit; `per` 1000 for "per 1k tokens").
    case perUnit(price: Money, per: Int64)
    /// `price` per started block of `size` units (package, rounded up).
    case package(price: Money, size: Int64)
    /// Graduated tiers: each unit priced by the tier it falls in.
    case graduated([Tier])
    /// Volume tiers: every unit priced at the rate of the tier the total reaches.
    case volume([Tier])
    /// Cost-plus: the AI cost times `1 + markup`.
    case markup(Double)
    /// A rate per model × token type with a default (metric `tokens`); see `PriceMatrix`.
    case matrix(PriceMatrix)
  }

  /// A price tier: units up to `upTo` (inclusive; `nil` for the last, unbounded tier) cost
  /// `unitPrice` each, and reaching the tier adds `flat` once.
  public struct Tier: Sendable, Hashable {
    public var upTo: Int64?
    public var unitPrice: Money
    public var flat: Money
    public init(upTo: Int64?, unitPrice: Money, flat: Money = .zero) {
      self.upTo = upTo
      self.unitPrice = unitPrice
      self.flat = flat
    }
  }

  public static let metrics = [
    "calls", "tokens", "input_tokens", "output_tokens", "cached_input_tokens", "cost", "seats",
  ]

  public init(metric: String, model: Model, included: Int64 = 0, filter: [String: String] = [:]) {
    self.metric = metric
    self.model = model
    self.included = included
    self.filter = filter
  }
}
