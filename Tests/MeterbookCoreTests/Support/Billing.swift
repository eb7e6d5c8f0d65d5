@testable import MeterbookCore

extension Period {
  /// January 2026: a whole 31-day calendar month, one monthly billing period.
  static let january2026 = Period(start: CalendarDay(year: 2026, month: 1, day: 1), days: 31)
}

extension PricingEngine {
  /// `plan`'s invoice for the run's first billing period (the days of it the run covers), from
  /// `units` per charge.
  func firstInvoice(_ plan: Plan, tier: String = "", units: [Int64]) -> Invoice {
    var carry = BillingCarry()
    let first = plan.billing.periods(overlapping: period)[0]
    return invoice(plan, tier: tier, units: units, period: first, activeDays: first.coveredDays, carry: &carry)
  }
}

extension RunBuilder {
  /// Each customer's invoice totals, in period order, when `plan` bills the built run
  /// (`days` from `start`; customers imported from the calls, billed from the start).
  func invoiceTotals(_ plan: Plan) -> [[Money]] {
    let period = Period(start: start, days: days)
    return PricingEngine(plans: [plan], period: period)
      .bills(plan, run: run, population: Population(imported: run, start: start)).map { $0.invoices.map(\.total) }
  }

  /// Marks the last call added as failed (status error).
  mutating func failLast() { run.status[run.count - 1] = 1 }
}
