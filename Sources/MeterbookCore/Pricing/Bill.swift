/// One customer's bill under one plan over a whole run: the sum of its invoices, one per
/// billing period the run touches.
///
/// Analyzers read `total` (a customer's revenue for the run); the invoice preview reads the
/// invoices beneath it.
public struct Bill: Sendable, Hashable {
  public var customer: Int
  public var plan: String
  public var invoices: [Invoice]

  public init(customer: Int, plan: String, invoices: [Invoice]) {
    self.customer = customer
    self.plan = plan
    self.invoices = invoices
  }

  /// Every invoice's lines, period after period.
  public var lines: [Line] { invoices.flatMap(\.lines) }

  /// The exact sum of the invoices, without building an array of lines (totals are read once
  /// per customer per plan per seed).
  public var total: Money { invoices.reduce(Money.zero) { $0 + $1.total } }

  /// One line of an invoice.
  public struct Line: Sendable, Hashable {
    public var label: String
    public var amount: Money
    public var kind: Kind

    public init(label: String, amount: Money, kind: Kind) {
      self.label = label
      self.amount = amount
      self.kind = kind
    }

    /// What a line is, in the order lines appear on an invoice (`specs/pricing.md`).
    public enum Kind: String, Sendable, Hashable {
      case subscription, usage, seats, fee, discount, commitment, credits, cap, minimum, prepaid, wallet

      /// Whether the line is a charge (subscription, usage, seats, percentage fee) that makes
      /// up the subtotal, rather than an adjustment of it.
      public var isCharge: Bool { self == .subscription || self == .usage || self == .seats || self == .fee }
    }
  }
}
