import Foundation
import TestSupport

@testable import MeterbookCore

/// A workbook over a small LiteLLM spend-log export, written to a temporary folder: four calls
/// in March 2026 (one whole month, so fees are not prorated), one of them failed.
///
/// By hand: AI cost $0.50 + $1.25 + $2.00 + $0.25 = $4.00; `flat` bills acme (pro) $99 and
/// globex and initech (starter) $29 each = $157; `usage` bills the successful calls' tokens at
/// $0.02 per 1,000: acme 1,500 + 3,000 = 4,500 → $0.09, globex $0 (its one call failed),
/// initech 1,000 → $0.02.
struct DataWorkbook {
  static let csv = """
    request_id,startTime,custom_llm_provider,model,prompt_tokens,completion_tokens,spend,metadata,status,end_user,user,team_id
    r1,2026-03-01 10:00:00.000,openai,gpt-4o-mini,1000,500,0.5,{},success,acme,,team-a
    r2,2026-03-15 12:30:00.000,anthropic,claude-sonnet-4-5-20250929,2000,1000,1.25,{},success,acme,,team-a
    r3,2026-03-31 23:00:00.000,openai,gpt-4o,3000,0,2.0,{},failure,globex,,team-b
    r4,2026-03-10 08:15:00.000,openai,gpt-4o-mini,500,500,0.25,{},success,initech,,team-b

    """

  /// A busier March: three customers calling 2, 4 and 6 times a day on all 31 days (372
  /// calls), enough for growth and new customers to add calls a test can see.
  static let busyCSV: String = {
    var lines = [csv.split(separator: "\n")[0]]
    let customers = ["acme", "globex", "initech"]
    let models = ["gpt-4o-mini", "gpt-4o", "claude-sonnet-4-5"]
    var n = 0
    for day in 1...31 {
      for (c, customer) in customers.enumerated() {
        for k in 0..<(2 * (c + 1)) {
          n += 1
          let model = models[(n + k) % 3]
          let provider = model.hasPrefix("claude") ? "anthropic" : "openai"
          let time = String(format: "2026-03-%02d %02d:%02d:00.000", day, 8 + k, (n * 7) % 60)
          lines.append(
            "b\(n),\(time),\(provider),\(model),\(100 * (n % 17 + 1)),\(20 * (n % 5 + 1)),0.00\(n % 9 + 1),{},success,\(customer),,team-\(c)"
          )
        }
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }()

  static let text = """
    title: Real March
    seed: 11
    scenarios:
      real:
        data: {file: usage.csv, map: litellm, customer_tiers: {acme: pro, "*": starter}}
      grown:
        extends: real
        traffic+: [{growth: {monthly: 0.5}}, {model-migration: {from: openai/gpt-4o-mini, to: anthropic/claude-sonnet-4-5, over_days: 10}}]
        new_customers: 3
    plans:
      flat: {fee: {starter: 29, pro: 99}}
      usage: {charges: [{metric: tokens, per: 1000, price: 0.02}]}
    cells:
      - run: real
      - compare: {plans: [flat, usage], on: real}
    """

  /// `UsageSamples.denseLiteLLM`: 5,580 calls in 279 hourly cells.
  static let denseCSV = UsageSamples.denseLiteLLM

  let folder: TemporaryWorkbook

  init(_ text: String = DataWorkbook.text, csv: String = DataWorkbook.csv) throws {
    folder = try TemporaryWorkbook(text)
    try csv.write(to: folder.folder.appendingPathComponent("usage.csv"), atomically: true, encoding: .utf8)
  }

  /// A session on the workbook; `budget` is the memory the data's calls may take (a file past
  /// it is kept as sums).
  func session(overrides: [Override] = [], budget: MemoryBudget = .standard) throws -> WorkbookSession {
    var loader = WorkbookLoader(library: Fixtures.library)
    loader.budget = budget
    return try WorkbookSession(
      loader: loader,
      source: try YAMLSource(contentsOf: folder.url, displayPath: folder.url.path), overrides: overrides)
  }

  /// The diagnostics of loading the workbook, as `line:col: message` strings (the file is a
  /// temporary path).
  func errors(budget: MemoryBudget = .standard) -> [String] {
    var loader = WorkbookLoader(library: Fixtures.library)
    loader.budget = budget
    do throws(DiagnosticsError) {
      _ = try WorkbookSession(
        loader: loader,
        source: try YAMLSource(contentsOf: folder.url, displayPath: folder.url.path))
      return []
    } catch {
      return error.diagnostics.sorted.map { "\($0.location.line):\($0.location.column): \($0.message)" }
    }
  }

  func cleanUp() { folder.cleanUp() }
}
