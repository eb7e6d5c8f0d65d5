/// Work that needs the calls of a data scenario whose file was kept as sums
/// (`UsageData.Content.sums`): the file's calls would not fit the memory budget, so only the
/// digest's cells exist.
///
/// It names what does run on the sums and the two ways to get the calls, so a cell that cannot
/// run says how to get what it wanted.
public struct SumsOnlyError: Error, Hashable, CustomStringConvertible {
  public var scenario: String
  public var file: String
  public var calls: Int

  init(_ scenario: Scenario, _ data: UsageData) {
    self.scenario = scenario.name
    self.file = data.file
    self.calls = data.callCount
  }

  public var description: String { reason + "\n  hint: " + Self.hint }

  /// What cannot run and what can.
  private var reason: String {
    "scenario '\(scenario)' keeps only the sums of '\(file)' (its \(Format.integer(calls)) calls would not fit the "
      + "memory budget), and this needs its calls; what runs on the sums: run, compare (plans or scenarios) and what-if cells, and the "
      + "reports " + AnalyzerName.allCases.filter(\.readsDigest).map(\.rawValue).joined(separator: ", ")
  }

  private static let hint = "take a part of the file (e.g. one month), or raise METERBOOK_MEMORY_BUDGET"

  /// The run summary's sentence about a file kept as sums.
  static func keptNote(_ digest: UsageDigest) -> String {
    "Kept as sums: the calls would not fit the memory budget, so the file was read into "
      + "\(Format.integer(digest.cube.cells.count)) cells \(digest.grain.cellName); plans bill them exactly, and "
      + "charts, reprice, sweeps and exports of the calls, which need the calls, are refused."
  }

  /// What a workbook's cell that needs the calls prints when all cells run: a note, so the
  /// cells that read sums still print (as `analyze` prints the reports a digest supports).
  func report(for cellID: String) -> Report {
    Report(
      title: "\(cellID): needs the calls", blocks: [.note("S" + reason.dropFirst() + ". To run it, " + Self.hint + ".")]
    )
  }
}
