/// One AI call: the 19 fields of Meterbook's data schema, in CSV order
/// (see `specs/data-schema.md`).
///
/// A row view of a `Run`; runs store calls columnar.
public struct CallRecord: Sendable, Hashable {
  public var callID: String
  /// Seconds since the Unix epoch, UTC.
  public var timestamp: Int64
  public var provider: String
  public var model: String
  public var taskType: String
  public var inputTokens: Int
  public var outputTokens: Int
  public var cachedInputTokens: Int
  public var cost: Money
  public var latencyMs: Int
  /// 0...1, kept to four decimals.
  public var qualityScore: Double
  public var status: CallStatus
  public var customerID: String
  public var organizationID: String
  public var productID: String
  public var featureID: String
  public var subscriptionTier: String
  public var region: String
  public var traceID: String

  /// The column names, in order.
  public static let fieldNames = [
    "call_id", "timestamp", "provider", "model", "task_type", "input_tokens", "output_tokens",
    "cached_input_tokens", "cost_usd", "latency_ms", "quality_score", "status", "customer_id",
    "organization_id", "product_id", "feature_id", "subscription_tier", "region", "trace_id",
  ]
}
