import Foundation
import Testing

/// Same workbook, same seed, same bytes — in two different processes, whose hash seeds (and
/// so Dictionary and Set orders) differ.
///
/// A tie broken by iteration order shows up here.
@Suite("Determinism across processes")
struct DeterminismTests {
  static let workbooks: [String] = {
    let folder = Binary.repositoryRoot.appendingPathComponent("workbooks")
    return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".yaml") }
      .sorted()
  }()

  /// Every cell, plus the analyzer whose ties once followed hash order.
  static let commands = "mode markdown; run all; report realtime; alerts"

  @Test("every shipped workbook renders its cells, reports and alerts to the same bytes twice", arguments: workbooks)
  func rendersTwiceTheSame(_ name: String) throws {
    #expect(Self.workbooks.count >= 5)
    let path = "workbooks/" + name
    let first = try Binary.run(["-c", Self.commands, "--width", "100", path])
    let second = try Binary.run(["-c", Self.commands, "--width", "100", path])
    #expect(first.status == 0, "\(name): \(first.stderr)")
    #expect(first.stdout.count > 1_000)
    #expect(first.stdout == second.stdout, "\(name) renders differently from run to run")
  }
}
