extension Run {
  /// Appends `part`'s calls after this run's, its dimension ids translated into this run's
  /// tables, which gain `part`'s new names in first-appearance order.
  ///
  /// Both the parallel importer (joining the parts of one file) and a data scenario (adding
  /// simulated calls after the imported ones) join runs this way, so a call that was already
  /// here keeps every column value.
  ///
  /// - Returns: where each of `part`'s ids landed.
  /// - Throws: `TooManyNames` when a joined table outgrows its id width (each part kept within
  ///   it, their union need not); the columns are then left unchanged.
  @discardableResult
  public mutating func append(_ part: Run) throws(TooManyNames) -> DimensionRemap {
    var dims = dimensions
    let ids = DimensionRemap(merging: part.dimensions, into: &dims)
    for (column, count, limit) in [
      ("model", dims.models.count, Limits.models),
      ("task_type", dims.taskTypes.count, Limits.taskTypes),
      ("organization_id", dims.organizations.count, Limits.organizations),
      ("product_id", dims.products.count, Limits.products),
      ("feature_id", dims.features.count, Limits.features),
      ("subscription_tier", dims.tiers.count, Limits.tiers),
      ("region", dims.regions.count, Limits.regions),
    ] where count > limit {
      throw TooManyNames(column: column, limit: limit)
    }
    dimensions = dims
    timestamp += part.timestamp
    model += part.model.map { UInt16(ids.models[Int($0)]) }
    task += part.task.map { UInt8(ids.tasks[Int($0)]) }
    inputTokens += part.inputTokens
    outputTokens += part.outputTokens
    cachedTokens += part.cachedTokens
    cost += part.cost
    latencyMs += part.latencyMs
    quality += part.quality
    status += part.status
    customer += part.customer.map { UInt32(ids.customers[Int($0)]) }
    organization += part.organization.map { UInt16(ids.organizations[Int($0)]) }
    product += part.product.map { UInt16(ids.products[Int($0)]) }
    feature += part.feature.map { UInt16(ids.features[Int($0)]) }
    tier += part.tier.map { UInt8(ids.tiers[Int($0)]) }
    region += part.region.map { UInt8(ids.regions[Int($0)]) }
    callID += part.callID
    traceID += part.traceID
    return ids
  }

  /// A joined dimension table past its id width (`Limits`).
  public struct TooManyNames: Error, Hashable, CustomStringConvertible {
    public var column: String
    public var limit: Int
    public var description: String { "the joined calls have more than \(limit) distinct \(column) values" }
  }

  /// Where each id of a part's dimension tables lands in the joined run's tables.
  public struct DimensionRemap: Sendable, Hashable {
    public var models: [Int] = []
    public var tasks: [Int]
    public var customers: [Int]
    public var organizations: [Int]
    public var products: [Int]
    public var features: [Int]
    public var tiers: [Int]
    public var regions: [Int]

    init(merging part: Run.Dimensions, into run: inout Run.Dimensions) {
      for m in part.models {
        if let i = run.models.firstIndex(of: m) {
          models.append(i)
        } else {
          run.models.append(m)
          models.append(run.models.count - 1)
        }
      }
      tasks = Self.merge(&run.taskTypes, part.taskTypes)
      customers = Self.merge(&run.customers, part.customers)
      organizations = Self.merge(&run.organizations, part.organizations)
      products = Self.merge(&run.products, part.products)
      features = Self.merge(&run.features, part.features)
      tiers = Self.merge(&run.tiers, part.tiers)
      regions = Self.merge(&run.regions, part.regions)
    }

    /// The index in `table` of each name of `other`, appending the names `table` lacks.
    private static func merge(_ table: inout [String], _ other: [String]) -> [Int] {
      var index = Dictionary(table.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
      return other.map { name in
        if let i = index[name] { return i }
        table.append(name)
        index[name] = table.count - 1
        return table.count - 1
      }
    }
  }
}

extension Run {
  /// Empties every column, keeping the dimension tables and the columns' capacity: a streamed
  /// import refills the same memory with its next chunk of calls.
  mutating func removeAllCalls() {
    timestamp.removeAll(keepingCapacity: true)
    model.removeAll(keepingCapacity: true)
    task.removeAll(keepingCapacity: true)
    inputTokens.removeAll(keepingCapacity: true)
    outputTokens.removeAll(keepingCapacity: true)
    cachedTokens.removeAll(keepingCapacity: true)
    cost.removeAll(keepingCapacity: true)
    latencyMs.removeAll(keepingCapacity: true)
    quality.removeAll(keepingCapacity: true)
    status.removeAll(keepingCapacity: true)
    customer.removeAll(keepingCapacity: true)
    organization.removeAll(keepingCapacity: true)
    product.removeAll(keepingCapacity: true)
    feature.removeAll(keepingCapacity: true)
    tier.removeAll(keepingCapacity: true)
    region.removeAll(keepingCapacity: true)
    callID.removeAll(keepingCapacity: true)
    traceID.removeAll(keepingCapacity: true)
  }

  /// Makes room for `calls` calls in every column, so an import that knows about how many it
  /// will read fills them without growing them step by step.
  mutating func reserveCapacity(_ calls: Int) {
    timestamp.reserveCapacity(calls)
    model.reserveCapacity(calls)
    task.reserveCapacity(calls)
    inputTokens.reserveCapacity(calls)
    outputTokens.reserveCapacity(calls)
    cachedTokens.reserveCapacity(calls)
    cost.reserveCapacity(calls)
    latencyMs.reserveCapacity(calls)
    quality.reserveCapacity(calls)
    status.reserveCapacity(calls)
    customer.reserveCapacity(calls)
    organization.reserveCapacity(calls)
    product.reserveCapacity(calls)
    feature.reserveCapacity(calls)
    tier.reserveCapacity(calls)
    region.reserveCapacity(calls)
    callID.reserveCapacity(calls)
    traceID.reserveCapacity(calls)
  }
}
