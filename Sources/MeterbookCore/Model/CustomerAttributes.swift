/// What a usage export says about a customer beside their calls, read off their first call:
/// organization, product, subscription tier and region, as ids into a run's dimension tables.
///
/// An imported population (`Population(imported:)`) gives each customer these; a streamed
/// import keeps them per customer (`UsageDigest.customers`), so its population is the same.
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

  /// The attributes with their ids translated into another run's tables.
  func remapped(_ remap: Run.DimensionRemap) -> CustomerAttributes {
    CustomerAttributes(
      organization: UInt16(truncatingIfNeeded: remap.organizations[Int(organization)]),
      product: UInt16(truncatingIfNeeded: remap.products[Int(product)]),
      tier: UInt8(truncatingIfNeeded: remap.tiers[Int(tier)]),
      region: UInt8(truncatingIfNeeded: remap.regions[Int(region)]))
  }
}
