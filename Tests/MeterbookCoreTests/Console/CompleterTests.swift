import Testing

@testable import MeterbookCore

struct CompleterTests {
  @Test func completesEachContext() throws {
    let wb = try TemporaryWorkbook()
    defer { wb.cleanUp() }
    let c = wb.console()
    #expect(Completer.candidates(for: "", in: c)?.count == ConsoleCommand.allCases.count)
    #expect(Completer.candidates(for: "co", in: c) == ["compare"])
    #expect(Completer.candidates(for: "run ", in: c) == ["all", "chart-cost-provider", "md-1", "run-base"])
    #expect(Completer.candidates(for: "show r", in: c) == ["run-base"])
    #expect(Completer.candidates(for: "compare ", in: c) == ["flat", "on", "scenarios", "usage"])
    #expect(Completer.candidates(for: "compare flat ", in: c) == ["on", "usage"])
    #expect(Completer.candidates(for: "compare flat on ", in: c) == ["base"])
    #expect(Completer.candidates(for: "report ", in: c) == AnalyzerName.allCases.map(\.rawValue).sorted())
    #expect(Completer.candidates(for: "chart ", in: c) == ChartQuery.metrics.sorted())
    #expect(Completer.candidates(for: "chart cost by pr", in: c) == ["product", "provider"])
    #expect(Completer.candidates(for: "chart cost by tier as st", in: c) == ["stacked"])
    #expect(Completer.candidates(for: "set scenarios.base.cus", in: c) == ["scenarios.base.customers"])
    #expect(
      Completer.candidates(for: "set scenarios.base.archetypes.heavy.s", in: c) == [
        "scenarios.base.archetypes.heavy.share"
      ])
    #expect(Completer.candidates(for: "mode m", in: c) == ["markdown"])
    #expect(Completer.candidates(for: "load wor", in: c) == nil)
    #expect(
      Completer.candidates(for: "export out.md --format ", in: c) == [
        "csv", "focus", "json", "markdown", "otlp", "proposal",
      ])
  }

  @Test func completesPlanPathsAndKnownValues() throws {
    let wb = try TemporaryWorkbook()
    defer { wb.cleanUp() }
    let c = wb.console()
    #expect(Completer.candidates(for: "set plans.flat.fee.p", in: c) == ["plans.flat.fee.pro"])
    #expect(Completer.candidates(for: "set plans.usage.charges.0.pr", in: c) == ["plans.usage.charges.0.price"])
    #expect(
      Completer.candidates(for: "set plans.usage.charges.0.where.m", in: c) == ["plans.usage.charges.0.where.model"])
    let models = try #require(Completer.candidates(for: "set plans.usage.charges.0.where.model ", in: c))
    #expect(models.contains("openai/gpt-4o"))
    #expect(Completer.candidates(for: "set plans.flat.tiers.pro ", in: c) == ["flat", "usage"])
    #expect(
      Completer.candidates(for: "set plans.flat.fee.pro=129 plans.u", in: c)?.contains("plans.usage.minimum") == true)
    #expect(
      Completer.candidates(for: "chart cost by provider where tier = ", in: c) == ["enterprise", "pro", "starter"])
    #expect(Completer.candidates(for: "rebalance scenarios.base.tiers.p", in: c) == ["scenarios.base.tiers.pro.share"])
    _ = c.execute("set plans.flat.fee.pro 129")
    _ = c.execute("snapshot raised")
    #expect(Completer.candidates(for: "unset ", in: c) == ["all", "plans.flat.fee.pro"])
    #expect(Completer.candidates(for: "diff ", in: c) == ["current", "on", "raised"])
  }
}
