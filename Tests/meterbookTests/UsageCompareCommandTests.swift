import Foundation
import Testing

/// `compare usage.csv --map litellm --plans plans.yaml` and `analyze … --plans`: plans compared on
/// real calls without writing a workbook.
@Suite struct UsageCompareCommandTests {
  /// Four LiteLLM spend-log rows in March 2026 (one failed): by hand, `flat` bills acme (pro)
  /// $99 and globex and initech (starter) $29 = $157 on $4.00 of AI cost; `usage` bills the
  /// successful calls' 5,500 tokens at $0.02 per 1,000 = $0.11.
  static let csv = """
    request_id,startTime,custom_llm_provider,model,prompt_tokens,completion_tokens,spend,metadata,status,end_user,user,team_id
    r1,2026-03-01 10:00:00.000,openai,gpt-4o-mini,1000,500,0.5,{},success,acme,,team-a
    r2,2026-03-15 12:30:00.000,anthropic,claude-sonnet-4-5-20250929,2000,1000,1.25,{},success,acme,,team-a
    r3,2026-03-31 23:00:00.000,openai,gpt-4o,3000,0,2.0,{},failure,globex,,team-b
    r4,2026-03-10 08:15:00.000,openai,gpt-4o-mini,500,500,0.25,{},success,initech,,team-b

    """
  static let plans = """
    plans:
      flat: {fee: {starter: 29, pro: 99}}
      usage: {charges: [{metric: tokens, per: 1000, price: 0.02}]}
    customer_tiers: {acme: pro, "*": starter}

    """

  /// A folder holding `usage.csv` and `plans.yaml` (with `plans` as its text).
  private func folder(plans: String = Self.plans) throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mb-usage-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    try Self.csv.write(to: dir.appendingPathComponent("usage.csv"), atomically: true, encoding: .utf8)
    try plans.write(to: dir.appendingPathComponent("plans.yaml"), atomically: true, encoding: .utf8)
    return dir
  }

  @Test func comparesThePlansOfAPlansFileOnTheCallsOfACSV() throws {
    let dir = try folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let r = try Binary.run([
      "compare", dir.appendingPathComponent("usage.csv").path, "--map", "litellm", "--plans",
      dir.appendingPathComponent("plans.yaml").path, "--format", "markdown",
    ])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stderr.hasPrefix("read 4 rows: 4 kept, 0 skipped"))
    #expect(r.stdout.contains("**Plans on the same 4 calls (AI cost $4.00)**"))
    #expect(r.stdout.contains("| revenue | $157.00 | $0.1100 |"))
    #expect(r.stdout.contains("| margin | $153.00 | -$3.89 |"))
    // A workbook file works as the plans file: its plans are taken, the rest left alone.
    let book = dir.appendingPathComponent("book.yaml")
    try """
    title: A simulated book
    scenarios: {base: {customers: 10}}
    plans: {one: {fee: 10}, two: {charges: [{metric: calls, price: 1}]}}
    cells: [{run: base}]

    """.write(to: book, atomically: true, encoding: .utf8)
    let workbook = try Binary.run([
      "compare", dir.appendingPathComponent("usage.csv").path, "--map", "litellm", "--plans", book.path, "--format",
      "markdown",
    ])
    #expect(workbook.status == 0, "\(workbook.stderr)")
    #expect(workbook.stdout.contains("| revenue | $30.00 | $3.00 |"))
  }

  @Test func analyzeWithPlansComparesThemAndWithoutSaysHow() throws {
    let dir = try folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let csv = dir.appendingPathComponent("usage.csv").path
    let with = try Binary.run([
      "analyze", csv, "--map", "litellm", "--report", "pricing", "--plans",
      dir.appendingPathComponent("plans.yaml").path,
      "--format", "markdown",
    ])
    #expect(with.status == 0, "\(with.stderr)")
    #expect(with.stdout.contains("| plan | flat | usage |"))
    #expect(with.stdout.contains("| margin | $153.00 | -$3.89 |"))
    let without = try Binary.run(["analyze", csv, "--map", "litellm", "--report", "pricing", "--format", "markdown"])
    #expect(without.status == 0, "\(without.stderr)")
    #expect(without.stdout.contains("--plans plans.yaml"))
  }

  @Test func problemsAreLocated() throws {
    let dir = try folder(plans: Self.plans.replacingOccurrences(of: "{acme: pro,", with: "{acme: prp,"))
    defer { try? FileManager.default.removeItem(at: dir) }
    let plans = dir.appendingPathComponent("plans.yaml").path
    let csv = dir.appendingPathComponent("usage.csv").path
    let tier = try Binary.run(["compare", csv, "--map", "litellm", "--plans", plans])
    #expect(tier.status == 1)
    #expect(
      tier.stderr.contains("plans.yaml:4:24: error: unknown tier 'prp'; expected a tier the plans name: pro, starter"))
    #expect(tier.stderr.contains("hint: did you mean 'pro'?"))
    let map = try Binary.run(["compare", csv, "--map", "litelm", "--plans", plans])
    #expect(map.status == 1)
    #expect(map.stderr.contains("--map:1:1: error: no mapping file or preset named 'litelm'"))
    #expect(map.stderr.contains("hint: did you mean 'litellm'?"))
    let tierless = try folder(
      plans: Self.plans.replacingOccurrences(of: "customer_tiers: {acme: pro, \"*\": starter}\n", with: ""))
    defer { try? FileManager.default.removeItem(at: tierless) }
    let none = try Binary.run([
      "compare", tierless.appendingPathComponent("usage.csv").path, "--map", "litellm", "--plans",
      tierless.appendingPathComponent("plans.yaml").path,
    ])
    #expect(none.status == 1)
    #expect(none.stderr.contains("plans.yaml:1:1: error: the plans bill by tier (pro, starter) but the calls in"))
    #expect(none.stderr.contains("hint: add customer_tiers: {CUSTOMER: TIER, \"*\": TIER}"))
    let missing = try Binary.run(["compare", dir.appendingPathComponent("none.csv").path, "--plans", plans])
    #expect(missing.status == 1)
    #expect(missing.stderr.contains("none.csv:1:1: error: cannot read usage data"))
    #expect(missing.stderr.contains("no such file"))
  }
}
