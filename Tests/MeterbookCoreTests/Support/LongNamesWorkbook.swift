import Foundation

@testable import MeterbookCore

/// A workbook whose models have long real ids (`bedrock/anthropic.claude-opus-4-5-20251101-v1:0`),
/// with plans, cost centers, budgets and alert rules, so every analyzer's tables carry
/// identifiers wider than an 80-column terminal leaves them.
///
/// Its library is the repository's `scenarios/` with one more catalog: 2026-q4 plus two
/// Bedrock model ids as AWS spells them.
struct LongNamesWorkbook {
  let folder: URL
  let book: TemporaryWorkbook

  static let longModel = "bedrock/anthropic.claude-opus-4-5-20251101-v1:0"

  static let text = """
    title: Long model names
    seed: 5
    period: {start: 2026-03-02, days: 14}
    scenarios:
      base:
        use: [catalog/long-names, populations/small, patterns/business-week]
        customers: 60
        mix:
          providers: {bedrock: 0.6, anthropic: 0.2, openai: 0.2}
    cost_centers:
      Product:
        Assistant team:
          assistant-chat-with-a-long-project-name: {product: assistant, feature: chat}
        Workspace team:
          workspace: {product: workspace}
    budgets:
      company: {scope: all, amount: 20, thresholds: [0.5, 1.0]}
      long-model: {scope: {model: \(longModel)}, amount: 5}
    alerts:
      hourly-spend: {metric: cost, window: hour, scope: all, threshold: 0.5}
      error-rate: {metric: error_rate, window: day, scope: model, threshold: 0.02}
    plans:
      flat: {fee: {starter: 29, pro: 99, enterprise: 299}}
      tiered:
        fee: {starter: 29, pro: 99, enterprise: 299}
        charges: [{metric: calls, included: 200, price: 0.02}]
      usage: {charges: [{metric: calls, price: 0.03}]}
      hybrid:
        fee: {starter: 19, pro: 59, enterprise: 199}
        charges: [{metric: cost, markup: 0.5}]
    cells:
      - run: base
    """

  init() throws {
    book = try TemporaryWorkbook(Self.text)
    folder = book.folder.appendingPathComponent("scenarios")
    let fm = FileManager.default
    try fm.createDirectory(at: folder.appendingPathComponent("catalog"), withIntermediateDirectories: true)
    for piece in ["mixes", "patterns", "populations"] {
      try fm.createSymbolicLink(
        at: folder.appendingPathComponent(piece),
        withDestinationURL: Fixtures.library.root.appendingPathComponent(piece))
    }
    let base = try String(
      contentsOf: Fixtures.library.root.appendingPathComponent("catalog/2026-q4.yaml"), encoding: .utf8)
    let models = """
            anthropic.claude-opus-4-5-20251101-v1:0:
              price: {input: 5, output: 25, cached_input: 0.5, batch: 0.5}
              context: 200000
              latency: {ttft_ms: 1200, ms_per_token: 22, spread: 0.35}
              reliability: {error: 0.03, timeout: 0.004}
              quality: {chat: 0.95, summarization: 0.94, code: 0.98, extraction: 0.96, classification: 0.98, reasoning: 0.98}
            anthropic.claude-haiku-4-5-20251001-v1:0:
              price: {input: 1, output: 5, cached_input: 0.1, batch: 0.5}
              context: 200000
              latency: {ttft_ms: 400, ms_per_token: 8, spread: 0.35}
              reliability: {error: 0.004, timeout: 0.001}
              quality: {chat: 0.86, summarization: 0.85, code: 0.88, extraction: 0.88, classification: 0.9, reasoning: 0.82}

      """
    let anchor = "    commitment: {discount: 0.3, term_months: 6}\n    models:\n"
    guard let range = base.range(of: anchor) else { throw ConsoleError("catalog layout changed: no bedrock models") }
    let text = base.replacingCharacters(in: range, with: anchor + models).replacingOccurrences(
      of: "name: 2026-q4", with: "name: long-names")
    try text.write(to: folder.appendingPathComponent("catalog/long-names.yaml"), atomically: true, encoding: .utf8)
  }

  /// A console at `width` with the workbook loaded and run.
  func console(width: Int) -> Console {
    let c = Console(width: width, libraryPath: folder.path)
    _ = c.execute("load \"\(book.url.path)\"")
    return c
  }

  func cleanUp() { book.cleanUp() }
}
