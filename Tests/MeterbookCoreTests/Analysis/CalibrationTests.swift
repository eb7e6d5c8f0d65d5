import Foundation
import Testing

@testable import MeterbookCore

struct CalibrationTests {
  @Test func calibratingOnSimulatedDataRecoversTheGeneratingParameters() throws {
    var s = Fixtures.scenario(
      customers: 600, days: 28, seed: 17, traffic: [.weekend(factor: 0.4, holidays: [], holidayFactor: 0.2)])
    s.start = CalendarDay(year: 2026, month: 2, day: 2)
    let r = try Simulator(scenario: s).run()
    let c = Calibration(AnalysisContext(imported: r.run, catalog: Fixtures.catalog))
    #expect(c.customers == 600)
    let shares = c.archetypes.map(\.share)
    for (got, want) in zip(shares, [0.7, 0.2, 0.1]) { #expect(abs(got - want) < 0.05, "archetype shares \(shares)") }
    #expect(abs(c.archetypes[0].low - 5) <= 2 && abs(c.archetypes[0].high - 20) <= 3, "light range \(c.archetypes[0])")
    #expect(abs(c.weekendFactor - 0.4) < 0.05)
    let openai = try #require(c.providers.first { $0.0 == "openai" }).1
    #expect(abs(openai - 0.40) < 0.03)
    for t in c.tokens {
      let truth = TokenProfile.defaults[TaskType(rawValue: t.task)!.index]
      #expect(
        abs(t.inputMedian / truth.inputMedian - 1) < 0.1 && abs(t.inputSigma - truth.inputSigma) < 0.05, "\(t.task)")
    }
    #expect(c.tiers.map(\.name).sorted() == ["enterprise", "pro", "starter"])
  }

  @Test func theCalibratedPieceLoadsIntoAWorkbook() throws {
    let r = try Simulator(scenario: Fixtures.scenario(customers: 50, days: 14)).run()
    let yaml = Calibration(AnalysisContext(imported: r.run, catalog: Fixtures.catalog)).yaml(
      source: "x.csv", sha256: "0")
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mb-cal-\(UUID().uuidString)")
    let lib = dir.appendingPathComponent("scenarios")
    try FileManager.default.createDirectory(
      at: lib.appendingPathComponent("populations"), withIntermediateDirectories: true)
    try FileManager.default.copyItem(
      at: Fixtures.library.root.appendingPathComponent("catalog"), to: lib.appendingPathComponent("catalog"))
    try yaml.write(to: lib.appendingPathComponent("populations/fitted.yaml"), atomically: true, encoding: .utf8)
    let wb = try WorkbookLoader(library: ScenarioLibrary(root: lib)).load(
      try YAMLSource(text: "scenarios: {s: {use: [populations/fitted]}}", path: "wb.yaml"))
    let s = try #require(wb.scenario("s"))
    #expect(s.population.customers == 50 && s.population.archetypes.count == 3 && !s.mix.byTask.isEmpty)
    let rerun = try Simulator(scenario: s).run().run
    #expect(rerun.count > 0)
    try? FileManager.default.removeItem(at: dir)
  }
}
