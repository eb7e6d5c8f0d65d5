import Foundation

/// The imports a workbook loader has made, by the file's bytes and how they were read: every
/// `set`, reload and sweep point loads the workbook again, and re-parsing an unchanged usage
/// CSV each time would make a data scenario's REPL slow.
///
/// Holds the last few imports only (a run is tens of bytes a call; a file kept as sums, its cells).
final class UsageDataCache: @unchecked Sendable {
  struct Key: Hashable {
    var sha256: String
    var mapping: ColumnMapping
    var catalog: ModelCatalog
  }
  typealias Entry = (content: UsageData.Content, summary: UsageImporter.Summary)

  static let capacity = 4
  private let lock = NSLock()
  private var entries: [(key: Key, value: Entry)] = []

  func value(_ key: Key) -> Entry? {
    lock.withLock { entries.first { $0.key == key }?.value }
  }

  func store(_ key: Key, _ value: Entry) {
    lock.withLock {
      entries.removeAll { $0.key == key }
      entries.insert((key, value), at: 0)
      if entries.count > Self.capacity { entries.removeLast() }
    }
  }
}
