import Testing

@testable import MeterbookCore

/// The alerts report: a summary row per rule, every value and threshold with its unit.
struct AlertReportTests {
  @Test func valuesCarryTheirUnitInTheirText() {
    #expect(AlertEvaluation.cell(1204, unit: "calls").text == "1,204 calls")
    #expect(AlertEvaluation.cell(1204, unit: "calls").value == 1204)
    #expect(AlertEvaluation.cell(0.312, unit: "fraction").text == "31.2%")
    #expect(AlertEvaluation.cell(0.312, unit: "fraction").value == 31.2)
    #expect(AlertEvaluation.cell(40, unit: "usd").text == "$40.00")
  }

  @Test func theSummaryKeepsTheWorstValueAndItsThresholdAt80Columns() {
    let event = AlertEvent(
      time: "2026-03-02T18:04:22Z", rule: "customer-over-revenue", scope: "customer cust_0293", value: 5.611,
      threshold: 0.3, unit: "fraction", severity: "critical")
    let summary = AlertSummary(name: "customer-over-revenue", events: [event], listed: 1)
    let text = TextRenderer(width: 80).render(
      AlertEvaluation(events: [event], summaries: [summary]).report(title: "Alerts"))
    let row = text.split(separator: "\n").first { $0.hasPrefix("│ customer-over-revenue") }
    #expect(row?.contains("561.1%") == true && row?.contains("30.0%") == true, "\(text)")
  }
}
