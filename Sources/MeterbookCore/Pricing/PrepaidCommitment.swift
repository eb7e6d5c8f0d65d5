/// A commitment to spend `amount` on usage over a term of `periods` billing periods, drawn
/// down by the usage and trued up at the term's end.
///
/// As Metronome's commits and Orb's prepaid plans, and unlike the postpaid per-period
/// `minimum`: the commitment spans a term and its balance is carried from invoice to invoice
/// (`BillingCarry`). A term starts on the customer's first invoice and renews after `periods`
/// invoices. The lines are in `specs/pricing.md`, *Prepaid commitments*.
public struct PrepaidCommitment: Sendable, Hashable {
  /// What happens to commitment the usage did not draw by the term's end.
  public enum Unused: String, Sendable, Hashable, CaseIterable {
    /// Prepaid: the whole amount is billed on the term's first invoice, usage draws it down
    /// (a negative drawdown line), and what is left at the term's end is forfeited.
    case forfeit
    /// Postpaid: usage is billed as it comes and draws the balance down; the term's last
    /// invoice bills what is left (a true-up line).
    case bill
  }

  public var amount: Money
  /// Billing periods per term (at least 1).
  public var periods: Int
  public var unused: Unused

  public init(amount: Money, periods: Int, unused: Unused = .forfeit) {
    self.amount = amount
    self.periods = max(1, periods)
    self.unused = unused
  }

  /// The commitment's lines on invoice number `index` (0-based) with `usage` to draw from;
  /// `balance` is the term's commitment left, carried between invoices.
  func lines(index: Int, usage: Money, balance: inout Money) -> [Bill.Line] {
    var lines: [Bill.Line] = []
    let term = "\(periods)-period commitment"
    if index % periods == 0 {
      balance = amount
      if unused == .forfeit {
        lines.append(.init(label: "prepaid \(term)", amount: amount, kind: .prepaid))
      }
    }
    let drawn = min(balance, max(.zero, usage))
    balance -= drawn
    if unused == .forfeit && drawn > .zero {
      lines.append(
        .init(label: "drawdown of the \(term): \(Format.money(balance)) left", amount: -drawn, kind: .prepaid))
    }
    if unused == .forfeit && usage > drawn {
      // The overage is the usage above the drawdown, already on the usage lines: this line
      // names it without billing it twice.
      lines.append(
        .init(label: "overage after the \(term): \(Format.money(usage - drawn))", amount: .zero, kind: .prepaid))
    }
    if index % periods == periods - 1 && balance > .zero {
      switch unused {
      case .forfeit:
        lines.append(
          .init(label: "unused \(term) forfeited: \(Format.money(balance))", amount: .zero, kind: .prepaid))
      case .bill:
        lines.append(.init(label: "true-up of the unused \(term)", amount: balance, kind: .prepaid))
      }
      balance = .zero
    }
    return lines
  }
}
