import Testing

@testable import MeterbookCore

/// Statuses and one-line errors at a person's terminal wrap at word boundaries; scripts get
/// them whole.
struct MessageWrappingTests {
  @Test func aLongErrorWrapsAtWordsToTheWidthAtATerminal() {
    let c = Console(width: 40)
    c.wrapsMessages = true
    let r = c.execute("run")
    let lines = r.output.split(separator: "\n").map(String.init)
    #expect(lines == ["error: no workbook loaded; use: load", "  workbooks/pricing-whatif.yaml"])
    #expect(lines.allSatisfy { $0.count <= 40 })
  }

  @Test func scriptsGetTheSameErrorOnOneLine() {
    let c = Console(width: 40)
    #expect(c.execute("run").output == "error: no workbook loaded; use: load workbooks/pricing-whatif.yaml")
  }

  @Test func theLoadedStatusWrapsWithoutCuttingAWord() throws {
    let wb = try TemporaryWorkbook()
    defer { wb.cleanUp() }
    let c = wb.console()
    c.width = 24
    let whole = c.execute("reload").status
    c.wrapsMessages = true
    let wrapped = c.execute("reload").status
    #expect(wrapped != whole && wrapped.split(separator: "\n").count > whole.split(separator: "\n").count)
    let words = { (s: String) in s.split(whereSeparator: { $0 == " " || $0 == "\n" }) }
    #expect(words(wrapped) == words(whole))
    #expect(wrapped.split(separator: "\n").allSatisfy { $0.count <= 24 || !$0.trimmingPrefix("  ").contains(" ") })
  }

  @Test func aLocatedErrorWrapsItsMessageAndKeepsTheQuotedLineAndCaret() throws {
    let wb = try TemporaryWorkbook("title: t\nscenarios:\n  a: {customers: lots}\n")
    defer { wb.cleanUp() }
    let c = Console(width: 40)
    let whole = c.execute("load \(wb.url.path)").output
    c.wrapsMessages = true
    let wrapped = c.execute("load \(wb.url.path)").output
    let (wholeLines, wrappedLines) = (whole.split(separator: "\n"), wrapped.split(separator: "\n"))
    #expect(wholeLines.first.map { $0.count > 40 && $0.contains(": error: ") } == true)
    // The message wraps at words; the quoted source line and its caret are kept whole.
    #expect(wrappedLines.count > wholeLines.count)
    let words = { (s: String) in s.split(whereSeparator: { $0 == " " || $0 == "\n" }) }
    #expect(words(wrapped) == words(whole))
    let quoted = wholeLines.filter { $0.hasPrefix(" ") && !$0.hasPrefix("  hint: ") }
    #expect(!quoted.isEmpty)
    #expect(quoted.allSatisfy { wrappedLines.contains($0) })
  }
}
