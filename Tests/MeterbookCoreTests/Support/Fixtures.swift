import Foundation

@testable import MeterbookCore

/// Shared fixtures: the repository's scenarios/ library and small scenarios.
enum Fixtures {
  static let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  static let library = ScenarioLibrary(root: repositoryRoot.appendingPathComponent("scenarios"))

  static let catalog: ModelCatalog = {
    do { return try library.catalog() } catch { fatalError("catalog fixture: \(error)") }
  }()

  /// A quiet scenario: no patterns, so tests see exactly the effect they add.
  static func scenario(customers: Int = 50, days: Int = 14, seed: UInt64 = 7, traffic: [TrafficPattern] = [])
    -> Scenario
  {
    Scenario(
      name: "test", seed: seed, start: CalendarDay(year: 2026, month: 1, day: 5), days: days, catalog: catalog,
      population: PopulationSpec(customers: customers), traffic: traffic)
  }

  static func csv(_ run: Run) throws -> String {
    let sink = MemorySink()
    try CSVWriter.write(run, to: sink)
    return sink.string
  }
}
