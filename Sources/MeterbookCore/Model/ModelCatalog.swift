/// The models an analysis may use, with their list prices as of `priceDate`.
///
/// Catalogs are data, loaded from `scenarios/catalog/*.yaml` at run time so an analyst can
/// edit a price without rebuilding (see `CatalogLoader`).
public struct ModelCatalog: Sendable, Hashable {
  public var name: String
  /// The day the prices were read off the providers' public lists (`YYYY-MM-DD`).
  public var priceDate: String
  public var providers: [Provider]
  public private(set) var models: [ModelSpec]
  private var indexByID: [String: Int]

  public init(name: String, priceDate: String, providers: [Provider], models: [ModelSpec]) {
    self.name = name
    self.priceDate = priceDate
    self.providers = providers
    self.models = models
    self.indexByID = Dictionary(models.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
  }

  /// The model with the `provider/model` id, or `nil`.
  public func model(_ id: String) -> ModelSpec? { index(of: id).map { models[$0] } }
  public func index(of id: String) -> Int? { indexByID[id] }
  public func provider(_ key: String) -> Provider? { providers.first { $0.key == key } }
  public var modelIDs: [String] { models.map(\.id) }

  /// Each provider's cheapest model by output price (the first listed on a tie), keyed by
  /// provider key: where simple tasks and cost optimizations send traffic.
  public var cheapestByProvider: [String: ModelSpec] {
    var cheapest: [String: ModelSpec] = [:]
    for m in models where cheapest[m.providerKey].map({ m.price.output < $0.price.output }) ?? true {
      cheapest[m.providerKey] = m
    }
    return cheapest
  }

  /// Replaces one model's entry (used by what-ifs that change a catalog price).
  public mutating func replace(_ model: ModelSpec) {
    if let i = indexByID[model.id] { models[i] = model }
  }
}
