/// The organization's cost-center tree, business unit → team → project, with the calls each
/// project owns (a selector on call dimensions).
///
/// Calls no project selects are unallocated.
public struct CostCenter: Sendable, Hashable {
  public var businessUnit: String
  public var team: String
  public var project: String
  /// Dimension → value a call must have, for example, `["product": "assistant"]`.
  public var selector: [String: String]

  public static let dimensions = [
    "organization", "product", "feature", "customer", "provider", "model", "task_type", "region", "tier",
  ]
}

/// A rule that raises alerts: a metric over a window, per scope, against a threshold.
public struct AlertRule: Sendable, Hashable {
  public var name: String
  /// `cost`, `calls`, `errors`, `error_rate` or `cost_share_of_revenue`.
  public var metric: String
  /// `hour`, `day` or `period`.
  public var window: String
  /// `all`, or a dimension evaluated per value (`customer`, `organization`, ...).
  public var scope: String
  public var threshold: Double

  public static let metrics = ["cost", "calls", "errors", "error_rate", "cost_share_of_revenue"]
  public static let windows = ["hour", "day", "period"]
  public static let scopes = ["all", "customer", "organization", "product", "feature", "provider", "model"]
}
