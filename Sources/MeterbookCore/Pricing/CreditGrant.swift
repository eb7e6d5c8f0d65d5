/// A grant of prepaid credit to a plan's wallet: an amount, when it starts and expires, how
/// soon it is spent, and how much of it may roll over when it expires.
///
/// As Lago's wallets and Orb's and Metronome's credit grants: a one-off grant (a promotion, a
/// prepaid purchase) lives until its expiry date, across invoices; a recurring grant is a
/// top-up of `amount` on every invoice, spent by that invoice. When a grant expires, up to
/// `rollover` of its unused credit carries to the next invoice, once; the rest is forfeited.
/// The order of spending and the rules are in `specs/pricing.md`, *Credit wallets*.
public struct CreditGrant: Sendable, Hashable {
  /// The name on the invoice's wallet lines (`grant 1` when none is given).
  public var name: String
  /// Credit granted (per invoice for a recurring grant).
  public var amount: Money
  /// Grants with a lower priority are spent first (Lago's wallet priority).
  public var priority: Int
  /// First day the grant is available; `nil` for the customer's first invoice.
  public var start: CalendarDay?
  /// Last day the grant may pay an invoice; `nil` for never.
  ///
  /// Invoices are dated on their period's last day. A recurring grant tops up on invoices
  /// dated up to it.
  public var expires: CalendarDay?
  /// The most of the grant's unused credit that carries to the next invoice when it expires.
  public var rollover: Money
  /// Whether the grant is a top-up on every invoice, expiring after that invoice.
  public var recurring: Bool

  public init(
    name: String, amount: Money, priority: Int = 0, start: CalendarDay? = nil, expires: CalendarDay? = nil,
    rollover: Money = .zero, recurring: Bool = false
  ) {
    self.name = name
    self.amount = amount
    self.priority = priority
    self.start = start
    self.expires = expires
    self.rollover = rollover
    self.recurring = recurring
  }

  /// Whether the grant gives credit on an invoice dated `date`.
  func isAvailable(on date: CalendarDay) -> Bool {
    (start.map { $0 <= date } ?? true) && (!recurring || (expires.map { date <= $0 } ?? true))
  }
}
