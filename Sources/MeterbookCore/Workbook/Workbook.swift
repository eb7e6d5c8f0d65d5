import Foundation

/// A loaded, validated workbook: the analyst's notebook of scenarios, plans, budgets and cells.
public struct Workbook: Sendable {
  public var path: String
  public var title: String
  public var seed: UInt64
  /// How many seeds scenarios run under and the interval bands span (`seeds:`, `interval:`).
  public var uncertainty: Uncertainty
  public var start: CalendarDay
  public var days: Int
  /// Scenarios in file order, fully resolved (`use` pieces and `extends` applied).
  public var scenarios: [Scenario]
  public var plans: [Plan]
  public var budgets: [Budget]
  public var costCenters: [CostCenter]
  public var alerts: [AlertRule]
  /// What the action ledger assumes (`assumptions:`).
  public var assumptions: ActionAssumptions
  public var cells: [Cell]
  /// Overrides applied on top of the file (from `--set` or the REPL's `set`).
  public var overrides: [Override]
  /// Exchange rates and the display currency (`fx:`, `display_currency:`).
  public var money = MoneySettings()
  /// The projection over months (`horizon:`), when the workbook asks for one.
  public var horizon: Horizon?

  public func scenario(_ name: String) -> Scenario? { scenarios.first { $0.name == name } }
  public func plan(_ name: String) -> Plan? { plans.first { $0.name == name } }
  public func cell(_ id: String) -> Cell? { cells.first { $0.id == id } }
}

extension Workbook {
  /// One line per usage CSV its data scenarios import (each file once): rows kept and
  /// skipped, and the models the catalog lacks, so a load shows what the data held.
  public var importNotes: [String] {
    var seen: Set<String> = []
    return scenarios.compactMap { s -> String? in
      guard let data = s.data, seen.insert(data.file).inserted else { return nil }
      let summary = data.summary
      let unknown = summary.unknownModels.count
      return "data \(data.file): "
        + (summary.description.split(separator: "\n").first.map(String.init) ?? "")
        + (unknown == 0 ? "" : "; \(unknown) unknown model\(unknown == 1 ? "" : "s") (run shows the import report)")
        + (data.keptAsSums.map { "; " + $0 } ?? "")
    }
  }
}

extension Workbook {
  /// The usage CSVs its data scenarios read, as manifest inputs (each file once), so `verify`
  /// re-runs an export only while the data is unchanged.
  public var dataInputs: [RunManifest.Input] {
    var seen: Set<String> = []
    return scenarios.compactMap { s in
      guard let data = s.data, seen.insert(data.path).inserted else { return nil }
      return RunManifest.Input(role: "usage", path: data.path, sha256: data.sha256)
    }
  }
}
