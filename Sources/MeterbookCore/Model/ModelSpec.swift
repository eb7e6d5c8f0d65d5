/// One chat model of the catalog: who serves it, what it costs, how fast, how reliable,
/// and how good it is per task type.
public struct ModelSpec: Sendable, Hashable, Codable {
  /// `provider/model`, the key workbooks use (e.g.
  ///
  /// `openai/gpt-4o`).
  public var id: String { "\(providerKey)/\(name)" }
  /// The provider's short key (e.g.
  ///
  /// `openai`, `bedrock`).
  public var providerKey: String
  /// The provider's display name (e.g.
  ///
  /// `OpenAI`, `AWS Bedrock`); written to the CSV.
  public var providerName: String
  /// The model name as the provider spells it (e.g.
  ///
  /// `gpt-4o`).
  public var name: String
  /// The model's dated prices; calls are costed at the entry in force on their day.
  public var prices: PriceSchedule
  /// The newest price: what analyses that are not tied to a day (cheapest model, what-ifs at
  /// today's price, the simulated model mix) read.
  public var price: ModelPrice {
    get { prices.newest }
    set { prices.newest = newValue }
  }
  public var contextWindow: Int
  public var latency: LatencyProfile
  /// Share of calls that fail with an error (not billed).
  public var errorRate: Double
  /// Share of calls that time out (input billed, no output).
  public var timeoutRate: Double
  /// Expected answer quality per task type, 0...1, indexed by `TaskType.index`.
  public var quality: [Double]

  public init(
    providerKey: String, providerName: String, name: String, prices: PriceSchedule, contextWindow: Int,
    latency: LatencyProfile, errorRate: Double, timeoutRate: Double, quality: [Double]
  ) {
    self.providerKey = providerKey
    self.providerName = providerName
    self.name = name
    self.prices = prices
    self.contextWindow = contextWindow
    self.latency = latency
    self.errorRate = errorRate
    self.timeoutRate = timeoutRate
    self.quality = quality
  }

  public func quality(for task: TaskType) -> Double { quality[task.index] }
}
