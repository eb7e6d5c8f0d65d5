import Foundation
import Testing

@testable import MeterbookCore

/// The console's two channels, its settings read back, `;` and the dot forms.
struct ConsoleChannelTests {
  @Test func settingALeavesTheResultChannelEmptyAndSaysSoOnStatus() throws {
    let wb = try TemporaryWorkbook()
    defer { wb.cleanUp() }
    let c = Console(width: 100, libraryPath: Fixtures.library.root.path)
    let loaded = c.execute("load \"\(wb.url.path)\"")
    #expect(loaded.output.isEmpty && loaded.status.hasPrefix("loaded "))
    for (command, status) in [
      ("mode csv", "mode csv"), ("width 90", "width 90"), ("timer off", "timer off"), ("width auto", "width auto"),
    ] {
      let r = c.execute(command)
      #expect(r.ok && r.output.isEmpty && r.status == status, "\(command): \(r)")
    }
    let set = c.execute("set scenarios.base.customers 50")
    #expect(set.status == "changed: scenario base")
    #expect(!set.output.contains("changed:"))
  }

  @Test func modeWidthSeedAndTimerAloneAnswerWithTheirValue() throws {
    let wb = try TemporaryWorkbook()
    defer { wb.cleanUp() }
    let c = wb.console(width: 100)
    #expect(c.execute("mode") == .init(output: "mode text"))
    #expect(c.execute("width") == .init(output: "width 100"))
    #expect(c.execute("timer") == .init(output: "timer off"))
    #expect(c.execute("seed") == .init(output: "seed 3"))
    #expect(c.executeEach("mode json; seed 9; width auto") { _ in }.ok)
    #expect(c.execute("mode").output == "mode json")
    #expect(c.execute("seed").output == "seed 9")
    #expect(c.execute("width").output == "width auto (100)")
    #expect(c.autoWidth)
    _ = c.execute("width 120")
    #expect(!c.autoWidth && c.execute("width").output == "width 120")
    #expect(!c.execute("width huge").ok && !c.execute("timer maybe").ok)
  }

  @Test func semicolonsSeparateCommandsButNotInsideQuotes() {
    #expect(splitCommands("mode csv; width 90;timer on") == ["mode csv", "width 90", "timer on"])
    #expect(splitCommands(#"set a.b "x; y"; mode csv"#) == [#"set a.b "x; y""#, "mode csv"])
    #expect(splitCommands("set a.b 'it\"s; fine' ; ;") == ["set a.b 'it\"s; fine'"])
    #expect(splitCommands("# a comment; not two") == ["# a comment; not two"])
    #expect(splitCommands("  ") == [])
  }

  @Test func executeEachRunsEveryCommandAndStopsAtQuit() {
    let c = Console()
    var seen: [Console.Result] = []
    let outcome = c.executeEach("width 80; bogus; width 90; quit; width 100") { seen.append($0) }
    #expect(outcome == .init(ok: false, quit: true))
    #expect(seen.map(\.status) == ["width 80", "", "width 90", ""])
    #expect(c.width == 90)
  }

  @Test func everyCommandAnswersWithALeadingDot() {
    for command in ConsoleCommand.allCases {
      #expect(ConsoleCommand(word: "." + command.rawValue) == command)
      #expect(ConsoleCommand(word: "." + command.rawValue.uppercased()) == command)
    }
    #expect(
      ConsoleCommand(word: ".exit") == .quit && ConsoleCommand(word: ".q") == .quit
        && ConsoleCommand(word: ".?") == .help)
    #expect(ConsoleCommand(word: "..mode") == nil && ConsoleCommand(word: ".") == nil)
    let c = Console()
    #expect(c.execute(".width 80").status == "width 80")
    #expect(c.execute(".mode").output == "mode text")
    #expect(c.execute(".quit").quit)
    #expect(
      c.execute(".help").output.split(whereSeparator: \.isWhitespace).joined(separator: " ").contains(
        "leading dot (.mode, .timer, .width, .help, .quit, .run"))
    #expect(Completer.candidates(for: ".mo", in: c) == [".mode"])
  }

  @Test func openAppliesOverridesFromTheStart() throws {
    let wb = try TemporaryWorkbook()
    defer { wb.cleanUp() }
    let c = Console(libraryPath: Fixtures.library.root.path)
    let r = c.open(wb.url.path, overrides: [Override(path: ["scenarios", "base", "customers"], value: "12")])
    #expect(r.ok && r.status.hasPrefix("loaded "))
    #expect(c.session?.workbook.scenario("base")?.population.customers == 12)
    let bad = c.open(wb.url.path, overrides: [Override(path: ["scenarios", "base", "custmers"], value: "12")])
    #expect(!bad.ok && bad.output.contains("did you mean 'customers'?"), "\(bad.output)")
  }
}
