import Foundation
import Testing

@testable import MeterbookCore

/// Values outside `Limits` are located errors at load time, never traps later.
struct WorkbookLimitsTests: LoadsWorkbookText {
  @Test func customersAboveTheLimitAreALocatedError() {
    let e = errors("scenarios:\n  s:\n    customers: 1000001\n")
    #expect(e.count == 1)
    #expect(
      e.first?.hasPrefix("wb.yaml:3:16: 'scenarios.s.customers' is 1000001; expected a value in 1...1000000") == true)
  }

  @Test func customerDaysAboveTheLimitPointAtCustomers() {
    let e = errors("period: {days: 3660}\nscenarios:\n  s:\n    customers: 20000\n")
    #expect(e.count == 1)
    #expect(e.first?.hasPrefix("wb.yaml:4:16: scenario 's' has 20000 customers × 3660 days") == true)
    #expect(errors("period: {days: 3660}\nscenarios:\n  s:\n    customers: 13661\n").isEmpty)
  }

  @Test func seventyThousandOrganizationsAreALocatedError() {
    let e = errors("scenarios:\n  s:\n    organizations: 70000\n")
    #expect(
      e.first?.hasPrefix("wb.yaml:3:20: 'scenarios.s.organizations' is 70000; expected a value in 1...65536") == true)
  }

  func manyGroups(_ key: String, _ n: Int, _ fields: String) -> String {
    let share = "0.0" + String(repeating: "0", count: 0)
    var text = "scenarios:\n  s:\n    \(key):\n"
    for i in 0..<n { text += "      g\(i): {share: \(i == 0 ? "1" : share), \(fields)}\n" }
    return text
  }

  @Test func threeHundredTiersOrRegionsAreLocatedErrors() {
    let tiers = errors(manyGroups("tiers", 300, "fee: 1"))
    #expect(tiers == ["wb.yaml:4:7: scenario 's' has 300 tiers; expected at most 256"])
    let regions = errors(manyGroups("regions", 300, "utc_offset: 0"))
    #expect(regions == ["wb.yaml:4:7: scenario 's' has 300 regions; expected at most 256"])
    #expect(errors(manyGroups("tiers", 256, "fee: 1")).isEmpty)
  }

  /// `wb.yaml:LINE:COL` of the first occurrence of `value` after `after` in `text`.
  func location(of value: String, after: String = "", in text: String) -> String {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    for (i, line) in lines.enumerated() {
      let from = after.isEmpty ? line.startIndex : (line.range(of: after)?.upperBound ?? line.endIndex)
      guard let v = line.range(of: value, range: from..<line.endIndex) else { continue }
      return "wb.yaml:\(i + 1):\(line.distance(from: line.startIndex, to: v.lowerBound) + 1)"
    }
    return "not found"
  }

  @Test func nonFiniteNumbersAreLocatedErrorsEverywhere() {
    let cases: [(String, String)] = [
      ("    organization_skew: .inf\n", ".inf"),
      ("    archetypes: {a: {share: .nan, calls_per_day: 5}}\n", ".nan"),
      ("    archetypes: {a: {share: 1, calls_per_day: .inf}}\n", ".inf"),
      ("    traffic: [{burst: {probability: .nan}}]\n", ".nan"),
      ("    traffic: [{growth: {monthly: -.inf}}]\n", "-.inf"),
      ("    mix: {task_affinity: .NaN}\n", ".NaN"),
      ("    tokens: {chat: {input_sigma: .inf}}\n", ".inf"),
      ("    tiers: {t: {share: 1, fee: .inf}}\n", ".inf"),
    ]
    for (line, value) in cases {
      let text = "scenarios:\n  s:\n" + line
      let e = errors(text)
      #expect(!e.isEmpty, "\(line)")
      #expect(e.first?.hasPrefix(location(of: value, in: text) + ":") == true, "\(line) → \(e)")
    }
  }

  @Test func probabilitiesOutsideZeroToOneAreLocatedErrors() {
    let text = "scenarios:\n  s:\n    traffic: [{burst: {probability: 1.5}}]\n"
    let e = errors(text)
    #expect(
      e == [
        location(of: "1.5", in: text)
          + ": 'scenarios.s.traffic.0.burst.probability' is 1.5; expected a value in 0.0...1.0"
      ])
  }

  @Test func callsPerDayAboveTheLimitIsALocatedError() {
    let text = "scenarios:\n  s:\n    archetypes: {a: {share: 1, calls_per_day: [1, 2000000]}}\n"
    #expect(errors(text).first?.hasPrefix(location(of: "2000000", in: text) + ": ") == true)
  }

  @Test func tooManyTrafficPatternsAreALocatedError() {
    let list = Array(repeating: "base", count: Limits.trafficPatterns + 1).joined(separator: ", ")
    let e = errors("scenarios:\n  s:\n    traffic: [\(list)]\n")
    #expect(e == ["wb.yaml:3:14: scenario 's' has 257 traffic patterns; expected at most 256"])
  }

  @Test func aPeriodOutsideTheTimestampRangeIsALocatedError() {
    #expect(errors("period: {start: 1969-12-31}\n").first?.hasPrefix("wb.yaml:1:17: period 1969-12-31") == true)
    #expect(
      errors("period: {start: 2199-12-01, days: 60}\n").first?.hasPrefix("wb.yaml:1:17: period 2199-12-01 + 60 days")
        == true)
    #expect(errors("period: {start: 1970-01-01, days: 3660}\n").isEmpty)
  }

  @Test func anExtendsChainOfSixThousandIsOneLocatedErrorNotAStackOverflow() throws {
    var text = "scenarios:\n"
    for i in 0..<6_000 { text += "  s\(i): {extends: s\(i + 1)}\n" }
    text += "  s6000: {}\n"
    let clock = ContinuousClock()
    var e: [String] = []
    let elapsed = clock.measure { e = errors(text) }
    #expect(e.count == 1)
    #expect(e.first?.hasPrefix("wb.yaml:2:17: scenario 's0' extends a chain deeper than 32 scenarios") == true)
    #expect(elapsed < .seconds(10))
  }

  @Test func anExtendsChainOfThirtyTwoLoads() throws {
    var text = "scenarios:\n"
    for i in 0..<Limits.nesting { text += "  s\(i): {extends: s\(i + 1)}\n" }
    text += "  s\(Limits.nesting): {customers: 7}\n"
    let wb = try load(text)
    #expect(wb.scenario("s0")?.population.customers == 7)
    #expect(
      !errors(text.replacingOccurrences(of: "  s0: {extends: s1}\n", with: "  s0: {extends: s1}\n  x: {extends: s0}\n"))
        .isEmpty)
  }

  @Test func extendsCyclesAreStillLocatedErrors() {
    let e = errors("scenarios:\n  a: {extends: b}\n  b: {extends: a}\n")
    #expect(e.contains { $0.hasPrefix("wb.yaml:") && $0.contains("extends cycle") })
    var long = "scenarios:\n"
    for i in 0..<100 { long += "  s\(i): {extends: s\((i + 1) % 100)}\n" }
    #expect(errors(long).count == 1)
  }

  @Test func anOverridePathLongerThanTheLimitIsAnError() {
    let path = ["scenarios", "s"] + Array(repeating: "a", count: 40)
    let e = errors("scenarios: {s: {}}\n", overrides: [Override(path: path, value: "1")])
    #expect(e.first?.contains("override path has 42 components; expected at most 32") == true)
  }

  // MARK: Plans and cells

  @Test func tierPlansThatReferToEachOtherInACycleAreALocatedError() {
    let text = """
      scenarios: {s: {}}
      plans:
        a: {fee: 10, tiers: {pro: b}}
        b: {fee: 20, tiers: {pro: a}}
      """
    let e = errors(text)
    #expect(e.count == 2)
    #expect(
      e.first?.hasPrefix("wb.yaml:3:29: plan 'a' bills tier 'pro' with plan 'b', which itself bills tiers") == true)
    #expect(e.first?.contains("a cycle: a → b → a") == true)
    #expect(errors("scenarios: {s: {}}\nplans:\n  a: {fee: 10, tiers: {pro: b}}\n  b: {fee: 20}\n").isEmpty)
  }

  @Test func aGraduatedTierListEndingWithUpToIsALocatedError() {
    let text = """
      scenarios: {s: {}}
      plans:
        p:
          charges:
            - metric: calls
              tiers:
                - {up_to: 1000, price: 0.01}
                - {up_to: 5000, price: 0.02}
      """
    let e = errors(text)
    #expect(
      e.first?.hasPrefix("wb.yaml:8:21: the last tier ends at up_to 5000; expected the last tier to be open-ended")
        == true)
    #expect(errors(text + "\n          - {price: 0.03}\n").isEmpty)
  }

  @Test func negativeFeesCreditsAndBudgetsAreLocatedErrors() {
    let e = errors(
      """
      scenarios: {s: {}}
      plans:
        p: {fee: -5, credits: -1, cap: -2, minimum: -3}
      budgets:
        b: {amount: -100}
      """)
    #expect(e.count == 5)
    #expect(e.allSatisfy { $0.contains("expected an amount of zero or more") })
  }

  @Test func aRepriceCellNamingAnUnknownModelFailsValidateWithALocation() {
    let e = errors(
      """
      scenarios: {s: {}}
      cells:
        - run: s
        - reprice: {model: openai/gpt-9, to: anthropic/claude-sonnet-4-5}
      """)
    #expect(e.count == 1)
    #expect(e.first?.hasPrefix("wb.yaml:4:22: unknown model 'openai/gpt-9' in catalog") == true)
  }

  @Test func repricePricesMustBeZeroOrMoreAndWithinTheLimit() {
    let e = errors(
      """
      scenarios: {s: {}}
      cells:
        - reprice: {model: openai/o1, input: -100, output: 2000000}
      """)
    #expect(
      e == [
        "wb.yaml:3:40: 'cells.0.reprice.input' is -100; expected an amount of zero or more",
        "wb.yaml:3:54: 'cells.0.reprice.output' is 2000000; expected at most $100,000.00",
      ])
  }

  @Test func theValidatingRepricingInitializerRefusesNegativePricesAndUnknownModels() throws {
    let catalog = Fixtures.catalog
    let o1 = try #require(catalog.model("openai/o1"))
    var price = o1.price
    price.input = Money(dollars: -100)
    #expect(throws: RepricingError.invalidPrice("input", Money(dollars: -100))) {
      try RepricingWhatIf(validating: "openai/o1", price: price, catalog: catalog)
    }
    #expect(throws: RepricingError.self) {
      try RepricingWhatIf(validating: "openai/o9", price: o1.price, catalog: catalog)
    }
    #expect(throws: RepricingError.invalidShare(2)) {
      try RepricingWhatIf(validating: "openai/o1", target: "openai/gpt-4o", share: 2, catalog: catalog)
    }
    let ok = try RepricingWhatIf(validating: "openai/o1", price: o1.price, catalog: catalog)
    #expect(ok.price == o1.price)
    // apply() checks too, so a what-if built without validation cannot "save" more than it costs.
    let bad = RepricingWhatIf(model: "openai/o1", price: price)
    #expect(throws: RepricingError.self) { try bad.apply(to: Run(dimensions: .init()), catalog: catalog) }
  }

  // MARK: Catalogs

  func catalogErrors(_ models: String) -> [String] {
    let text = "name: t\nprice_date: 2026-01-01\nproviders:\n  p:\n    models:\n" + models
    var d = Diagnostics()
    do throws(DiagnosticsError) {
      _ = CatalogLoader.read(try YAMLSource(text: text, path: "cat.yaml"), into: &d)
    } catch {
      return error.diagnostics.sorted.map { "\($0.location): \($0.message)" }
    }
    return d.sorted.map { "\($0.location): \($0.message)" }
  }

  @Test func catalogPricesAboveTheLimitAreLocatedErrors() {
    let e = catalogErrors("      m: {price: {input: 999999999, output: 1}, context: 1000}\n")
    #expect(e == ["cat.yaml:6:26: 'providers.p.models.m.price.input' is 999999999; expected at most $100,000.00"])
  }

  @Test func aCatalogModelWhoseDearestCallExceedsTheCallCostLimitIsALocatedError() {
    let e = catalogErrors("      m: {price: {input: 100000, output: 100000}, context: 100000000}\n")
    #expect(e.count == 1)
    #expect(e.first?.hasPrefix("cat.yaml:6:60: model 'p/m' can cost $10,000,000.00 per call") == true, "\(e)")
    #expect(catalogErrors("      m: {price: {input: 100000, output: 100000}, context: 10000000}\n").isEmpty)
  }
}
