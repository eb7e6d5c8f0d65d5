import Testing

@testable import MeterbookCore

/// `invoice CUSTOMER [PERIOD]`: one customer's invoices, every line, and errors that name the
/// nearest customer or the periods there are.
struct InvoicePreviewTests: LoadsWorkbookText {
  let text = """
    title: invoices
    period: {start: 2026-01-01, days: 45}
    scenarios:
      base: {customers: 5}
    plans:
      tiered:
        fee: 31
        charges:
          - {metric: calls, included: 1000000, price: 0.01}
    cells:
      - run: base
    """

  func session() throws -> WorkbookSession {
    try WorkbookSession(loader: loader, source: try YAMLSource(text: text, path: "wb.yaml"))
  }

  @Test func aFortyFiveDayRunPreviewsTwoInvoicesTheSecondProrated() throws {
    let report = try session().invoice(customer: "cust_0001")
    let tables = report.blocks.compactMap { if case .table(let t) = $0 { t } else { nil } }
    #expect(tables.map(\.title) == ["Invoice 2026-01", "Invoice 2026-02"])
    // All calls are within the million included: the fee alone, $31 then 14/28 × $31.
    #expect(
      tables.map(\.rows) == [
        [
          ["subscription (starter)", "subscription", "$31.00"], ["calls usage", "usage", "$0.00"],
          ["total", "", "$31.00"],
        ],
        [
          ["subscription (starter), 14/28 days", "subscription", "$15.50"], ["calls usage", "usage", "$0.00"],
          ["total", "", "$15.50"],
        ],
      ])
    #expect(report.problem == "cust_0001 owes $46.50 under 'tiered' for 2 billing periods.")
  }

  @Test func aPeriodIsNamedByItsMonthOrADayInIt() throws {
    let s = try session()
    for name in ["2026-02", "2026-02-10"] {
      let tables = try s.invoice(customer: "cust_0002", period: name).blocks.compactMap {
        if case .table(let t) = $0 { t.title } else { nil }
      }
      #expect(tables == ["Invoice 2026-02"])
    }
  }

  @Test func unknownCustomersPeriodsAndPlansNameTheNearest() throws {
    let s = try session()
    #expect(throws: InvoiceError.unknownCustomer("cust_001", nearest: "cust_0001", scenario: "base")) {
      try s.invoice(customer: "cust_001")
    }
    #expect(throws: InvoiceError.unknownPeriod("2025-12", nearest: "2026-02", periods: ["2026-01", "2026-02"])) {
      try s.invoice(customer: "cust_0001", period: "2025-12")
    }
    #expect(throws: InvoiceError.unknownPlan("tierd", nearest: "tiered", plans: ["tiered"])) {
      try s.invoice(customer: "cust_0001", plan: "tierd")
    }
    #expect(
      "\(InvoiceError.unknownPeriod("2025-12", nearest: "2026-02", periods: ["2026-01", "2026-02"]))"
        == "no invoice for period '2025-12'; the periods are 2026-01, 2026-02; did you mean '2026-02'?")
  }
}
