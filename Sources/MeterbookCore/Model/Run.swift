/// A set of AI calls held column by column (struct of arrays), with every repeated string
/// interned as a small integer id into a dimension table.
///
/// One call costs 62 bytes across the columns, so a million calls take about 60 MB, and a
/// scan of one column touches only that column's memory. Simulated and imported runs share
/// this type; analyzers, the pricing engine and exporters read it.
public struct Run: Sendable {
  /// The dimension tables: index `i` of a column refers to entry `i` of its table.
  public var dimensions: Dimensions

  /// Seconds since the Unix epoch, UTC.
  public var timestamp: [Int64] = []
  /// Index into `dimensions.models`.
  public var model: [UInt16] = []
  /// `TaskType.index`, or an index into `dimensions.taskTypes` for imported names.
  public var task: [UInt8] = []
  public var inputTokens: [UInt32] = []
  public var outputTokens: [UInt32] = []
  public var cachedTokens: [UInt32] = []
  /// Cost in nano-dollars (`Money.nanos`).
  public var cost: [Int64] = []
  public var latencyMs: [UInt32] = []
  /// Quality in 1/10,000ths.
  public var quality: [UInt16] = []
  /// `CallStatus` as 0 ok, 1 error, 2 timeout.
  public var status: [UInt8] = []
  public var customer: [UInt32] = []
  public var organization: [UInt16] = []
  public var product: [UInt16] = []
  public var feature: [UInt16] = []
  public var tier: [UInt8] = []
  public var region: [UInt8] = []
  /// 64-bit call id, printed as 16 hex digits.
  public var callID: [UInt64] = []
  /// Low 64 bits of the W3C trace id; the high half is derived (see `traceIDString`).
  public var traceID: [UInt64] = []

  /// Interned names.
  ///
  /// Models are `(provider display name, model name)`.
  public struct Dimensions: Sendable, Hashable {
    public var models: [ModelRef] = []
    public var taskTypes: [String] = TaskType.all.map(\.rawValue)
    public var customers: [String] = []
    public var organizations: [String] = []
    public var products: [String] = []
    public var features: [String] = []
    public var tiers: [String] = []
    public var regions: [String] = []
    public init() {}
  }

  /// A model as it appears in data: provider key and display name, model name.
  public struct ModelRef: Sendable, Hashable {
    public var providerKey: String
    public var providerName: String
    public var name: String
    public var id: String { "\(providerKey)/\(name)" }
    public init(providerKey: String, providerName: String, name: String) {
      self.providerKey = providerKey
      self.providerName = providerName
      self.name = name
    }
  }

  public init(dimensions: Dimensions) { self.dimensions = dimensions }

  public var count: Int { timestamp.count }

  /// Total cost of all calls.
  public var totalCost: Money { Money(nanos: cost.reduce(0, &+)) }

  /// Bytes held by the columns (not counting dimension tables).
  public var columnBytes: Int { count * Run.bytesPerCall }
  public static let bytesPerCall = 8 + 2 + 1 + 4 * 3 + 8 + 4 + 2 + 1 + 4 + 2 * 3 + 1 + 1 + 8 + 8

  public static func statusCode(_ s: CallStatus) -> UInt8 {
    switch s {
    case .ok: 0
    case .error: 1
    case .timeout: 2
    }
  }
  public static func status(_ code: UInt8) -> CallStatus { code == 0 ? .ok : code == 1 ? .error : .timeout }

  /// The full 32-hex-digit trace id of call `i`.
  public func traceIDString(_ i: Int) -> String {
    let low = traceID[i]
    return hex16(SplitMix64.mix(low ^ 0x5DEE_CE66_D1CE_4E5B)) + hex16(low)
  }

  /// Call `i` as a record of its 19 fields.
  public subscript(i: Int) -> CallRecord {
    let m = dimensions.models[Int(model[i])]
    return CallRecord(
      callID: hex16(callID[i]), timestamp: timestamp[i], provider: m.providerName, model: m.name,
      taskType: dimensions.taskTypes[Int(task[i])], inputTokens: Int(inputTokens[i]),
      outputTokens: Int(outputTokens[i]), cachedInputTokens: Int(cachedTokens[i]), cost: Money(nanos: cost[i]),
      latencyMs: Int(latencyMs[i]), qualityScore: Double(quality[i]) / 10_000, status: Run.status(status[i]),
      customerID: dimensions.customers[Int(customer[i])],
      organizationID: dimensions.organizations[Int(organization[i])],
      productID: dimensions.products[Int(product[i])], featureID: dimensions.features[Int(feature[i])],
      subscriptionTier: dimensions.tiers[Int(tier[i])], region: dimensions.regions[Int(region[i])],
      traceID: traceIDString(i))
  }
}

private let hexDigits = Array("0123456789abcdef".utf8)

/// 16 lowercase hex digits.
func hex16(_ v: UInt64) -> String {
  String(unsafeUninitializedCapacity: 16) { buf in
    for k in 0..<16 { buf[k] = hexDigits[Int((v >> UInt64(60 - 4 * k)) & 0xF)] }
    return 16
  }
}
