import Foundation
import Testing

@testable import MeterbookCore

struct WorkbookLoaderTests: LoadsWorkbookText {
  @Test func everyShippedWorkbookValidates() throws {
    let folder = Fixtures.repositoryRoot.appendingPathComponent("workbooks")
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }
    #expect(files.count >= 5)
    for file in files {
      let wb = try loader.load(contentsOf: folder.appendingPathComponent(file))
      #expect(!wb.cells.isEmpty, "\(file)")
      guard case .markdown = wb.cells.first?.kind else {
        Issue.record("\(file) does not open with a markdown cell")
        continue
      }
    }
  }

  @Test func aScenarioThatNamesNothingGetsTheBuiltInDefaults() throws {
    let s = try #require(try load("scenarios: {s: {}}").scenario("s"))
    #expect(s.population == PopulationSpec(customers: 100))
    #expect(s.mix == ProviderMix.marketWeighted)
    #expect(s.catalog.name == "2026-q4")
  }

  @Test func everyShippedPieceLoadsIntoAScenario() throws {
    for folder in ["mixes", "patterns", "populations"] {
      for piece in Fixtures.library.pieces(in: folder) {
        let wb = try load("scenarios:\n  s:\n    use: [\(piece)]\n")
        #expect(wb.scenarios.count == 1, "\(piece)")
      }
    }
  }

  @Test func useAndExtendsResolveWithOverridesAndAppends() throws {
    let wb = try load(
      """
      seed: 9
      period: {start: 2026-02-01, days: 10}
      scenarios:
        base:
          use: [patterns/business-week, populations/medium]
          customers: 300
          tiers:
            basic: {fee: 10, share: 0.5}
            plus: {fee: 50, share: 0.5}
        child:
          extends: base
          traffic+: [burst]
          archetypes:
            light: {share: 1, calls_per_day: [1, 2]}
      """)
    let base = try #require(wb.scenario("base"))
    let child = try #require(wb.scenario("child"))
    #expect(base.population.customers == 300)
    #expect(base.population.organizations == 60)
    #expect(base.traffic.map(\.name) == ["base", "business-hours", "weekend"])
    #expect(child.traffic.map(\.name) == ["base", "business-hours", "weekend", "burst"])
    #expect(child.population.customers == 300)
    #expect(child.population.tiers.map(\.name) == ["basic", "plus"])
    #expect(child.population.archetypes.map(\.name) == ["light"])
    #expect(child.seed == 9 && child.days == 10 && child.start.description == "2026-02-01")
  }

  @Test func setOverridesAnyValueAndIsValidatedLikeTheFile() throws {
    let text = "scenarios:\n  base:\n    use: [populations/small]\n"
    let wb = try load(text, overrides: [Override(parsing: "scenarios.base.customers=800")!])
    #expect(wb.scenario("base")?.population.customers == 800)
    let deep = try load(
      text, overrides: [Override(parsing: "scenarios.base.archetypes.heavy.calls_per_day=[1000, 2000]")!])
    #expect(deep.scenario("base")?.population.archetypes.last?.callsPerDay == 1000...2000)
    #expect(
      errors(text, overrides: [Override(parsing: "scenarios.base.customers=lots")!]) == [
        "--set scenarios.base.customers:1:1: 'scenarios.base.customers' is 'lots'; expected a whole number"
      ])
  }

  @Test func reportsEveryErrorKindAtItsLocationInOnePass() {
    let found = errors(
      """
      title: t
      scenarios:
        base:
          custmers: 10
          customers: 0
          archetypes:
            light: {share: 0.5, calls_per_day: [5, 20]}
            heavy: {share: 0.4, calls_per_day: [200, 500]}
          mix: {providers: {openai: 1}, models: {openai/gpt4o: 1}}
        loop-a: {extends: loop-b}
        loop-b: {extends: loop-a}
        other:
          use: [patterns/weekends]
      cells:
        - {id: one, run: base}
        - {id: one, md: hi}
        - report: sumary
      """)
    #expect(
      found == [
        "wb.yaml:4:5: unknown key 'custmers' in scenario; expected one of: description, use, extends, catalog, seed, customers, organizations, organization_skew, archetypes, tiers, regions, features, products, mix, traffic, tokens, data, new_customers",
        "wb.yaml:5:16: 'scenarios.base.customers' is 0; expected a value in 1...1000000",
        "wb.yaml:7:7: archetype shares sum to 0.9; expected 1",
        "wb.yaml:9:44: unknown model 'openai/gpt4o' in catalog '2026-q4'; expected provider/model",
        "wb.yaml:10:21: extends cycle: loop-b → loop-a → loop-b; expected a chain that ends",
        "wb.yaml:11:21: extends cycle: loop-a → loop-b → loop-a; expected a chain that ends",
        "wb.yaml:13:11: unknown piece 'patterns/weekends'; expected a file under scenarios/ such as catalog/2026-q4, mixes/anthropic-only, mixes/budget-first",
        "wb.yaml:16:10: duplicate cell id 'one' (first used at wb.yaml:15:5); expected unique ids",
        "wb.yaml:17:13: unknown analyzer 'sumary'; expected one of: \(AnalyzerName.allCases.map(\.rawValue).joined(separator: ", "))",
      ])
  }

  @Test func unknownKeysGetANearestMatchHint() throws {
    do {
      _ = try load("scenarios:\n  base:\n    custmers: 10\n")
      Issue.record("expected an error")
    } catch let e as DiagnosticsError {
      let d = try #require(e.diagnostics.items.first)
      #expect(d.hint == "did you mean 'customers'?")
      #expect(
        d.description == """
          wb.yaml:3:5: error: unknown key 'custmers' in scenario; expected one of: description, use, extends, catalog, seed, customers, organizations, organization_skew, archetypes, tiers, regions, features, products, mix, traffic, tokens, data, new_customers
           3 |     custmers: 10
             |     ^
            hint: did you mean 'customers'?
          """)
    }
  }

  @Test func errorsInsideAUsedPiecePointIntoThePiece() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mb-\(UUID().uuidString)")
    let lib = dir.appendingPathComponent("scenarios")
    try FileManager.default.createDirectory(
      at: lib.appendingPathComponent("patterns"), withIntermediateDirectories: true)
    try FileManager.default.copyItem(
      at: Fixtures.library.root.appendingPathComponent("catalog"), to: lib.appendingPathComponent("catalog"))
    try "traffic:\n  - burst: {probabilty: 0.1}\n".write(
      to: lib.appendingPathComponent("patterns/bad.yaml"), atomically: true, encoding: .utf8)
    let found = locations(
      WorkbookLoader(library: ScenarioLibrary(root: lib)), "scenarios:\n  s: {use: [patterns/bad]}\n")
    try? FileManager.default.removeItem(at: dir)
    #expect(found == ["scenarios/patterns/bad.yaml:2:13"])
  }

  @Test func cellsGetStableIdsAndKnowTheirDependencies() throws {
    let wb = try load(
      """
      scenarios: {a: {use: [populations/small]}}
      plans: {flat: {fee: 10}, usage: {charges: [{metric: calls, price: 0.01}]}}
      cells:
        - md: hello
        - run: a
        - report: summary
        - compare: {plans: [flat, usage], on: a}
        - chart: {metric: cost, by: [provider, tier], where: {tier: starter}, top: 3, type: stacked}
        - whatif: {on: a, set: {customers: 200}}
        - export: out.md
      """)
    #expect(
      wb.cells.map(\.id) == [
        "md-1", "run-a", "report-summary", "compare-flat-usage", "chart-cost-provider-tier", "whatif-a", "export-out",
      ])
    #expect(wb.cells[3].dependencies == ["plans.flat", "plans.usage", "scenarios.a"])
  }
}

struct HostileInputTests {
  let loader = WorkbookLoader(library: Fixtures.library)

  func firstError(_ text: String) -> String? {
    let clock = ContinuousClock()
    var message: String?
    let elapsed = clock.measure {
      do { _ = try loader.load(try YAMLSource(text: text, path: "evil.yaml")) } catch let e as DiagnosticsError {
        message = e.diagnostics.sorted.first?.message
      } catch {}
    }
    // Unbounded, these inputs take hours or exhaust memory; bounded, milliseconds. Ten seconds
    // tells the two apart even on a loaded two-core CI machine running tests in parallel.
    #expect(elapsed < .seconds(10))
    return message
  }

  @Test func anAliasBombIsRefusedQuickly() {
    var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
    for i in 1...12 {
      text += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n"
    }
    #expect(firstError(text)?.hasPrefix("document expands to more than 200000 nodes") == true)
  }

  @Test func deepNestingIsRefusedBeforeParsing() {
    let text = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
    #expect(firstError(text)?.hasPrefix("nesting is deeper than 64 levels") == true)
  }

  @Test func aHugeFileIsRefused() {
    let text = "title: " + String(repeating: "x", count: 11 * 1024 * 1024)
    #expect(firstError(text) == "text is larger than 10 MB; expected a small YAML file")
  }
}

/// Locations of the diagnostics of loading `text` with `loader`.
func locations(_ loader: WorkbookLoader, _ text: String) -> [String] {
  do throws(DiagnosticsError) {
    _ = try loader.load(try YAMLSource(text: text, path: "wb.yaml"))
    return []
  } catch {
    return error.diagnostics.sorted.map(\.location.description)
  }
}

struct WorkbookRoundTripTests {
  /// A workbook that sets every key the loader reads.
  static let allKeys = """
    title: All keys
    seed: 99
    period: {start: 2026-03-02, days: 14}
    scenarios:
      s:
        description: every key
        catalog: catalog/2026-q4
        seed: 5
        customers: 77
        organizations: 7
        organization_skew: 0.5
        archetypes: {a: {share: 0.25, calls_per_day: [1, 2]}, b: {share: 0.75, calls_per_day: 3}}
        tiers: {free: {fee: 0, share: 0.5, included_calls: 100}, paid: {fee: "12.50", share: 0.5}}
        regions: {north: {utc_offset: 2, share: 1}}
        features: {ask: {popularity: 2, tasks: {chat: 1, reasoning: 3}}}
        products: [one, two]
        mix: {providers: {openai: 0.5, anthropic: 0.5}, models: {openai/gpt-4o: 3}, task_affinity: 0.5, by_task: {code: {anthropic/claude-sonnet-4-5: 1}}}
        tokens: {chat: {input_median: 100, input_sigma: 0.2, output_median: 50, output_sigma: 0.3, cached_share: 0.1}}
        traffic:
          - base: {jitter: 0.1}
          - business-hours: {open: 8, close: 18, shoulder: 0.5, night: 0.1}
          - weekend: {factor: 0.5, holidays: [2026-03-04], holiday_factor: 0.1}
          - seasonal: {cycle: monthly, amplitude: 0.3, peak_day: 3}
          - burst: {probability: 0.02, multiplier: [2, 3]}
          - multi-tenant: {spread: 4}
          - model-migration: {from: openai/gpt-4o, to: openai/gpt-4o-mini, start_day: 1, over_days: 5, share: 0.5}
          - feature-launch: {feature: ask, day: 2, adoption: 0.4, ramp_days: 3, lift: 0.2}
          - cost-optimization: {start_day: 4, shift: 0.2, prompt_reduction: 0.1}
          - decline: {monthly_churn: 0.1}
          - growth: {monthly: 0.2}
    plans:
      p: {description: x, fee: {free: 0, "*": 5}, charges: [{metric: calls, price: 0.01, per: 10, included: 3, where: {feature: ask}}], minimum: 1, cap: 100, credits: 2}
    budgets:
      b: {scope: {product: one}, amount: 50, thresholds: [0.9]}
    cost_centers:
      U: {T: {P: {product: one}}}
    alerts:
      r: {metric: errors, window: hour, scope: model, threshold: 3}
    cells:
      - {id: note, md: hi}
    """

  func loadAllKeys() throws -> Workbook {
    try WorkbookLoader(library: Fixtures.library).load(try YAMLSource(text: Self.allKeys, path: "all.yaml"))
  }

  @Test func everyTopLevelKeyIsReadIntoTheModel() throws {
    let wb = try loadAllKeys()
    #expect(wb.title == "All keys" && wb.seed == 99 && wb.start.description == "2026-03-02" && wb.days == 14)
    #expect(wb.cells.map(\.id) == ["note"])
  }

  @Test func everyPopulationKeyIsReadIntoTheScenario() throws {
    let wb = try loadAllKeys()
    let s = try #require(wb.scenario("s"))
    #expect(
      s.seed == 5 && s.population.customers == 77 && s.population.organizations == 7
        && s.population.organizationSkew == 0.5)
    #expect(
      s.population.archetypes == [
        .init(name: "a", share: 0.25, callsPerDay: 1...2), .init(name: "b", share: 0.75, callsPerDay: 3...3),
      ])
    #expect(
      s.population.tiers == [
        .init(name: "free", fee: .zero, share: 0.5, includedCalls: 100),
        .init(name: "paid", fee: Money(dollars: 12, cents: 50), share: 0.5),
      ])
    #expect(s.population.regions == [.init(name: "north", utcOffset: 2, share: 1)])
    #expect(s.population.features == [.init(name: "ask", popularity: 2, tasks: [.chat: 1, .reasoning: 3])])
    #expect(s.population.products == ["one", "two"])
  }

  @Test func everyMixAndTokenKeyIsReadIntoTheScenario() throws {
    let s = try #require(try loadAllKeys().scenario("s"))
    #expect(
      s.mix
        == ProviderMix(
          providerShares: ["openai": 0.5, "anthropic": 0.5], modelWeights: ["openai/gpt-4o": 3], taskAffinity: 0.5,
          byTask: ["code": ["anthropic/claude-sonnet-4-5": 1]]))
    #expect(
      s.tokens[TaskType.chat.index]
        == TokenProfile(inputMedian: 100, inputSigma: 0.2, outputMedian: 50, outputSigma: 0.3, cachedShare: 0.1))
  }

  @Test func everyTrafficPatternKeyIsReadIntoTheScenario() throws {
    let s = try #require(try loadAllKeys().scenario("s"))
    #expect(
      s.traffic == [
        .base(jitter: 0.1), .businessHours(BusinessHours(open: 8, close: 18, shoulder: 0.5, night: 0.1)),
        .weekend(factor: 0.5, holidays: [CalendarDay(year: 2026, month: 3, day: 4)], holidayFactor: 0.1),
        .seasonal(cycle: .monthly, amplitude: 0.3, peakDay: 3), .burst(probability: 0.02, multiplier: 2...3),
        .multiTenant(spread: 4),
        .modelMigration(from: "openai/gpt-4o", to: "openai/gpt-4o-mini", startDay: 1, overDays: 5, share: 0.5),
        .featureLaunch(feature: "ask", day: 2, adoption: 0.4, rampDays: 3, lift: 0.2),
        .costOptimization(startDay: 4, shift: 0.2, promptReduction: 0.1), .decline(monthlyChurn: 0.1),
        .growth(monthly: 0.2),
      ])
  }

  @Test func everyPlanBudgetCostCenterAndAlertKeyIsRead() throws {
    let wb = try loadAllKeys()
    #expect(
      wb.plans == [
        Plan(
          name: "p", fees: ["free": .zero, "*": Money(dollars: 5)],
          charges: [
            Charge(
              metric: "calls", model: .perUnit(price: Money(nanos: 10_000_000), per: 10), included: 3,
              filter: ["feature": "ask"])
          ],
          minimum: Money(dollars: 1), cap: Money(dollars: 100), credits: Money(dollars: 2))
      ])
    #expect(
      wb.budgets == [
        Budget(
          name: "b", scope: .init(dimension: "product", value: "one"), amount: Money(dollars: 50), thresholds: [0.9])
      ])
    #expect(wb.costCenters == [CostCenter(businessUnit: "U", team: "T", project: "P", selector: ["product": "one"])])
    #expect(wb.alerts == [AlertRule(name: "r", metric: "errors", window: "hour", scope: "model", threshold: 3)])
  }
}
