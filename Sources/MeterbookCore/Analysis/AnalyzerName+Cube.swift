extension AnalyzerName {
  /// Whether the analyzer needs call-level data that a usage cube does not hold.
  ///
  /// A cube keeps sums per hour × customer × model × task type × feature: every cost, call,
  /// error and token breakdown, the hourly and daily series and the bills rest on those. It
  /// holds no latencies and no quality scores, so latency percentiles and quality per dollar
  /// (performance) and model switches judged by observed quality and latency (optimization)
  /// need the calls.
  public var needsCalls: Bool { self == .performance || self == .optimization }

  /// What a run on a cube says in place of an analyzer that needs the calls: one line, so a
  /// multi-report run goes on with the others.
  func cubeNote() -> Report {
    Report(
      title: "\(rawValue): needs call-level data",
      blocks: [
        .note(
          "The \(rawValue) report needs call-level data that a usage cube does not have "
            + "(latencies and quality scores per call); run it on the calls (`meterbook analyze calls.csv --report \(rawValue)`)."
        )
      ])
  }

  /// Whether the analyzer's figures read each customer's tier, organization or product, which
  /// a usage cube does not carry (revenue from tier fees, showback by product, allowances).
  var readsCustomerAttributes: Bool {
    [.summary, .realtime, .alignment, .profitability, .freeTier].contains(self)
  }

  /// The line a cube run puts first in a report whose figures read customer attributes, when
  /// no `customer_tiers:` gave the customers tiers.
  static let cubeAttributesNote =
    "A usage cube carries no subscription tiers, organizations, products or regions: every customer reads as 'unknown', "
    + "so revenue from tier fees is $0 and showback by product is one line; costs, calls and tokens are complete. "
    + "Bill the cube with plans and tiers: `meterbook analyze --cube cube.csv --plans plans.yaml` with customer_tiers:."

  /// The analyzers that run on a usage cube, in order.
  public static var cubeReports: [AnalyzerName] { allCases.filter { !$0.needsCalls } }
}
