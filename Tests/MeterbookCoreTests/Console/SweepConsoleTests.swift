import Foundation
import Testing

@testable import MeterbookCore

/// The what-if commands in the console: `sweep` and `compare scenarios`, their errors,
/// output modes, completion and all-or-nothing cancellation.
struct SweepConsoleTests {
  private func console() throws -> (Console, TemporaryWorkbook) {
    let wb = try TemporaryWorkbook(WhatIfWorkbook.text)
    return (wb.console(width: 100), wb)
  }

  @Test func sweepPrintsATableAChartAndTheRankNote() throws {
    let (c, wb) = try console()
    defer { wb.cleanUp() }
    let r = c.execute("sweep scenarios.base.customers 10 30 steps 3")
    #expect(r.ok, "\(r.output)")
    #expect(r.output.hasPrefix("SWEEP OF SCENARIOS.BASE.CUSTOMERS ON BASE"))
    #expect(r.output.contains("3 points of scenarios.base.customers from 10 to 30: 3 simulations of 'base'"))
    #expect(r.output.contains("│ customers │ revenue.flat │ revenue.usage │"))
    #expect(r.output.contains("revenue.flat, revenue.usage, AI cost by customers"))
    #expect(r.output.contains("● margin.flat   × margin.usage"))
    #expect(
      r.output.contains("Plans ranked by margin") || r.output.contains("No plan changes rank by margin over this range")
    )
  }

  @Test func sweepParsesStepsByOnShowAndAGrid() throws {
    let (c, wb) = try console()
    defer { wb.cleanUp() }
    let by = c.execute("sweep scenarios.other.customers 10 20 by 5 on base show AI cost, calls")
    #expect(by.ok, "\(by.output)")
    #expect(by.output.contains("│ customers │ AI cost │ calls │ rank change │"))
    #expect(by.output.contains("1 simulation of 'base'"))
    let grid = c.execute("sweep scenarios.base.customers 10 20 steps 2 and seed 1 3 steps 3 show calls")
    #expect(grid.ok, "\(grid.output)")
    #expect(grid.output.contains("calls by customers (rows) and seed (columns)"))
    #expect(grid.output.contains("customers \\ seed"))
    #expect(grid.output.contains("the seed itself is swept"))
  }

  @Test func sweepErrorsSayWhatWasExpected() throws {
    let (c, wb) = try console()
    defer { wb.cleanUp() }
    #expect(
      c.execute("sweep").output
        == "error: usage: \(ConsoleCommand.sweep.usage); e.g. sweep scenarios.baseline.customers 200 400 steps 5")
    #expect(
      c.execute("sweep scenarios.base.customers 10").output
        == "error: expected PATH FROM TO, e.g. scenarios.baseline.customers 200 400; got 'scenarios.base.customers 10'")
    #expect(
      c.execute("sweep scenarios.base.customers ten 20").output
        == "error: FROM of scenarios.base.customers is 'ten'; expected a number such as 200 or 0.015")
    #expect(
      c.execute("sweep scenarios.base.customers 10 20 steps many").output
        == "error: steps 'many'; expected a whole number of points, e.g. steps 9")
    #expect(
      c.execute("sweep scenarios.base.customers 10 20 steps 500").output
        == "error: steps 500 for scenarios.base.customers; expected at most 101 points — use fewer steps")
    #expect(
      c.execute("sweep scenarios.base.customers 20 20").output
        == "error: scenarios.base.customers goes from 20 to 20; expected two different ends")
    #expect(
      c.execute("sweep scenarios.base.customers 10 20 on bse").output
        == "error: unknown scenario 'bse'; expected one of: base, other; did you mean 'base'?")
    #expect(
      c.execute("sweep scenarios.base.customers 10 20 show profit").output.hasPrefix(
        "error: unknown figure 'profit'; expected one of: calls,"))
    #expect(
      c.execute("sweep scenarios.base.customers 10 20 frobnicate").output.hasPrefix("error: unexpected 'frobnicate'"))
    #expect(
      c.execute("sweep a 1 2 and b 1 2 and c 1 2").output
        == "error: a grid has two parameters; expected at most one 'and'")
    let located = c.execute("sweep scenarios.base.customers 10 20 steps 4")
    #expect(
      located.output.hasPrefix(
        "error: at scenarios.base.customers = 13.333:\n--set scenarios.base.customers:1:1: error:"), "\(located.output)"
    )
  }

  @Test func compareScenariosAndComparePlansBothWork() throws {
    let (c, wb) = try console()
    defer { wb.cleanUp() }
    let s = c.execute("compare scenarios base other")
    #expect(s.ok, "\(s.output)")
    #expect(s.output.hasPrefix("SCENARIOS SIDE BY SIDE: BASE, OTHER"))
    #expect(s.output.contains("│ revenue.flat     │  $32.26 │  $48.39 │ +$16.13 │   +50.0% │"), "\(s.output)")
    #expect(s.output.contains("Top movers: AI cost, 'other' against 'base'"))
    let shown = c.execute("compare scenarios base, other show AI cost, margin.flat")
    #expect(shown.ok)
    #expect(
      shown.output.contains("│ AI cost     │") && shown.output.contains("│ margin.flat │")
        && !shown.output.contains("│ calls"))
    #expect(c.execute("compare flat usage on base").output.contains("PRICING PLANS SIDE BY SIDE"))
  }

  @Test func compareScenariosErrorsNameTheValidScenarios() throws {
    let (c, wb) = try console()
    defer { wb.cleanUp() }
    #expect(
      c.execute("compare scenarios base othr").output
        == "error: unknown scenario 'othr'; expected one of: base, other; did you mean 'other'?")
    #expect(
      c.execute("compare scenarios base").output
        == "error: usage: compare scenarios SCENARIO SCENARIO... [show FIGURES]; expected at least two of: base, other")
    #expect(
      c.execute("compare scenarios base base").output
        == "error: scenario 'base' is given twice; expected each scenario once")
    #expect(
      c.execute("compare scenarios base other show").output
        == "error: 'show' needs figures, e.g. show AI cost, margin.flat")
    #expect(c.execute("compare scenarios base other show marjin").output.hasPrefix("error: unknown figure 'marjin'"))
  }

  @Test func aHeatTableRendersInEveryMode() throws {
    let (c, wb) = try console()
    defer { wb.cleanUp() }
    let line = "sweep scenarios.base.customers 10 20 steps 2 and seed 1 2 steps 2 show calls"
    _ = c.execute("mode csv")
    let csv = c.execute(line).output.split(separator: "\n").map(String.init)
    let matrix = try #require(csv.firstIndex(of: "customers \\ seed,1,2"))
    #expect(csv[matrix + 1].hasPrefix("10,") && csv[matrix + 2].hasPrefix("20,"))
    #expect(csv[matrix + 1].split(separator: ",").dropFirst().allSatisfy { Double($0) != nil })
    _ = c.execute("mode markdown")
    let md = c.execute(line).output
    #expect(md.contains("| customers \\ seed | 1 | 2 |"))
    #expect(md.contains("(best)**"))
    _ = c.execute("mode json")
    let json = c.execute(line).output
    let data = try #require(json.data(using: .utf8))
    let doc = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let cells = try #require(doc["cells"] as? [[String: Any]])
    let blocks = try #require((cells.first?["report"] as? [String: Any])?["blocks"] as? [[String: Any]])
    let heat = try #require(blocks.first { $0["kind"] as? String == "heat" }?["heat"] as? [String: Any])
    #expect((heat["values"] as? [[Double]])?.count == 2)
    #expect(heat["columns"] as? [String] == ["1", "2"])
  }

  @Test func completionKnowsSweepAndCompareScenarios() throws {
    let (c, wb) = try console()
    defer { wb.cleanUp() }
    #expect(Completer.candidates(for: "sw", in: c) == ["sweep"])
    #expect(Completer.candidates(for: "sweep scenarios.base.cu", in: c) == ["scenarios.base.customers"])
    #expect(Completer.candidates(for: "sweep scenarios.base.customers 10 ", in: c) == [])
    #expect(
      Completer.candidates(for: "sweep scenarios.base.customers 10 20 ", in: c) == ["and", "by", "on", "show", "steps"])
    #expect(Completer.candidates(for: "sweep scenarios.base.customers 10 20 steps ", in: c) == ["11", "21", "5", "9"])
    #expect(Completer.candidates(for: "sweep scenarios.base.customers 10 20 steps 3 ", in: c) == ["and", "on", "show"])
    #expect(Completer.candidates(for: "sweep scenarios.base.customers 10 20 and pl", in: c)?.first == "plans.flat.cap")
    #expect(Completer.candidates(for: "sweep scenarios.base.customers 10 20 on ", in: c) == ["base", "other"])
    #expect(Completer.candidates(for: "sweep scenarios.base.customers 10 20 on base ", in: c) == ["show"])
    #expect(Completer.candidates(for: "sweep seed 1 2 show m", in: c) == ["margin", "margin.flat", "margin.usage"])
    #expect(Completer.candidates(for: "compare ", in: c) == ["flat", "on", "scenarios", "usage"])
    #expect(Completer.candidates(for: "compare scenarios ", in: c) == ["base", "other"])
    #expect(Completer.candidates(for: "compare scenarios base other ", in: c) == ["show"])
    #expect(Completer.candidates(for: "compare scenarios base other show A", in: c) == ["AI_cost"])
  }

  @Test("a cancelled sweep leaves the session as it was")
  func cancelledSweep() throws {
    let points = try CancellationTests.sweep("sweep scenarios.base.customers 20 40 steps 3") { c in
      _ = c.execute("run all")
    }
    #expect(points >= 3)
  }
}
