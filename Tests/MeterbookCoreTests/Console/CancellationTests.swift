import Foundation
import Synchronization
import Testing

@testable import MeterbookCore

/// A cancellation flag that turns on at its `n`-th poll, so a test can stop a command at
/// every point where it checks for Ctrl-C.
final class CancelAtPoll: Sendable {
  private let polls = Mutex(0)
  let n: Int
  init(_ n: Int) { self.n = n }
  var closure: @Sendable () -> Bool {
    { [self] in
      polls.withLock {
        $0 += 1
        return $0 >= n
      }
    }
  }
  var count: Int { polls.withLock { $0 } }
}

@Suite("Cancelling a command leaves the session as it was")
struct CancellationTests {
  /// What a user can see of a session: its overrides, cells, shown outputs and figures.
  static func state(_ c: Console) -> [String] {
    ["overrides", "cells", "show chart", "show run", "diff"].map { c.execute($0).output }
      + [c.session?.workbook.overrides.map(\.description).joined(separator: ",") ?? "-"]
  }

  /// Runs `command` cancelled at poll 1, 2, 3, …, until one run completes without being
  /// cancelled; every cancelled attempt must leave `state` unchanged.
  static func sweep(_ command: String, prepare: (Console) -> Void, extra: (Console) -> [String] = { _ in [] }) throws
    -> Int
  {
    var cancelledAt = 0
    for n in 1...200 {
      let wb = try TemporaryWorkbook()
      defer { wb.cleanUp() }
      let c = wb.console()
      prepare(c)
      let before = state(c) + extra(c)
      let cancel = CancelAtPoll(n)
      let r = c.execute(command, isCancelled: cancel.closure)
      if r.ok { return cancelledAt }
      #expect(r.output == "error: cancelled; nothing changed", "\(command) at poll \(n): \(r.output)")
      #expect(state(c) + extra(c) == before, "\(command) cancelled at poll \(n) changed the session")
      cancelledAt += 1
    }
    Issue.record("\(command) never completed")
    return cancelledAt
  }

  @Test("a cancelled set keeps no override and no new outputs")
  func cancelledSet() throws {
    let points = try Self.sweep("set scenarios.base.customers 60") { c in _ = c.execute("run all") }
    #expect(points >= 2)
  }

  @Test("a cancelled unset keeps the override")
  func cancelledUnset() throws {
    let points = try Self.sweep("unset scenarios.base.customers") { c in
      _ = c.execute("run all")
      // Three generated runs (`run all` draws the chart from the calls) push the file's own
      // run out of the kept runs, so unset simulates again. A `set` alone only measures.
      for n in [60, 61, 62] {
        _ = c.execute("set scenarios.base.customers \(n)")
        _ = c.execute("run all")
      }
    }
    #expect(points >= 2)
  }

  @Test("a cancelled run keeps the earlier outputs")
  func cancelledRun() throws {
    let points = try Self.sweep("run all") { c in _ = c.execute("set scenarios.base.customers 60") }
    #expect(points >= 2)
  }

  @Test("a cancelled export leaves the old file and no temporary file")
  func cancelledExport() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cancel-export-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let target = folder.appendingPathComponent("proposal.md")
    try "old proposal\n".write(to: target, atomically: true, encoding: .utf8)
    let files = { (_: Console) in
      [(try? String(contentsOf: target, encoding: .utf8)) ?? "missing"]
        + ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }
    let points = try Self.sweep(
      "export \(target.path) --format proposal", prepare: { c in _ = c.execute("run all") }, extra: files)
    #expect(points >= 1)
    #expect(
      try String(contentsOf: target, encoding: .utf8) != "old proposal\n", "the completed export replaced the file")
  }
}
