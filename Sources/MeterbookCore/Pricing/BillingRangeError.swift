/// A plan that bills one customer more than `Limits.invoice` in one period, named with the
/// customer and the period.
///
/// Money is exact nano-dollars in `Int128`; every input amount is under $1 billion, but a price
/// times a customer's units can still reach any size. The engine holds such a line at the
/// limit (`Invoice.exceedsLimit`) so nothing traps or wraps, and this error refuses the plan
/// before any figure is shown from it (`specs/pricing.md`, *Money range*).
public struct BillingRangeError: Error, Sendable, Hashable, CustomStringConvertible {
  public let plan: String
  public let customer: String
  /// The label of the first billing period past the limit (`2026-01`).
  public let period: String

  public var description: String {
    "plan '\(plan)' bills customer \(customer) more than \(Format.money(Limits.invoice)) for period \(period); "
      + "expected at most \(Format.money(Limits.invoice)) per invoice (hint: check the plan's prices and their "
      + "'per' units, or bill a shorter period)"
  }

  /// Throws for the first bill, in customer order, with an invoice past the limit.
  static func check(_ bills: [Bill], plan: String, customers: [Customer]) throws(BillingRangeError) {
    for bill in bills {
      guard let invoice = bill.invoices.first(where: \.exceedsLimit) else { continue }
      let id = customers.indices.contains(bill.customer) ? customers[bill.customer].id : "#\(bill.customer)"
      throw BillingRangeError(plan: plan, customer: id, period: invoice.period.label)
    }
  }
}
