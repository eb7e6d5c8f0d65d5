/// Reads a plan's `wallet:` grants and its `commitment:` (`specs/workbook-format.md`, plans).
extension PlanDecoder {
  static let grantKeys = ["name", "amount", "priority", "start", "expires", "rollover", "recurring"]
  static let commitmentKeys = ["amount", "periods", "unused"]

  /// `wallet: [{name, amount, priority, start, expires, rollover, recurring}]`; `nil` when a
  /// grant has an error (each is reported, located).
  func decodeWallet(_ value: YAMLValue, into d: inout Diagnostics) -> [CreditGrant]? {
    guard let items = value.sequence(what: "list of credit grants", into: &d) else { return nil }
    let before = d.items.count
    var grants: [CreditGrant] = []
    for (i, item) in items.enumerated() {
      guard let f = item.fields(allowed: Self.grantKeys, what: "credit grant", into: &d),
        let amount = f.required("amount", what: "the credit granted", into: &d)?.money(into: &d)
      else { continue }
      var grant = CreditGrant(name: "grant \(i + 1)", amount: amount)
      if let n = f["name"]?.string(into: &d) { grant.name = n }
      if let p = f["priority"]?.int(in: 0...999, into: &d) { grant.priority = p }
      grant.start = f["start"]?.date(into: &d)
      grant.expires = f["expires"]?.date(into: &d)
      if let r = f["rollover"]?.money(into: &d) { grant.rollover = r }
      if let r = f["recurring"]?.bool(into: &d) { grant.recurring = r }
      if let start = grant.start, let expires = grant.expires, expires < start, let at = f["expires"] {
        at.error(
          "grant expires \(expires), before it starts \(start); expected an expiry on or after the start",
          hint: "drop expires for a grant that never expires", into: &d)
      }
      grants.append(grant)
    }
    return d.items.count == before ? grants : nil
  }

  /// `commitment: {amount, periods, unused: forfeit | bill}`; `nil` when a key has an error
  /// (each is reported, located).
  func decodeCommitment(_ value: YAMLValue, into d: inout Diagnostics) -> PrepaidCommitment? {
    guard let f = value.fields(allowed: Self.commitmentKeys, what: "commitment", into: &d) else { return nil }
    let amount = f.required("amount", what: "the amount committed per term", into: &d)?.money(into: &d)
    let periods = f.required("periods", what: "the billing periods of a term", into: &d)?
      .int(in: 1...Limits.days, into: &d)
    var unused: PrepaidCommitment.Unused? = .forfeit
    if let u = f["unused"] {
      unused = u.choice(PrepaidCommitment.Unused.allCases.map(\.rawValue), what: "unused commitment", into: &d)
        .flatMap(PrepaidCommitment.Unused.init(rawValue:))
    }
    guard let amount, let periods, let unused else { return nil }
    return PrepaidCommitment(amount: amount, periods: periods, unused: unused)
  }
}
