import Foundation

/// A workbook being worked on: it runs cells top to bottom, keeps each scenario's
/// simulation, and re-simulates a scenario only when its resolved value changed.
public final class WorkbookSession {
  public private(set) var workbook: Workbook
  private let loader: WorkbookLoader
  private let source: YAMLSource
  private var runs: [String: SimulationResult] = [:]
  /// Whether a scenario was (re)simulated by the last `run` call, for reactive displays.
  public private(set) var simulated: Set<String> = []

  public init(loader: WorkbookLoader, source: YAMLSource, overrides: [Override] = []) throws(DiagnosticsError) {
    self.loader = loader
    self.source = source
    self.workbook = try loader.load(source, overrides: overrides)
  }

  /// The simulation of `scenario`, from cache when its inputs did not change.
  public func result(for name: String, isCancelled: @Sendable () -> Bool = { false }) throws -> SimulationResult {
    guard let scenario = workbook.scenario(name) else { throw SessionError.unknownScenario(name) }
    if let cached = runs[name], cached.scenario == scenario { return cached }
    let result = try Simulator(scenario: scenario).run(isCancelled: isCancelled)
    runs[name] = result
    simulated.insert(name)
    return result
  }

  /// Runs the cells with the given ids (all cells when empty), in workbook order.
  public func run(cells ids: [String] = [], isCancelled: @Sendable () -> Bool = { false }) throws -> [CellOutput] {
    simulated = []
    for id in ids where workbook.cell(id) == nil {
      throw SessionError.unknownCell(id, nearest: Suggestion.nearest(to: id, in: workbook.cells.map(\.id)))
    }
    var outputs: [CellOutput] = []
    for cell in workbook.cells where ids.isEmpty || ids.contains(cell.id) {
      outputs.append(CellOutput(cell: cell, report: try report(for: cell, previous: outputs, isCancelled: isCancelled)))
    }
    return outputs
  }

  private var defaultScenario: String? { workbook.cells.compactMap { if case .run(let s) = $0.kind { s } else { nil } }.first ?? workbook.scenarios.first?.name }

  private func report(for cell: Cell, previous: [CellOutput], isCancelled: @Sendable () -> Bool) throws -> Report {
    switch cell.kind {
    case .markdown(let text):
      return Report(title: "", blocks: [.markdown(text)])
    case .run(let name):
      let r = try result(for: name, isCancelled: isCancelled)
      return RunSummary.report(r)
    case .report(let analyzer, let name):
      guard let name = name ?? defaultScenario else { throw SessionError.noScenario }
      let r = try result(for: name, isCancelled: isCancelled)
      switch AnalyzerName(rawValue: analyzer)! {
      case .summary: return SummaryAnalyzer(catalog: r.scenario.catalog).report(r.run)
      }
    case .chart(let q, let name):
      guard let name = name ?? defaultScenario else { throw SessionError.noScenario }
      return ChartBuilder.report(q, on: try result(for: name, isCancelled: isCancelled).run)
    case .compare(let plans, let name):
      guard let name = name ?? defaultScenario else { throw SessionError.noScenario }
      let r = try result(for: name, isCancelled: isCancelled)
      return PlanComparison(plans: workbook.plans).report(plans, run: r.run, population: r.population)
    case .whatIf(let base, let overrides, _):
      guard let name = base ?? defaultScenario else { throw SessionError.noScenario }
      let before = try result(for: name, isCancelled: isCancelled)
      let scoped = overrides.map { Override(path: ["scenarios", name] + $0.path, value: $0.value) }
      let changed = try loader.load(source, overrides: workbook.overrides + scoped)
      guard let scenario = changed.scenario(name) else { throw SessionError.unknownScenario(name) }
      let after = try Simulator(scenario: scenario).run(isCancelled: isCancelled)
      return RunSummary.delta(before: before, after: after, title: "What if " + overrides.map(\.description).joined(separator: ", "))
    case .export(let path, let format):
      let text = format == "json" ? JSONRenderer.render(previous) : previous.map { MarkdownRenderer().render($0.report) }.joined(separator: "\n")
      let url = URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: workbook.path).deletingLastPathComponent())
      try AtomicFile.write(text, to: url)
      return Report(title: "", blocks: [.note("wrote \(path)")])
    }
  }
}

/// One cell's result.
public struct CellOutput: Sendable {
  public var cell: Cell
  public var report: Report
}

/// Problems running a workbook's cells.
public enum SessionError: Error, Equatable, CustomStringConvertible {
  case unknownScenario(String)
  case unknownCell(String, nearest: String?)
  case noScenario

  public var description: String {
    switch self {
    case .unknownScenario(let s): "unknown scenario '\(s)'"
    case .unknownCell(let id, let near): "unknown cell '\(id)'" + (near.map { "; did you mean '\($0)'?" } ?? "")
    case .noScenario: "the workbook has no scenario to run"
    }
  }
}
