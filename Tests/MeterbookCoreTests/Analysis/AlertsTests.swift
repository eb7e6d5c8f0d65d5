import Foundation
import Testing

@testable import MeterbookCore

/// Alert events stamped when their condition first held, with units and a summary per rule;
/// budgets judged per calendar month and projected by the month's real length.
struct AlertsTests {
  @Test func aCumulativeRuleIsStampedAtTheCallThatPushedTheTotalOver() throws {
    // One $1 call an hour; the bill is the $29 fee for March (a whole month), so 30% is $8.70:
    // the 9th call (08:00 on March 1) passes it.
    var b = PlantedRun(start: CalendarDay(year: 2026, month: 3, day: 1), days: 31)
    for hour in 0..<24 { b.add(day: 0, hour: hour, dollars: 1) }
    let rule = AlertRule(
      name: "over-revenue", metric: "cost_share_of_revenue", window: "period", scope: "customer", threshold: 0.3)
    let events = AlertEngine.evaluate(b.context(alerts: [rule]))
    #expect(events.count == 1)
    let e = try #require(events.first)
    #expect(e.time == "2026-03-01T08:00:00Z")
    #expect(e.scope == "customer cust_1" && e.unit == "fraction" && e.severity == "critical")
    #expect(abs(e.value - 24.0 / 29.0) < 1e-12)
  }

  @Test func anHourlyCostRuleIsStampedInsideTheHourNotAtItsStart() throws {
    var b = PlantedRun(days: 3)
    b.add(day: 1, hour: 10, dollars: 1, count: 10)  // calls 7 seconds apart from 10:00:00
    b.add(day: 2, hour: 4, dollars: 1, count: 4)
    let rule = AlertRule(name: "hourly", metric: "cost", window: "hour", scope: "all", threshold: 5.5)
    let evaluation = AlertEngine.evaluation(b.context(alerts: [rule]))
    #expect(evaluation.events.map(\.time) == ["2026-01-06T10:00:35Z"])  // the 6th call: $6 > $5.50
    #expect(evaluation.events.first?.unit == "usd" && evaluation.events.first?.value == 10)
    let summary = try #require(evaluation.summaries.first)
    #expect(summary.name == "hourly" && summary.count == 1 && summary.listed == 1)
    #expect(summary.line == "hourly: 1 event, 2026-01-06T10:00:35Z; worst all $10.00 (threshold $5.50)")
  }

  @Test func anErrorRateIsJudgedFromTheTwentiethCall() throws {
    // 19 good calls, a failed 20th at 01:03:20, 4 more good ones: 1/20 = 5%, then 1/24 = 4.2% at the day's end.
    var b = PlantedRun(days: 2)
    b.add(day: 0, hour: 1, dollars: 0.01, count: 19)
    b.add(day: 0, hour: 1, second: 200, dollars: 0.01, failed: true)
    b.add(day: 0, hour: 1, second: 300, dollars: 0.01, count: 4)
    let rule = AlertRule(name: "errors", metric: "error_rate", window: "day", scope: "all", threshold: 0.04)
    let events = AlertEngine.evaluate(b.context(alerts: [rule]))
    #expect(events.map(\.time) == ["2026-01-05T01:03:20Z"])
    #expect(events.first.map { abs($0.value - 1.0 / 24) < 1e-12 && $0.unit == "fraction" } == true)
    // With the error earlier, the rate passes 4% before the 20th call, which does not count: still the 20th.
    var early = PlantedRun(days: 2)
    early.add(day: 0, hour: 1, dollars: 0.01, failed: true)
    early.add(day: 0, hour: 1, second: 7, dollars: 0.01, count: 19)
    #expect(AlertEngine.evaluate(early.context(alerts: [rule])).map(\.time) == ["2026-01-05T01:02:13Z"])
  }

  @Test func manyEventsAreCappedButTheSummaryCountsThemAll() throws {
    var b = PlantedRun(days: 7)
    for day in 0..<7 { for hour in 0..<24 { b.add(day: day, hour: hour, dollars: 0.01, count: 3) } }
    let rule = AlertRule(name: "busy", metric: "calls", window: "hour", scope: "all", threshold: 2)
    let evaluation = AlertEngine.evaluation(b.context(alerts: [rule]), limitPerRule: 10)
    #expect(evaluation.events.count == 10)
    let s = try #require(evaluation.summaries.first)
    #expect(s.count == 168 && s.listed == 10)
    #expect(s.first == "2026-01-05T00:00:14Z" && s.last == "2026-01-11T23:00:14Z")
    #expect(s.worst?.unit == "calls" && s.worst?.value == 3)
  }

  @Test(arguments: [(3, 31), (2, 28)])
  func aMonthsProjectionUsesItsRealLength(month: Int, length: Int) throws {
    var b = PlantedRun(start: CalendarDay(year: 2026, month: month, day: 1), days: length)
    for day in 0..<length { b.add(day: day, hour: 12, dollars: 10) }
    let budget = Budget(name: "b", scope: .init(dimension: "all"), amount: Money(dollars: 1_000), thresholds: [1])
    let s = try #require(AlertEngine.budgets(b.context(budgets: [budget])).first)
    #expect(s.projectedMonth == Money(dollars: Int64(10 * length)))  // not 30 × $10
    #expect(s.projectedMonth == s.actual && s.burnPerDay == Money(dollars: 10))
  }

  @Test func aPartialMonthIsProjectedToItsEndAndEachMonthHasItsOwnCrossings() throws {
    // 45 days from January 1: all of January, February 1–14; $10 a day against a $200 monthly budget.
    var b = PlantedRun(start: CalendarDay(year: 2026, month: 1, day: 1), days: 45)
    for day in 0..<45 { b.add(day: day, hour: 12, dollars: 10) }
    let budget = Budget(
      name: "team", scope: .init(dimension: "all"), amount: Money(dollars: 200), thresholds: [0.5, 1.0])
    let c = b.context(budgets: [budget])
    let s = try #require(AlertEngine.budgets(c).first)
    #expect(s.months.map(\.month) == ["2026-01", "2026-02"])
    #expect(s.months.map(\.actual) == [Money(dollars: 310), Money(dollars: 140)])
    #expect(s.months.map(\.projected) == [Money(dollars: 310), Money(dollars: 280)])
    #expect(s.projectedMonth == Money(dollars: 280))
    #expect(
      s.crossings.map { AlertEngine.iso($0.at) } == [
        "2026-01-10T12:00:00Z", "2026-01-20T12:00:00Z", "2026-02-10T12:00:00Z",
      ])
    let events = AlertEngine.evaluate(c)
    #expect(
      events.map { "\($0.time) \($0.rule)" } == [
        "2026-01-07T23:59:59Z budget team forecast overrun",  // $70 in 7 days → $310 projected
        "2026-01-10T12:00:00Z budget team 50%",
        "2026-01-20T12:00:00Z budget team 100%",
        "2026-02-07T23:59:59Z budget team forecast overrun",  // $70 in 7 days → $280
        "2026-02-10T12:00:00Z budget team 50%",
      ])
    #expect(events.allSatisfy { $0.unit == "usd" })
    #expect(events.first?.value == 310)
  }

  @Test func eventsAreValidJSONLinesWithTheirUnit() throws {
    var b = PlantedRun(days: 2)
    b.add(day: 0, hour: 1, dollars: 1, count: 3)
    let rule = AlertRule(name: "r", metric: "calls", window: "day", scope: "all", threshold: 1)
    let lines = AlertEngine.jsonLines(AlertEngine.evaluate(b.context(alerts: [rule])))
    #expect(
      lines
        == #"{"rule":"r","scope":"all","severity":"critical","threshold":1,"time":"2026-01-05T01:00:07Z","unit":"calls","value":3}"#
        + "\n")
    for line in lines.split(separator: "\n") {
      #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil)
    }
  }
}
