import Testing

@testable import MeterbookCore

/// Markdown from `md:` cells wrapped to the width in text mode.
struct MarkdownWrapTests {
  @Test func paragraphsReflowAndWrapAtWordsListsHangAndCodeStays() {
    let md = """
      # Should we move from flat to usage-based pricing?
      Heavy users on flat plans cost more to serve than they pay. This workbook bills the
      same simulated month under four plans.

      - a list item long enough to wrap past forty columns here
      ```
      a code line that is longer than forty columns stays as it is
      ```
      """
    #expect(
      MarkdownWrap.lines(md, width: 40) == [
        "# Should we move from flat to usage-based pricing?",
        "Heavy users on flat plans cost more to",
        "serve than they pay. This workbook bills",
        "the same simulated month under four",
        "plans.",
        "",
        "- a list item long enough to wrap past",
        "  forty columns here",
        "```",
        "a code line that is longer than forty columns stays as it is",
        "```",
      ])
  }

  @Test func textRendererWrapsAMarkdownBlock() {
    let r = Report(title: "", blocks: [.markdown(String(repeating: "word ", count: 30))])
    let lines = TextRenderer(width: 40).render(r).split(separator: "\n")
    #expect(lines.count == 4 && lines.allSatisfy { $0.count <= 40 })
  }
}
