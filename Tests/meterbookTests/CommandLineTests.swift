import Foundation
import Testing

/// The binary end to end: exit codes, streams, help, determinism, located errors.
@Suite(.serialized)
struct CommandLineTests {
  @Test func helpAndVersionExitZero() throws {
    let help = try Binary.run(["--help"])
    #expect(help.status == 0 && help.stdout.contains("SUBCOMMANDS:") && help.stdout.contains("Exit codes"))
    let version = try Binary.run(["--version"])
    #expect(version.status == 0 && version.stdout == "0.2.0\n")
    #expect(try Binary.run(["simulate", "--help"]).stdout.contains("Examples:"))
  }

  @Test func simulateIsByteIdenticalForTheSameSeed() throws {
    let a = try Binary.run(["simulate", "--seed", "5", "--customers", "20", "--days", "3", "--out", "-"])
    let b = try Binary.run(["simulate", "--seed", "5", "--customers", "20", "--days", "3", "--out", "-"])
    let c = try Binary.run(["simulate", "--seed", "6", "--customers", "20", "--days", "3", "--out", "-"])
    #expect(a.status == 0 && a.stdout == b.stdout && a.stdout != c.stdout)
    #expect(a.stdout.hasPrefix("call_id,timestamp,provider,model,task_type,"))
    #expect(a.stderr.isEmpty)
  }

  @Test func simulateReadsAWorkbookScenario() throws {
    let r = try Binary.run([
      "simulate", "workbooks/model-migration.yaml", "--scenario", "migrated", "--days", "2", "--out", "-",
    ])
    #expect(r.status == 0 && r.stdout.split(separator: "\r\n").count > 100)
    let bad = try Binary.run(["simulate", "workbooks/model-migration.yaml", "--scenario", "migrate", "--out", "-"])
    #expect(bad.status == 1 && bad.stderr.contains("did you mean 'migrated'?"))
  }

  @Test func usageErrorsExitSixtyFour() throws {
    let r = try Binary.run(["simulate", "--days", "0", "--out", "x.csv"])
    #expect(r.status == 64 && r.stderr.contains("--days must be between 1 and 3660"))
  }

  @Test func validatePrintsOkOrLocatedErrors() throws {
    let ok = try Binary.run(["validate", "workbooks/pricing-whatif.yaml"])
    #expect(ok.status == 0 && ok.stdout == "ok\n")
    let bad = try Binary.run(["validate", "workbooks/pricing-whatif.yaml", "--set", "scenarios.baseline.custmers=5"])
    #expect(bad.status == 1)
    #expect(bad.stderr.hasPrefix("--set scenarios.baseline.custmers:1:1: error: unknown key 'custmers' in scenario"))
    #expect(bad.stderr.contains("hint: did you mean 'customers'?"))
  }

  @Test func runPrintsMarkdownIntoAPipeAndExports() throws {
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("mb-\(UUID().uuidString).md")
    let r = try Binary.run([
      "run", "workbooks/feature-economics.yaml", "--cell", "chart-cost-feature", "--export", out.path,
    ])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.hasPrefix("# Which features earn their AI cost?"))
    #expect(r.stdout.contains("```mermaid"))
    #expect(try String(contentsOf: out, encoding: .utf8) == r.stdout)
    try? FileManager.default.removeItem(at: out)
  }

  @Test func pipedCommandsRunWithoutPromptAndFailuresExitOne() throws {
    let good = try Binary.run(["workbooks/feature-economics.yaml"], input: "width 80\nchart calls by tier\n")
    #expect(good.status == 0)
    #expect(!good.stdout.contains("meterbook>") && !good.stdout.contains("\u{1B}["))
    #expect(good.stdout.contains("CALLS BY TIER"))
    let bad = try Binary.run(["workbooks/feature-economics.yaml"], input: "chart calls by tier\nbogus\nwidth 90\n")
    #expect(bad.status == 1 && bad.stderr.contains("unknown command 'bogus'") && bad.stderr.contains("width 90"))
  }

  @Test func dashCRunsCommandsAndExits() throws {
    let r = try Binary.run(["-c", "width 70; help quit", "workbooks/team-budgets.yaml"])
    #expect(r.status == 0 && r.stderr.contains("width 70") && r.stdout.contains("Leave Meterbook"))
  }
}

/// The REPL on a real pseudo-terminal, as a person uses it.
@Suite(.serialized)
struct TerminalTests {
  @Test func theWidthFollowsAResizedTerminal() throws {
    let t = try PseudoTerminal(
      [Binary.repositoryRoot.appendingPathComponent("workbooks/team-budgets.yaml").path], columns: 80)
    #expect(t.waitFor("meterbook> "))
    t.clear()
    #expect(t.command("width"))
    #expect(t.screen.contains("width auto (80)"), "screen: \(t.screen.debugDescription)")
    t.resize(columns: 120)
    t.clear()
    #expect(t.command("width"))
    #expect(t.screen.contains("width auto (120)"), "screen: \(t.screen.debugDescription)")
  }

  @Test func tabCompletesACommandAndCtrlCCancelsARun() throws {
    let t = try PseudoTerminal([Binary.repositoryRoot.appendingPathComponent("workbooks/pricing-whatif.yaml").path])
    #expect(t.waitFor("meterbook> "))
    t.clear()
    t.type("compa\tscenarios\r")  // Tab completes to "compare "; one scenario is too few to compare
    #expect(t.waitFor("usage: compare scenarios"), "screen: \(t.screen.debugDescription)")
    #expect(t.command("set scenarios.baseline.customers 5000"))
    #expect(t.screen.contains("changed: scenario baseline"), "screen: \(t.screen.debugDescription)")
    t.clear()
    t.type("run run-baseline\r")
    Thread.sleep(forTimeInterval: 1.0)
    t.type("\u{03}")  // Ctrl-C
    #expect(t.waitFor("cancelled"), "screen: \(t.screen.debugDescription)")
    #expect(t.waitForPrompt())  // the prompt that follows the cancellation
    t.clear()
    #expect(t.command("width 80"))  // returns once the command's own prompt is back
    // Ctrl-D at an empty prompt exits. A Ctrl-D typed while the terminal is still in cooked
    // mode can be swallowed by the mode switch, so the test allows one retry.
    Thread.sleep(forTimeInterval: 0.2)
    t.type("\u{04}")
    var status = t.exitStatus(timeout: 3)
    if status == nil {
      t.type("\u{04}")
      status = t.exitStatus()
    }
    #expect(status == 0, "screen: \(t.screen.debugDescription)")
    // History persisted, in libedit's format, without the repeated line.
    let history = try String(contentsOf: t.stateHome.appendingPathComponent("meterbook/history"), encoding: .utf8)
    #expect(history.hasPrefix("_HiStOrY_V2_\n"))
    #expect(history.contains("width\\04080"))
  }

  @Test func historyIsKeptAcrossLaunchesWithoutRepeats() throws {
    let first = try PseudoTerminal([])
    #expect(first.waitFor("meterbook> "))
    #expect(first.command("width 90"))
    #expect(first.command("width 90"))
    first.type("quit\r")
    #expect(first.exitStatus() == 0)
    let file = first.stateHome.appendingPathComponent("meterbook/history")
    let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
    #expect(lines == ["_HiStOrY_V2_", "width\\04090", "quit"])
  }
}
