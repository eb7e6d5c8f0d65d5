import Testing

@testable import MeterbookCore

/// Credit wallets: grants spent by priority, then expiry, then grant order, carried from
/// invoice to invoice, with capped rollover of what expires.
struct WalletTests: LoadsWorkbookText {
  func day(_ y: Int, _ m: Int, _ d: Int) -> CalendarDay { CalendarDay(year: y, month: m, day: d) }

  /// January, February and March 2026, invoiced in order with one carry.
  func invoices(_ plan: Plan, units: [[Int64]] = [[], [], []]) -> [Invoice] {
    let engine = PricingEngine(plans: [plan], period: Period(start: day(2026, 1, 1), days: 90))
    var carry = BillingCarry()
    return zip([1, 2, 3], units).map { m, u in
      let period = BillingPeriod(start: day(2026, m, 1), end: day(2026, m + 1, 1))
      return engine.invoice(plan, tier: "", units: u, period: period, activeDays: period.days, carry: &carry)
    }
  }

  func wallet(_ invoice: Invoice) -> [Money] { invoice.lines.filter { $0.kind == .wallet }.map(\.amount) }

  @Test func grantsExpireAndRollOverCappedAcrossThreePeriods() {
    // $60 a month. promo: $100, priority 0, expires January 31, $5 may roll over. monthly: a $20
    // top-up each invoice, priority 1, $10 may roll over. prepaid: $25, priority 1, never expires.
    var plan = Plan(name: "p", fees: ["*": Money(dollars: 60)])
    plan.wallet = [
      CreditGrant(name: "promo", amount: Money(dollars: 100), expires: day(2026, 1, 31), rollover: Money(dollars: 5)),
      CreditGrant(
        name: "monthly", amount: Money(dollars: 20), priority: 1, rollover: Money(dollars: 10), recurring: true),
      CreditGrant(name: "prepaid", amount: Money(dollars: 25), priority: 1),
    ]
    let inv = invoices(plan)
    // January: promo (priority 0) pays all $60, $40 left; the $20 top-up goes unused.
    #expect(wallet(inv[0]) == [Money(dollars: -60)])
    #expect(inv[0].total == .zero)
    // February: promo expired with $40 ($5 rolls over, $35 lost); January's top-up with $20
    // ($10 rolls over, $10 lost). $60 owed: promo's $5 (priority 0); then priority 1 by expiry
    // (February 28 before never): the older roll-over $10, February's top-up $20; then prepaid $25.
    #expect(
      wallet(inv[1]) == [
        .zero, .zero, Money(dollars: -5), Money(dollars: -10), Money(dollars: -20), Money(dollars: -25),
      ])
    #expect(
      inv[1].lines.filter { $0.amount == .zero }.map(\.label) == [
        "wallet 'promo' expired 2026-01-31: $35.00 forfeited, $5.00 rolled over",
        "wallet 'monthly' expired 2026-01-31: $10.00 forfeited, $10.00 rolled over",
      ])
    #expect(inv[1].lines.last?.label == "wallet 'prepaid': $0.00 left")
    #expect(inv[1].total == .zero)
    // March: only the new $20 top-up is left; $40 is billed.
    #expect(wallet(inv[2]) == [Money(dollars: -20)])
    #expect(inv[2].total == Money(dollars: 40))
    // Left after January: promo's $40, the unused $20 top-up and prepaid's $25; then nothing.
    #expect(inv.map(\.walletBalance) == [Money(dollars: 85), .zero, .zero])
  }

  @Test func theInvoicePreviewShowsTheWalletLinesAndBalance() throws {
    // $30 a month against one $50 grant: January spends $30 ($20 left), February $20 ($0 left).
    var plan = Plan(name: "p", fees: ["*": Money(dollars: 30)])
    plan.wallet = [CreditGrant(name: "prepaid", amount: Money(dollars: 50))]
    let bill = Bill(customer: 0, plan: "p", invoices: invoices(plan))
    let report = try InvoicePreview(customer: "cust_0001", bill: bill).report(period: "2026-02")
    let figures = report.blocks.flatMap { block -> [String] in
      guard case .keyFigures(let k) = block else { return [] }
      return k.map { "\($0.label) \($0.value)" }
    }
    #expect(figures.contains("wallet balance $0.00"))
    #expect(figures.contains("total $10.00"))
    let rows = report.blocks.flatMap { block -> [String] in
      guard case .table(let t) = block else { return [] }
      return t.cells.map { $0.map(\.text).joined(separator: " | ") }
    }
    #expect(rows.contains("wallet 'prepaid': $0.00 left | wallet | -$20.00"))
  }

  @Test func rolledOverCreditExpiresWithTheNextInvoiceAndDoesNotRollAgain() {
    // $10 a month; $100 expiring January 31, up to $50 may roll over. January spends $10 ($90
    // left); February: $50 rolls over, $40 is forfeited, $10 of it is spent ($40 left); March:
    // the roll-over expires, all $40 forfeited (it does not roll again), and $10 is billed.
    var plan = Plan(name: "p", fees: ["*": Money(dollars: 10)])
    plan.wallet = [
      CreditGrant(name: "promo", amount: Money(dollars: 100), expires: day(2026, 1, 31), rollover: Money(dollars: 50))
    ]
    let inv = invoices(plan)
    #expect(inv.map(\.total) == [.zero, .zero, Money(dollars: 10)])
    #expect(
      inv[1].lines.filter { $0.kind == .wallet }.map(\.label) == [
        "wallet 'promo' expired 2026-01-31: $40.00 forfeited, $50.00 rolled over", "wallet 'promo': $40.00 left",
      ])
    #expect(
      inv[2].lines.filter { $0.kind == .wallet }.map(\.label) == ["wallet 'promo' expired 2026-02-28: $40.00 forfeited"]
    )
    #expect(inv.map(\.walletBalance) == [Money(dollars: 90), Money(dollars: 40), .zero])
  }

  @Test func equalPriorityAndExpiryAreSpentInGrantOrderAndAStartWaits() {
    // $30 a month; b then a (same priority, no expiry) pay in grant order; c starts February 15,
    // so January's invoice cannot use it.
    var plan = Plan(name: "p", fees: ["*": Money(dollars: 30)])
    plan.wallet = [
      CreditGrant(name: "b", amount: Money(dollars: 20)),
      CreditGrant(name: "a", amount: Money(dollars: 20)),
      CreditGrant(name: "c", amount: Money(dollars: 100), start: day(2026, 2, 15)),
    ]
    let inv = invoices(plan)
    #expect(
      inv[0].lines.filter { $0.kind == .wallet }.map(\.label) == ["wallet 'b': $0.00 left", "wallet 'a': $10.00 left"])
    #expect(inv.map(\.total) == [.zero, .zero, .zero])
    // February: a's $10, then c $20 ($80 left); March: c $30 ($50 left).
    #expect(wallet(inv[1]) == [Money(dollars: -10), Money(dollars: -20)])
    #expect(inv[2].lines.last?.label == "wallet 'c': $50.00 left")
  }

  @Test func walletGrantsAreDecodedWithLocatedErrors() throws {
    let text = """
      title: t
      scenarios:
        base: {customers: 5}
      plans:
        p:
          fee: 10
          wallet:
            - {name: promo, amount: 50, priority: 2, start: 2026-01-01, expires: 2026-03-31, rollover: 5}
            - {amount: 20, recurring: true}
        bad:
          fee: 10
          wallet:
            - {amount: 50, start: 2026-02-01, expires: 2026-01-31}
            - {amount: 5, priority: -1, expiry: 2026-01-01}
      """
    #expect(
      errors(text) == [
        "wb.yaml:13:50: grant expires 2026-01-31, before it starts 2026-02-01; expected an expiry on or after the start",
        "wb.yaml:14:31: 'plans.bad.wallet.1.priority' is -1; expected a value in 0...999",
        "wb.yaml:14:35: unknown key 'expiry' in credit grant; expected one of: name, amount, priority, start, expires, rollover, recurring",
      ])
    let good = text.components(separatedBy: "  bad:").first ?? ""
    let plan = try #require(try load(good).plans.first)
    #expect(
      plan.wallet == [
        CreditGrant(
          name: "promo", amount: Money(dollars: 50), priority: 2, start: day(2026, 1, 1), expires: day(2026, 3, 31),
          rollover: Money(dollars: 5)),
        CreditGrant(name: "grant 2", amount: Money(dollars: 20), recurring: true),
      ])
  }
}
