import Testing

@testable import MeterbookCore

/// `help` fits the terminal and breaks only between words; `help report` and `help chart`
/// list what the parser accepts.
struct HelpTextTests {
  /// Every word of every usage and summary, to tell a word boundary from a mid-word break.
  static let words: Set<Substring> = Set(
    (ConsoleCommand.allCases.flatMap { [$0.usage, $0.summary] } + AnalyzerName.allCases.map(\.summary))
      .flatMap { $0.split(separator: " ") })

  @Test(arguments: [40, 80, 100, 120])
  func helpFitsTheWidthAndBreaksOnlyBetweenWords(width: Int) {
    let text = Console(width: width).execute("help").output
    let lines = text.split(separator: "\n")
    for line in lines { #expect(line.count <= width, "\(line)") }
    // Every command appears, and every summary word arrives whole on some line.
    for c in ConsoleCommand.allCases {
      for word in c.summary.split(separator: " ") {
        #expect(lines.contains { $0.split(separator: " ").contains(word) }, "'\(word)' broken at \(width)")
      }
    }
  }

  @Test func helpReportListsEveryAnalyzer() {
    let text = Console(width: 80).execute("help report").output
    for a in AnalyzerName.allCases { #expect(text.contains("\n  \(a.rawValue) "), "\(a)") }
  }

  @Test func helpChartListsMetricsDimensionsAndTypesFromTheParsersTables() {
    let text = Console(width: 80).execute("help chart").output
    let flat = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    #expect(flat.contains("Metrics: " + ChartQuery.metrics.joined(separator: ", ")))
    #expect(flat.contains("Dimensions: " + ChartQuery.dimensions.joined(separator: ", ")))
    #expect(flat.contains("Types: " + ChartQuery.types.joined(separator: ", ")))
  }
}
