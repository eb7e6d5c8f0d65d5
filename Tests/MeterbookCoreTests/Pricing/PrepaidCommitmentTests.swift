import Testing

@testable import MeterbookCore

/// Prepaid commitments: a term's amount drawn down by usage, overage after it, and the unused
/// part forfeited or billed at the term's end.
struct PrepaidCommitmentTests: LoadsWorkbookText {
  func day(_ y: Int, _ m: Int, _ d: Int) -> CalendarDay { CalendarDay(year: y, month: m, day: d) }

  /// $0.10 a call with `commitment`, January–March 2026 with `calls` per month, one carry.
  func invoices(_ commitment: PrepaidCommitment, calls: [Int64], wallet: [CreditGrant] = []) -> [Invoice] {
    var plan = Plan(
      name: "p", charges: [Charge(metric: "calls", model: .perUnit(price: Money(dollars: 0, cents: 10), per: 1))])
    plan.commitment = commitment
    plan.wallet = wallet
    let engine = PricingEngine(plans: [plan], period: Period(start: day(2026, 1, 1), days: 90))
    var carry = BillingCarry()
    return zip([1, 2, 3], calls).map { m, n in
      let period = BillingPeriod(start: day(2026, m, 1), end: day(2026, m + 1, 1))
      return engine.invoice(plan, tier: "", units: [n], period: period, activeDays: period.days, carry: &carry)
    }
  }

  func commitmentLines(_ invoice: Invoice) -> [String] {
    invoice.lines.filter { $0.kind == .prepaid }.map { "\($0.label) = \($0.amount.decimalString())" }
  }

  @Test func aDrawdownExhaustedMidTermHasADrawdownAndAnOverageLine() {
    // $100 over 3 months; 600 calls ($60), 600 ($60), 100 ($10).
    let inv = invoices(PrepaidCommitment(amount: Money(dollars: 100), periods: 3), calls: [600, 600, 100])
    // January: $100 up front, $60 drawn, $40 left: $60 + $100 − $60 = $100.
    #expect(
      commitmentLines(inv[0]) == [
        "prepaid 3-period commitment = 100.00", "drawdown of the 3-period commitment: $40.00 left = -60.00",
      ])
    // February: the last $40 is drawn, $20 is overage.
    #expect(
      commitmentLines(inv[1]) == [
        "drawdown of the 3-period commitment: $0.00 left = -40.00",
        "overage after the 3-period commitment: $20.00 = 0.00",
      ])
    // March: all overage; nothing left to forfeit.
    #expect(commitmentLines(inv[2]) == ["overage after the 3-period commitment: $10.00 = 0.00"])
    #expect(inv.map(\.total) == [Money(dollars: 100), Money(dollars: 20), Money(dollars: 10)])
  }

  @Test func aWalletPaysThePrepaymentAndTheOverage() {
    // The drawdown above with a $150 grant: January owes $100 (the prepayment), $50 left;
    // February the $20 overage, $30 left; March the $10 overage, $20 left. Nothing is billed.
    let inv = invoices(
      PrepaidCommitment(amount: Money(dollars: 100), periods: 3), calls: [600, 600, 100],
      wallet: [CreditGrant(name: "prepaid", amount: Money(dollars: 150))])
    #expect(inv.map(\.total) == [.zero, .zero, .zero])
    #expect(inv.map(\.walletBalance) == [Money(dollars: 50), Money(dollars: 30), Money(dollars: 20)])
    #expect(inv.map(\.commitmentLeft) == [Money(dollars: 40), .zero, .zero])
  }

  @Test func unusedCommitmentIsForfeitedOrBilledAtTheTermsEnd() {
    let forfeit = invoices(PrepaidCommitment(amount: Money(dollars: 100), periods: 3), calls: [100, 100, 100])
    #expect(forfeit.map(\.total) == [Money(dollars: 100), .zero, .zero])
    #expect(forfeit[2].lines.last?.label == "unused 3-period commitment forfeited: $70.00")
    let billed = invoices(
      PrepaidCommitment(amount: Money(dollars: 100), periods: 3, unused: .bill), calls: [100, 100, 100])
    #expect(billed.map(\.total) == [Money(dollars: 10), Money(dollars: 10), Money(dollars: 80)])
    #expect(commitmentLines(billed[2]) == ["true-up of the unused 3-period commitment = 70.00"])
  }

  @Test func aTermOfTwoRenewsOnTheThirdInvoice() {
    // $50 per 2 months, 100 calls ($10) a month: $50, $0 ($30 forfeited), then $50 again.
    let inv = invoices(PrepaidCommitment(amount: Money(dollars: 50), periods: 2), calls: [100, 100, 100])
    #expect(inv.map(\.total) == [Money(dollars: 50), .zero, Money(dollars: 50)])
  }

  @Test func aCommitmentIsDecodedWithLocatedErrors() throws {
    let text = """
      title: t
      scenarios:
        base: {customers: 5}
      plans:
        p:
          commitment: {amount: 1000, periods: 3, unused: bill}
        bad:
          commitment: {amount: 1000, unused: refund}
      """
    #expect(
      errors(text) == [
        "wb.yaml:8:17: missing key 'periods'; expected the billing periods of a term",
        "wb.yaml:8:40: unknown unused commitment 'refund'; expected one of: forfeit, bill",
      ])
    let good = text.components(separatedBy: "  bad:").first ?? ""
    let plan = try #require(try load(good).plans.first)
    #expect(plan.commitment == PrepaidCommitment(amount: Money(dollars: 1000), periods: 3, unused: .bill))
  }
}
