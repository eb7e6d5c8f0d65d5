extension Plan {
  /// The plan customers are on when a workbook names none: each tier's subscription fee.
  public static func tierFees(_ spec: PopulationSpec) -> Plan {
    Plan(name: "tier fees", fees: Dictionary(spec.tiers.map { ($0.name, $0.fee) }, uniquingKeysWith: { a, _ in a }))
  }
}
