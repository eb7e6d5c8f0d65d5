/// A customer's credit wallet under one plan: the balances of its grants, carried from
/// invoice to invoice in `BillingCarry`.
///
/// Each invoice (dated on its period's last day) first receives the grants that start by then,
/// then expires the balances past their date (rolling over up to each grant's `rollover`,
/// once), then pays what the invoice still owes from the balances in the documented order:
/// lowest priority first, then earliest expiry (never-expiring last), then grant order, then
/// the older balance (a rolled-over one before a new top-up of the same grant).
public struct Wallet: Sendable, Hashable {
  /// Credit left of one grant (or of its top-up or roll-over).
  public struct Balance: Sendable, Hashable {
    /// Index of the grant in the plan's `wallet`.
    public var grant: Int
    public var remaining: Money
    /// Last invoice date it may pay; `nil` for never.
    public var expires: CalendarDay?
    /// Whether it is credit rolled over from an expired balance (it does not roll again).
    public var rolledOver: Bool
  }

  /// Live balances, oldest first.
  public private(set) var balances: [Balance] = []
  /// One-off grants already received, by grant index.
  private var received: Set<Int> = []

  public init() {}

  /// The credit left in all balances.
  public var total: Money { Money.sum(balances.map(\.remaining)) }

  /// Pays up to `due` of the invoice dated `date` from the wallet.
  ///
  /// - Returns: the invoice's wallet lines: one per balance spent (negative, naming the credit
  ///   left in it) and one per balance that expired with credit forfeited (zero, naming it).
  mutating func pay(_ due: Money, grants: [CreditGrant], on date: CalendarDay) -> [Bill.Line] {
    // A carry handed another plan's grants keeps no balance it cannot name.
    balances.removeAll { !grants.indices.contains($0.grant) }
    for (i, grant) in grants.enumerated() where grant.isAvailable(on: date) {
      if grant.recurring {
        balances.append(Balance(grant: i, remaining: grant.amount, expires: date, rolledOver: false))
      } else if !received.contains(i) {
        received.insert(i)
        balances.append(Balance(grant: i, remaining: grant.amount, expires: grant.expires, rolledOver: false))
      }
    }
    var lines: [Bill.Line] = []
    var live: [Balance] = []
    for balance in balances {
      guard let expiry = balance.expires, expiry < date else {
        live.append(balance)
        continue
      }
      let grant = grants[balance.grant]
      let kept = balance.rolledOver ? .zero : min(balance.remaining, grant.rollover)
      if kept > .zero { live.append(Balance(grant: balance.grant, remaining: kept, expires: date, rolledOver: true)) }
      let lost = balance.remaining - kept
      if lost > .zero {
        let rolled = kept > .zero ? ", \(Format.money(kept)) rolled over" : ""
        lines.append(
          .init(
            label: "wallet '\(grant.name)' expired \(expiry): \(Format.money(lost)) forfeited\(rolled)", amount: .zero,
            kind: .wallet))
      }
    }
    let order = live.indices.sorted { a, b in
      let (x, y) = (live[a], live[b])
      let (px, py) = (grants[x.grant].priority, grants[y.grant].priority)
      if px != py { return px < py }
      let (ex, ey) = (x.expires?.daysSinceEpoch ?? .max, y.expires?.daysSinceEpoch ?? .max)
      if ex != ey { return ex < ey }
      if x.grant != y.grant { return x.grant < y.grant }
      return a < b
    }
    var owed = max(.zero, due)
    for i in order where owed > .zero && live[i].remaining > .zero {
      let used = min(owed, live[i].remaining)
      live[i].remaining -= used
      owed -= used
      lines.append(
        .init(
          label: "wallet '\(grants[live[i].grant].name)': \(Format.money(live[i].remaining)) left", amount: -used,
          kind: .wallet))
    }
    balances = live.filter { $0.remaining > .zero }
    return lines
  }
}
