import Foundation

/// One simulated customer: who they are, what they pay, how much they use.
public struct Customer: Sendable, Hashable {
  /// Dense index, also the customer's sub-stream key.
  public var index: Int
  public var id: String
  public var organization: Int
  public var product: Int
  public var tier: Int
  public var archetype: Int
  public var region: Int
  /// The customer's own mean calls per day before any traffic pattern.
  public var baseCallsPerDay: Double
  public var signup: CalendarDay
  /// Preference weight per feature, indexed like `PopulationSpec.features`.
  public var featureWeights: [Double]
}

/// The customers of a scenario and the names of everything they refer to.
public struct Population: Sendable, Hashable {
  public var spec: PopulationSpec
  public var customers: [Customer]
  public var organizationIDs: [String]

  /// Draws `spec.customers` customers, each from its own sub-stream of `seed`.
  ///
  /// Customer *i* is drawn only from stream (seed, customer, *i*), always in the same order
  /// (archetype, tier, region, organization, product, rate, signup, features), so changing
  /// one archetype's calls per day changes only that archetype's customers.
  public static func generate(_ spec: PopulationSpec, seed: UInt64, start: CalendarDay) -> Population {
    let archetypeCDF = cumulative(spec.archetypes.map(\.share))
    let tierCDF = cumulative(spec.tiers.map(\.share))
    let regionCDF = cumulative(spec.regions.map(\.share))
    let orgCount = spec.organizationCount
    let orgCDF = cumulative((0..<orgCount).map { 1 / pow(Double($0 + 1), spec.organizationSkew) })
    let width = max(4, String(spec.customers).count)
    let orgWidth = max(3, String(orgCount).count)
    var customers: [Customer] = []
    customers.reserveCapacity(spec.customers)
    var orgProduct = [Int](repeating: -1, count: orgCount)
    for i in 0..<spec.customers {
      var rng = SplitMix64(seed: seed, stream: StreamKey.customer.rawValue, UInt64(i))
      let archetype = spec.archetypes.isEmpty ? 0 : rng.pick(archetypeCDF)
      let tier = spec.tiers.isEmpty ? 0 : rng.pick(tierCDF)
      let region = spec.regions.isEmpty ? 0 : rng.pick(regionCDF)
      let org = rng.pick(orgCDF)
      let productDraw = rng.unit()
      let rateDraw = rng.unit()
      let signupDraw = rng.unit()
      var weights = spec.features.map { $0.popularity * (0.25 + 1.5 * rng.unit()) }
      if orgProduct[org] < 0 {
        var orgRNG = SplitMix64(seed: seed, stream: StreamKey.orgLayout.rawValue, UInt64(org))
        orgProduct[org] = Int(orgRNG.unit() * Double(max(1, spec.products.count)))
      }
      // Most customers of an organization use its main product; some use another.
      let product =
        productDraw < 0.8 || spec.products.count < 2
        ? orgProduct[org] : Int(productDraw * 10) % spec.products.count
      if weights.allSatisfy({ $0 <= 0 }), !weights.isEmpty { weights[0] = 1 }
      let range = spec.archetypes.isEmpty ? 1...1 : spec.archetypes[archetype].callsPerDay
      customers.append(
        Customer(
          index: i, id: "cust_" + padded(i + 1, width), organization: org, product: product, tier: tier,
          archetype: archetype, region: region,
          baseCallsPerDay: range.lowerBound + rateDraw * (range.upperBound - range.lowerBound),
          signup: start.adding(days: -1 - Int(signupDraw * 730)), featureWeights: weights))
    }
    let orgIDs = (0..<orgCount).map { "org_" + padded($0 + 1, orgWidth) }
    return Population(spec: spec, customers: customers, organizationIDs: orgIDs)
  }
}

func padded(_ n: Int, _ width: Int) -> String {
  let s = String(n)
  return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}
