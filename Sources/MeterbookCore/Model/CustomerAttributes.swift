/// A customer's organization, product, tier and region, as ids into a run's dimension tables.
///
/// An import takes them from the customer's first call; a streamed import keeps them beside
/// the usage cube (whose cells are not keyed by them) so its population is the in-memory one.
public struct CustomerAttributes: Sendable, Hashable {
  public var organization: UInt16 = 0
  public var product: UInt16 = 0
  public var tier: UInt8 = 0
  public var region: UInt8 = 0

  public init(organization: UInt16 = 0, product: UInt16 = 0, tier: UInt8 = 0, region: UInt8 = 0) {
    self.organization = organization
    self.product = product
    self.tier = tier
    self.region = region
  }
}
