import Foundation
import Testing

/// Golden-file testing: compares `actual` with `Snapshots/<name>.txt` beside the calling
/// test file.
///
/// With `RECORD_SNAPSHOTS=1` in the environment it writes the file instead;
/// a missing file is recorded and reported as a failure, so new snapshots get reviewed.
public func assertSnapshot(
  _ actual: String, named name: String, filePath: String = #filePath, sourceLocation: SourceLocation = #_sourceLocation
) {
  let folder = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
  let file = folder.appendingPathComponent(name + ".txt")
  let record = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1"
  let stored = try? String(contentsOf: file, encoding: .utf8)
  guard !record, let existing = stored else {
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try? actual.write(to: file, atomically: true, encoding: .utf8)
    if stored == nil && !record {
      Issue.record("recorded new snapshot \(name).txt; check it and run again", sourceLocation: sourceLocation)
    }
    return
  }
  if existing != actual {
    let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
    let e = existing.split(separator: "\n", omittingEmptySubsequences: false)
    let line = Array(zip(a, e)).firstIndex { $0 != $1 } ?? min(a.count, e.count)
    Issue.record(
      """
      snapshot \(name).txt differs at line \(line + 1):
        expected: \(line < e.count ? String(e[line]) : "<end>")
        actual:   \(line < a.count ? String(a[line]) : "<end>")
      (RECORD_SNAPSHOTS=1 swift test re-records when the change is meant)
      """, sourceLocation: sourceLocation)
  }
}
