import Foundation
import Testing

@testable import MeterbookCore

struct ConsoleTests {
  @Test func splitsWordsWithQuotes() {
    #expect(splitWords("load \"my book.yaml\"  now") == ["load", "my book.yaml", "now"])
    #expect(splitWords("set a.b 'x y'") == ["set", "a.b", "x y"])
    #expect(splitWords("   ") == [])
  }

  @Test func unknownCommandsSuggestTheNearest() {
    let c = Console()
    #expect(
      c.execute("compar flat") == .init(output: "error: unknown command 'compar'; did you mean 'compare'?", ok: false))
    #expect(c.execute("run").output == "error: no workbook loaded; use: load workbooks/pricing-whatif.yaml")
  }

  @Test func runsCellsAndShowsThemAgain() throws {
    let wb = try TemporaryWorkbook()
    defer { wb.cleanUp() }
    let c = wb.console()
    let run = c.execute("run")
    #expect(run.ok)
    #expect(run.output.contains("RUN: BASE"))
    #expect(run.output.contains("COST BY PROVIDER"))
    #expect(c.execute("show run-base").output == c.render(c.outputs["run-base"]!.report))
    #expect(c.execute("show nope").output == "error: unknown cell 'nope'")
    #expect(c.execute("cells").output.contains("chart-cost-provider"))
  }

  @Test func setMarksAffectedCellsStaleAndShowsDeltas() throws {
    let wb = try TemporaryWorkbook()
    defer { wb.cleanUp() }
    let c = wb.console()
    _ = c.execute("run")
    let r = c.execute("set scenarios.base.customers 80")
    #expect(r.ok, "\(r.output)")
    #expect(r.status == "changed: scenario base\nstale: run-base, chart-cost-provider (run to refresh)")
    #expect(r.output.contains("active customers"))
    #expect(
      c.execute("overrides").output
        == "scenarios.base.customers=80\n(1 override not saved; save NAME writes them to a new workbook)")
    let diff = c.execute("diff")
    let row = try #require(diff.output.split(separator: "\n").first { $0.contains("active customers") })
    #expect(
      row.split(separator: "│").map { $0.trimmingCharacters(in: .whitespaces) } == [
        "active customers", "40", "80", "+40", "+100.0%",
      ])
    #expect(diff.output.contains("│ AI cost"))
    #expect(c.execute("unset scenarios.base.customers").ok)
    #expect(c.execute("overrides").output == "no overrides: the workbook as written")
    let bad = c.execute("set scenarios.base.customers lots")
    #expect(!bad.ok && bad.output.contains("expected a whole number"))
    #expect(c.execute("overrides").output == "no overrides: the workbook as written")
  }

  @Test func adHocReportsChartsAndComparisons() throws {
    let wb = try TemporaryWorkbook()
    defer { wb.cleanUp() }
    let c = wb.console()
    #expect(c.execute("report summary").output.contains("EXECUTIVE SUMMARY"))
    #expect(c.execute("report sumary").output.contains("did you mean 'summary'?"))
    #expect(c.execute("compare flat usage on base").output.contains("PRICING PLANS SIDE BY SIDE"))
    #expect(c.execute("compare flat nope").output.contains("unknown plan 'nope'"))
    let chart = c.execute("chart calls by tier where region = us-east top 2")
    #expect(chart.ok && chart.output.contains("CALLS BY TIER WHERE REGION = US-EAST"), "\(chart.output)")
    #expect(c.execute("chart cots by tier").output.contains("did you mean 'cost'?"))
  }

  @Test func modesChangeTheOutputFormat() throws {
    let wb = try TemporaryWorkbook()
    defer { wb.cleanUp() }
    let c = wb.console()
    _ = c.execute("mode markdown")
    #expect(c.execute("chart cost by tier").output.hasPrefix("## cost by tier"))
    _ = c.execute("mode csv")
    #expect(c.execute("chart calls by tier").output.hasPrefix("label,value\n"))
    _ = c.execute("mode json")
    #expect(c.execute("chart calls by tier").output.contains("\"bars\""))
    #expect(!c.execute("mode fancy").ok)
  }

  @Test func exportWritesFilesAndSaveNeverOverwrites() throws {
    let wb = try TemporaryWorkbook()
    defer { wb.cleanUp() }
    let c = wb.console()
    _ = c.execute("run")
    let md = wb.folder.appendingPathComponent("out.md").path
    #expect(c.execute("export \(md)").ok)
    #expect(try String(contentsOfFile: md, encoding: .utf8).hasPrefix("# Test workbook"))
    let csv = wb.folder.appendingPathComponent("calls.csv").path
    let wrote = c.execute("export \(csv)")
    #expect(wrote.status.hasPrefix("wrote ") && wrote.output.isEmpty)
    #expect(try String(contentsOfFile: csv, encoding: .utf8).hasPrefix("call_id,timestamp"))
    let original = try String(contentsOf: wb.url, encoding: .utf8)
    _ = c.execute("set scenarios.base.customers 55")
    let saved = c.execute("save bigger")
    #expect(saved.ok, "\(saved.output)")
    #expect(try String(contentsOf: wb.url, encoding: .utf8) == original)
    let copy = wb.folder.appendingPathComponent("book-bigger.yaml")
    let other = try TemporaryWorkbook(try String(contentsOf: copy, encoding: .utf8))
    defer { other.cleanUp() }
    let c2 = other.console()
    #expect(c2.session?.workbook.scenario("base")?.population.customers == 55)
    #expect(c.execute("save bigger").output.contains("exists"))
  }

  @Test func reloadsWhenTheFileChangesAndKeepsTheLastGoodVersion() throws {
    let wb = try TemporaryWorkbook()
    defer { wb.cleanUp() }
    let c = wb.console()
    _ = c.execute("run run-base")
    #expect(c.reloadIfChanged() == nil)
    Thread.sleep(forTimeInterval: 1.1)
    try wb.write(TemporaryWorkbook.small.replacingOccurrences(of: "customers: 40", with: "customers: 45"))
    let r = try #require(c.reloadIfChanged())
    #expect(
      r.ok && r.status == "workbook changed on disk; changed: scenarios base; re-ran 1 cell (run-base)", "\(r.status)")
    #expect(r.output.contains("RUN: BASE"))
    Thread.sleep(forTimeInterval: 1.1)
    try wb.write(TemporaryWorkbook.small.replacingOccurrences(of: "customers: 40", with: "customers: many"))
    let bad = try #require(c.reloadIfChanged())
    #expect(
      !bad.ok
        && bad.output.contains("book.yaml:7:16: error: 'scenarios.base.customers' is 'many'; expected a whole number"),
      "\(bad.output)")
    #expect(c.session?.workbook.scenario("base")?.population.customers == 45)
  }

  @Test func readRunsAScriptAndStopsAtTheFirstFailure() throws {
    let wb = try TemporaryWorkbook()
    defer { wb.cleanUp() }
    let script = wb.folder.appendingPathComponent("s.txt")
    try "width 60\n# a comment\nbogus\nwidth 70\n".write(to: script, atomically: true, encoding: .utf8)
    let c = wb.console()
    let r = c.execute("read \(script.path)")
    #expect(!r.ok && r.output.hasSuffix("s.txt:3: command failed: bogus"))
    #expect(c.width == 60)
  }

  @Test func timerAppendsTheElapsedTime() throws {
    let c = Console()
    _ = c.execute("timer on")
    let r = c.execute("width 90")
    #expect(r.output.isEmpty)
    #expect(r.status.range(of: #"^width 90\n\(\d+\.\d ms\)$"#, options: .regularExpression) != nil)
  }
}
