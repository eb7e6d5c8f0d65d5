import Foundation

extension UsageImporter {
  /// Calls parsed before a streamed import hands them on: 65,536 calls, about 4 MB of columns.
  public static let chunkCalls = 1 << 16

  /// Streams `url` through `consume` in chunks of calls, in file order, holding one chunk at a
  /// time: what an export of a file of any size needs.
  ///
  /// Each chunk is a run whose ids index dimension tables that grow from chunk to chunk (a
  /// name keeps its id); `consume` may keep the tables, not the chunk. An error it throws
  /// ends the import and is rethrown as it was.
  ///
  /// - Returns: the import report, and the dimension tables of the whole file.
  public func stream(
    contentsOf url: URL, displayPath: String? = nil, chunkCalls: Int = UsageImporter.chunkCalls,
    consume: (Run) throws -> Void
  ) throws -> (Summary, Run.Dimensions) {
    let path = displayPath ?? url.path
    var thrown: (any Error)?
    return try withoutActuallyEscaping(consume) { consume in
      do {
        let (run, summary, _) = try parse(
          url, path: path, range: nil, header: nil, chunkCalls: max(1, chunkCalls),
          drain: { chunk in
            do {
              try consume(chunk)
              return nil
            } catch {
              thrown = error
              return .cancelled
            }
          })
        _ = try Self.checked((run, summary), path: path)
        return (summary, run.dimensions)
      } catch {
        throw thrown ?? error
      }
    }
  }

  /// Streams `url` into a `UsageDigest`, its parts parsed on all cores as `read` does, holding
  /// one chunk of calls per core and the digest's cells: memory grows with the cells, not the
  /// calls.
  ///
  /// The cells coarsen from hours to days to the whole file once they pass an eighth of the
  /// memory budget (`UsageDigest.cellAllowance`); past the budget at the whole-file grain the
  /// import stops with a `.budget` error that says how many cells it had reached.
  public func digest(contentsOf url: URL, displayPath: String? = nil, parallel: Bool = true) throws(ImportError)
    -> (UsageDigest, Summary)
  {
    let path = displayPath ?? url.path
    if let ranges = partRanges(url, parallel: parallel) {
      let parts = ranges.count - 1
      let builders = (0..<parts).map { _ in
        UsageDigest.Builder(budget: budget.bytes / parts, path: path, catalog: catalog)
      }
      let drains = SlotBox<((Run) -> ImportError?)?>(count: parts, empty: nil)
      for (k, b) in builders.enumerated() { drains.store(k, b.add) }
      if let pieces = try parseParts(url, path: path, ranges: ranges, drains: drains) {
        let (run, summary, remaps) = try Self.join(pieces, path: path)
        for (k, remap) in remaps.enumerated() {
          if let refusal = builders[0].merge(builders[k + 1], remap: remap) { throw refusal }
        }
        _ = try Self.checked((run, summary), path: path)
        return (builders[0].digest(dimensions: run.dimensions), summary)
      }
    }
    let builder = UsageDigest.Builder(budget: budget.bytes, path: path, catalog: catalog)
    let (run, summary, _) = try parse(
      url, path: path, range: nil, header: nil, chunkCalls: Self.chunkCalls, drain: builder.add)
    _ = try Self.checked((run, summary), path: path)
    return (builder.digest(dimensions: run.dimensions), summary)
  }

  /// Why the calls of `url` would not fit the memory budget as a run, judged from the file's
  /// size and the length of its first rows; `nil` when they would (an estimate: the import
  /// itself still checks as it goes).
  ///
  /// Callers that can work from a `UsageDigest` stream the file when it would not fit.
  public func memoryShortfall(_ url: URL, displayPath: String? = nil) -> BudgetError? {
    guard let rows = Self.estimatedRows(url) else { return nil }
    // Columns grow by doubling and the parts are joined by copying: a 5.5 GB file of 28.7M
    // calls (1.9 GB of columns) peaked at 4.0 GB resident.
    let (bytes, overflow) = rows.multipliedReportingOverflow(by: 2 * Run.bytesPerCall)
    let estimate = MemoryEstimate(
      work: "importing \(displayPath ?? url.path) into memory", size: "about \(Format.integer(rows)) calls",
      bytes: overflow ? .max : bytes,
      hint: "analyze a part of the file (e.g. one month)")
    do throws(BudgetError) {
      try budget.check(estimate)
      return nil
    } catch {
      return error
    }
  }

  /// About how many rows `url` holds: its size over the mean length of the lines in its first
  /// megabyte; `nil` for anything but a readable regular file.
  ///
  /// Only a regular file is sampled: opening a FIFO would wait for its writer (the import
  /// waits with a time limit), and a directory has no rows.
  static func estimatedRows(_ url: URL) -> Int? {
    guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
      attributes[.type] as? FileAttributeType == .typeRegular, let size = attributes[.size] as? NSNumber,
      let handle = FileHandle(forReadingAtPath: url.path)
    else { return nil }
    defer { try? handle.close() }
    // The throwing read: `readData(ofLength:)` traps on a directory or a read error.
    guard let sample = try? handle.read(upToCount: 1 << 20) else { return nil }
    let lines = max(1, sample.withUnsafeBytes { bytes in bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } })
    return Int(clamping: size.uint64Value / UInt64(max(1, sample.count / lines)))
  }
}
