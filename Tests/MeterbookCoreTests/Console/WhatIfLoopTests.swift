import Foundation
import Testing

@testable import MeterbookCore

/// The what-if loop as an analyst drives it: change plan prices and shares, see what moved,
/// undo, name states and compare them, save, and find the saved workbook reproduces the state.
@Suite struct WhatIfLoopTests {
  static let book = """
    title: Pricing loop
    seed: 5
    period: {start: 2026-01-05, days: 30}
    scenarios:
      base:
        use: [populations/small, patterns/business-week]
        customers: 40
    plans:
      flat: {fee: {starter: 29, pro: 99, enterprise: 299}}
      usage:
        charges:
          - {id: per-call, metric: calls, price: 0.02}
    cells:
      - run: base
      - id: plans
        compare: {plans: [flat, usage]}
    """

  /// The headline figures of the main scenario, by label.
  func figures(_ c: Console) throws -> [String: Double] {
    let session = try #require(c.session)
    let name = try #require(session.defaultScenario)
    let figures = try session.figures(for: name).figures
    return Dictionary(figures.map { ($0.label, $0.raw) }, uniquingKeysWith: { a, _ in a })
  }

  func tiers(_ c: Console) throws -> [String: Int] {
    let r = try #require(c.session).result(for: "base")
    var count: [String: Int] = [:]
    for customer in r.population.customers { count[r.population.spec.tiers[customer.tier].name, default: 0] += 1 }
    return count
  }

  @Test func aPlanFeeChangeMovesOnlyThatPlanAndUnsetRestoresEveryFigure() throws {
    let wb = try TemporaryWorkbook(Self.book)
    defer { wb.cleanUp() }
    let c = wb.console()
    #expect(c.execute("run all").ok)
    let before = try figures(c)
    let pros = try tiers(c)["pro", default: 0]
    let r = c.execute("set plans.flat.fee.pro 129")
    #expect(r.ok, "\(r.output)")
    #expect(r.status == "changed: plan flat\nstale: run-base, plans (run to refresh)")
    let after = try figures(c)
    // $30 more a month for each pro customer, over Jan 5 + 30 days = 27/31 + 3/28 months.
    let months = Period(start: CalendarDay(year: 2026, month: 1, day: 5), days: 30).months
    let delta = (Money(dollars: 30).scaled(by: months.numerator, per: months.denominator) * Int64(pros)).dollars
    #expect(abs((after["revenue (flat)"] ?? 0) - (before["revenue (flat)"] ?? 0) - delta) < 1e-6)
    #expect(after["revenue (usage)"] == before["revenue (usage)"])
    #expect(after["AI cost"] == before["AI cost"])
    #expect(c.execute("show plans").output.hasPrefix("(stale: its inputs changed since it ran; run plans to refresh)"))
    #expect(c.execute("run plans").ok)
    let cells = c.execute("cells").output
    #expect(cells.contains("│ run-base │ run base            │ stale │"))
    #expect(cells.contains("│ plans    │ compare flat, usage │ ✓     │"))
    #expect(c.execute("unset plans.flat.fee.pro").ok)
    #expect(try figures(c) == before)
  }

  @Test func chargesAreAddedByAppendAndReachedById() throws {
    let wb = try TemporaryWorkbook(Self.book)
    defer { wb.cleanUp() }
    let c = wb.console()
    _ = c.execute("run run-base")
    let before = try figures(c)
    let calls = try #require(before["calls"])
    #expect(c.execute("set plans.usage.charges.per-call.price 0.03").ok)
    let revenue = try #require(try figures(c)["revenue (usage)"])
    #expect(abs(revenue - (before["revenue (usage)"] ?? 0) * 1.5) < 0.01)
    #expect(c.execute("set plans.usage.charges+ {metric: calls, price: 0.01}").ok)
    #expect(abs((try figures(c)["revenue (usage)"] ?? 0) - revenue * 4 / 3) < 0.01)
    #expect(c.session?.workbook.plan("usage")?.charges.count == 2)
    #expect(c.execute("set plans.usage.charges.1-").ok)
    #expect(c.session?.workbook.plan("usage")?.charges.count == 1)
    #expect(c.execute("unset all").ok)
    #expect(try figures(c) == before)
    #expect(calls > 0)
  }

  @Test func sharesChangeTogetherOrByRebalanceNeverSilently() throws {
    let wb = try TemporaryWorkbook(Self.book)
    defer { wb.cleanUp() }
    let c = wb.console()
    let spec = try #require(c.session?.workbook.scenario("base")?.population.archetypes)
    let one = c.execute("set scenarios.base.archetypes.heavy.share 0.2")
    #expect(!one.ok)
    #expect(one.output.contains("shares sum to"))
    #expect(one.output.contains("rebalance scenarios.base.archetypes."))
    #expect(c.session?.workbook.overrides.isEmpty == true)
    let others = spec.filter { $0.name != "heavy" }
    let two = c.execute(
      "set scenarios.base.archetypes.heavy.share=0.2 scenarios.base.archetypes.\(others[0].name).share=\(others[0].share - (0.2 - (spec.first { $0.name == "heavy" }?.share ?? 0)))"
    )
    #expect(two.ok, "\(two.output)")
    #expect(c.execute("undo").ok)
    #expect(c.session?.workbook.overrides.isEmpty == true)
    #expect(c.execute("rebalance scenarios.base.archetypes.heavy.share 0.2").ok)
    let after = try #require(c.session?.workbook.scenario("base")?.population.archetypes)
    #expect(abs(after.reduce(0) { $0 + $1.share } - 1) < 1e-9)
    #expect(after.first { $0.name == "heavy" }?.share == 0.2)
    // The others keep their proportions.
    let ratio = others[0].share / others[1].share
    let newRatio =
      (after.first { $0.name == others[0].name }?.share ?? 0) / (after.first { $0.name == others[1].name }?.share ?? 1)
    #expect(abs(ratio - newRatio) < 1e-9)
    #expect(c.execute("rebalance scenarios.base.archetypes.heavy.share 1.5").output.contains("between 0 and 1"))
    #expect(c.execute("rebalance scenarios.base.customers 3").output.contains("is not a share"))
  }

  @Test func aTierFeeOverrideInAWorkbookWithPlansPointsAtThePlan() throws {
    let wb = try TemporaryWorkbook(Self.book)
    defer { wb.cleanUp() }
    let c = wb.console()
    let r = c.execute("set scenarios.base.tiers.pro.fee 129")
    #expect(!r.ok)
    #expect(r.output.contains("would change nothing"))
    #expect(r.output.contains("set plans.flat.fee.pro 129"))
  }

  @Test func snapshotsCompareAnyTwoStates() throws {
    let wb = try TemporaryWorkbook(Self.book)
    defer { wb.cleanUp() }
    let c = wb.console()
    #expect(c.execute("snapshot before").ok)
    #expect(c.execute("set scenarios.base.customers 60").ok)
    #expect(c.execute("snapshot more").ok)
    #expect(c.execute("set plans.flat.fee.pro 129").ok)
    let diff = c.execute("diff before more")
    #expect(diff.ok, "\(diff.output)")
    let row = try #require(diff.output.split(separator: "\n").first { $0.contains("active customers") })
    #expect(
      row.split(separator: "│").map { $0.trimmingCharacters(in: .whitespaces) }.prefix(3) == [
        "active customers", "40", "60",
      ])
    let now = c.execute("diff more")
    let flat = try #require(now.output.split(separator: "\n").first { $0.contains("revenue (flat)") })
    #expect(flat.contains("+$"))
    let usage = try #require(now.output.split(separator: "\n").first { $0.contains("revenue (usage)") })
    #expect(usage.contains("$0.00"))
    #expect(c.execute("diff nope").output.contains("unknown snapshot 'nope'"))
    #expect(c.execute("diff on base").output.hasPrefix("error: usage: diff [A [B]] [on SCENARIO]"))
    #expect(c.execute("diff a b c").output.hasPrefix("error: usage: diff"))
  }

  @Test func savedWorkbookLoadsAndReproducesTheFigures() throws {
    let wb = try TemporaryWorkbook(Self.book)
    defer { wb.cleanUp() }
    let c = wb.console()
    #expect(c.execute("set scenarios.base.archetypes.heavy.calls_per_day [100, 300]").ok)
    #expect(c.execute("rebalance scenarios.base.tiers.pro.share 0.5").ok)
    #expect(c.execute("set plans.flat.fee.pro=129 plans.usage.minimum=10").ok)
    #expect(c.execute("set plans.usage.charges+ {metric: tokens, price: 0.001, per: 1000}").ok)
    let figures = try self.figures(c)
    #expect(c.hasUnsavedOverrides)
    let saved = c.execute("save raised")
    #expect(saved.ok, "\(saved.output)")
    #expect(!c.hasUnsavedOverrides)
    let copy = wb.folder.appendingPathComponent("book-raised.yaml")
    let other = Console(width: 100, libraryPath: Fixtures.library.root.path)
    #expect(other.execute("load \"\(copy.path)\"").ok)
    #expect(other.session?.workbook.overrides.isEmpty == true)
    #expect(try self.figures(other) == figures)
    let again = c.execute("save raised")
    #expect(!again.ok)
    #expect(again.output.contains("never replaces"))
  }

  /// A scenario that extends another follows the other's overrides, live and once saved.
  @Test func aChildScenarioFollowsItsParentsOverridesAndTheSavedFileAgrees() throws {
    let book = Self.book.replacingOccurrences(
      of: "\nplans:", with: "\n  grown:\n    extends: base\n    traffic+: [{growth: {monthly: 0.5}}]\nplans:")
    let wb = try TemporaryWorkbook(book)
    defer { wb.cleanUp() }
    let c = wb.console()
    #expect(c.execute("set scenarios.base.customers 25").ok)
    #expect(c.execute("set scenarios.grown.traffic.0-").ok)
    #expect(c.session?.workbook.scenario("grown")?.population.customers == 25)
    let session = try #require(c.session)
    let live = try ["base", "grown"].map { try session.figures(for: $0) }
    #expect(c.execute("save kids").ok)
    let other = Console(width: 100, libraryPath: Fixtures.library.root.path)
    #expect(other.execute("load \"\(wb.folder.appendingPathComponent("book-kids.yaml").path)\"").ok)
    let saved = try #require(other.session)
    #expect(try ["base", "grown"].map { try saved.figures(for: $0) } == live)
  }

  /// `diff` compares runs: each simulation enters its history once, however many commands
  /// read it afterwards.
  @Test func eachSimulationEntersTheDiffHistoryOnce() throws {
    let book = Self.book.replacingOccurrences(
      of: "\nplans:", with: "\n  grown:\n    extends: base\n    traffic+: [{growth: {monthly: 0.5}}]\nplans:"
    )
    .replacingOccurrences(of: "  - run: base\n", with: "  - run: base\n  - run: grown\n")
    let wb = try TemporaryWorkbook(book)
    defer { wb.cleanUp() }
    let c = wb.console()
    #expect(c.execute("run all").ok)
    #expect(c.history.map(\.label) == ["base (seed 5)", "grown (seed 5)"])
    #expect(c.execute("report summary").ok)
    #expect(c.execute("compare flat usage on grown").ok)
    #expect(c.history.count == 2)
    #expect(c.execute("set scenarios.base.customers 30").ok)
    #expect(
      c.history.map(\.label).suffix(2) == [
        "base (seed 5, scenarios.base.customers=30)", "grown (seed 5, scenarios.base.customers=30)",
      ])
  }

  @Test func aWorkbookThatFailsToLoadCanBeFixedAndReloaded() throws {
    let wb = try TemporaryWorkbook(Self.book.replacingOccurrences(of: "customers: 40", with: "customers: lots"))
    defer { wb.cleanUp() }
    let c = Console(width: 100, libraryPath: Fixtures.library.root.path)
    let first = c.execute("load \"\(wb.url.path)\"")
    #expect(!first.ok)
    #expect(first.output.contains("book.yaml:7:16: error: 'scenarios.base.customers' is 'lots'"))
    #expect(c.execute("run").output.contains("did not load; fix it and type reload"))
    try wb.write(Self.book)
    #expect(c.execute("reload").ok)
    #expect(c.session?.workbook.scenario("base")?.population.customers == 40)
  }

  @Test func quittingWithUnsavedOverridesWarnsOnceWhenAsked() throws {
    let wb = try TemporaryWorkbook(Self.book)
    defer { wb.cleanUp() }
    let c = wb.console()
    c.confirmsQuit = true
    #expect(c.execute("set plans.flat.fee.pro 129").ok)
    let first = c.execute("quit")
    #expect(!first.quit)
    #expect(first.output.contains("1 unsaved override"))
    #expect(c.execute("quit").quit)
  }
}
