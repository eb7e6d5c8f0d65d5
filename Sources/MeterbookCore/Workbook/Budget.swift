/// A spending limit on a scope (everything, an organization, a product, a feature, a
/// customer, a provider or a model) per period, with alert thresholds.
public struct Budget: Sendable, Hashable {
  public var name: String
  public var scope: Scope
  public var amount: Money
  /// Shares of `amount` that raise an alert, for example, 0.5, 0.8, 1.0.
  public var thresholds: [Double]

  public struct Scope: Sendable, Hashable {
    /// `all`, `organization`, `product`, `feature`, `customer`, `provider` or `model`.
    public var dimension: String
    public var value: String?
  }

  public static let scopeDimensions = [
    "all", "organization", "product", "feature", "customer", "provider", "model", "team",
  ]
}
