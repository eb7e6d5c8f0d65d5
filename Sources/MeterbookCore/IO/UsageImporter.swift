import Foundation

/// Reads real usage — a call CSV in the 19-field schema, or any CSV a `ColumnMapping` names —
/// into a `Run`, streaming, keeping only the columns it needs, counting and explaining every
/// row it skips.
public struct UsageImporter: Sendable {
  public var mapping = ColumnMapping()
  public var catalog: ModelCatalog
  /// Stop at the first bad row instead of skipping it.
  public var strict = false
  /// How many bad rows to describe (all are counted).
  public var examples = 10
  /// Memory the imported columns may take; checked every 65,536 rows.
  public var budget = MemoryBudget.current
  /// Polled every 65,536 rows; `true` stops the import with `ImportError.cancelled`.
  public var isCancelled: @Sendable () -> Bool = { false }

  public init(catalog: ModelCatalog, mapping: ColumnMapping = ColumnMapping(), strict: Bool = false) {
    self.catalog = catalog
    self.mapping = mapping
    self.strict = strict
  }

  public enum ImportError: Error, Equatable, CustomStringConvertible {
    case empty(path: String)
    case missingColumns([String], path: String, header: [String])
    case badRow(path: String, row: Int, reason: String)
    case unreadable(String)
    /// A documented limit was passed (`Limits`): the message names the row and column.
    case limit(path: String, row: Int?, reason: String, hint: String)
    /// A problem at a place in the file (`path:row:column`) that ends the import, with a hint:
    /// a timestamp without a zone and no `timezone:`, a mapped column the header lacks.
    case located(path: String, row: Int, column: Int?, reason: String, hint: String)
    case budget(BudgetError)
    case cancelled
    public var description: String {
      switch self {
      case .empty(let p): "\(p): the file is empty; expected a header row and calls"
      case .missingColumns(let c, let p, let header):
        "\(p):1: missing column\(c.count == 1 ? "" : "s") \(c.map { "'\($0)'" }.joined(separator: ", ")); the header has: \(header.joined(separator: ", "))\n  hint: name them in a mapping file (--map), e.g. columns: {input_tokens: prompt_tokens}"
      case .badRow(let p, let row, let reason): "\(p):\(row): \(reason) (--strict stops at the first bad row)"
      case .unreadable(let s): s
      case .limit(let p, let row, let reason, let hint): "\(p)\(row.map { ":\($0)" } ?? ""): \(reason)\n  hint: \(hint)"
      case .located(let p, let row, let column, let reason, let hint):
        "\(p):\(row)\(column.map { ":\($0)" } ?? ""): \(reason)\n  hint: \(hint)"
      case .budget(let e): e.description
      case .cancelled: "cancelled"
      }
    }
  }

  /// Imports `url`; the run's calls keep the file's order.
  ///
  /// A large file without any `"` is split at line breaks and its parts parsed in parallel,
  /// then joined with the dimension tables merged in first-appearance order, which gives the
  /// same run, byte for byte, as one sequential pass (a test pins it). A part that sees a
  /// quote makes the import start over sequentially, because the split may have cut a field.
  public func read(contentsOf url: URL, displayPath: String? = nil, parallel: Bool = true) throws(ImportError) -> (
    Run, Summary
  ) {
    let path = displayPath ?? url.path
    if let ranges = partRanges(url, parallel: parallel),
      let pieces = try parseParts(url, path: path, ranges: ranges, drains: nil)
    {
      let (run, summary, _) = try Self.join(pieces, path: path)
      return try Self.checked((run, summary), path: path)
    }
    let (run, summary, _) = try parse(
      url, path: path, range: nil, header: nil, expectedCalls: Self.estimatedRows(url).map(Self.reservation) ?? 0)
    return try Self.checked((run, summary), path: path)
  }

  /// The calls to make room for when about `rows` are expected: a little more, so an estimate
  /// that falls a few rows short does not double the columns at the very end.
  static func reservation(_ rows: Int) -> Int { rows + rows / 16 + 1024 }

  /// The header line's range followed by the ranges of the parts to parse on separate cores;
  /// `nil` when the file is read in one pass (strict, small, or without line breaks to cut at).
  func partRanges(_ url: URL, parallel: Bool) -> [Range<UInt64>]? {
    let size = ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? NSNumber)?.uint64Value ?? 0
    let parts = parallel && !strict ? min(4, ProcessInfo.processInfo.activeProcessorCount) : 1
    guard parts > 1, size >= 8 << 20 else { return nil }
    return Self.split(url, size: size, parts: parts)
  }

  /// Parses the parts of `ranges` (after the header's) in parallel, part `k` handing its calls
  /// in chunks to `drains[k]` when there are drains; `nil` when a part saw a quote, since the
  /// split may have cut a quoted field (the caller then starts over sequentially).
  func parseParts(
    _ url: URL, path: String, ranges: [Range<UInt64>], drains: SlotBox<((Run) -> ImportError?)?>?
  ) throws(ImportError) -> [(Run, Summary, CSVReader.Stats)]? {
    let results = PartResults(count: ranges.count + 1)
    let header = ranges[0]
    // Kept in memory, the first part's columns receive the others' when the parts are joined:
    // room for the whole file saves copying them as they grow and again at the join.
    let rows = drains == nil ? Self.estimatedRows(url) ?? 0 : 0
    let bodyBytes = max(1, (ranges.last?.upperBound ?? 1) - header.upperBound)
    DispatchQueue.concurrentPerform(iterations: ranges.count - 1) { k in
      let drain = drains?.take(k) ?? nil
      results.store(
        k,
        Result { () throws(ImportError) in
          try parse(
            url, path: path, range: ranges[k + 1], header: header,
            chunkCalls: drain == nil ? .max : Self.chunkCalls, drain: drain,
            expectedCalls: rows == 0
              ? 0
              : Self.reservation(
                k == 0 ? rows : Int(Double(rows) * Double(ranges[k + 1].count) / Double(bodyBytes))))
        })
    }
    var pieces: [(Run, Summary, CSVReader.Stats)] = []
    for k in 0..<(ranges.count - 1) {
      // A part that handed back nothing is parsed again by the sequential pass.
      guard let result = results.take(k) else { return nil }
      let piece = try result.get()
      if piece.2.sawQuote { return nil }
      pieces.append(piece)
    }
    return pieces
  }

  /// The limits that need the whole file: the run's total cost and its span of days.
  static func checked(_ result: (Run, Summary), path: String) throws(ImportError) -> (Run, Summary) {
    let summary = result.1
    if summary.totalCost > Limits.runCost.nanos {
      throw .limit(
        path: path, row: nil,
        reason:
          "the calls cost \(Format.money(Money(nanos: summary.totalCost))) in all; one run holds at most \(Format.money(Limits.runCost))",
        hint: "analyze the export in parts, e.g. one file per month")
    }
    if let first = summary.earliest, let last = summary.latest,
      (last.time - first.time) / 86_400 >= Int64(Limits.spanDays)
    {
      let days = (last.time - first.time) / 86_400 + 1
      throw .limit(
        path: path, row: last.row,
        reason:
          "the calls span \(Format.integer(Int(days))) days (row \(first.row) at \(CalendarDay(daysSinceEpoch: Int(first.time / 86_400))) to row \(last.row) at \(CalendarDay(daysSinceEpoch: Int(last.time / 86_400)))); one run covers at most \(Format.integer(Limits.spanDays)) days",
        hint: "filter the export to the period you want to analyze")
    }
    return result
  }

  /// Byte ranges: `[header line]` followed by `parts` ranges that each start at a line.
  static func split(_ url: URL, size: UInt64, parts: Int) -> [Range<UInt64>]? {
    guard let handle = FileHandle(forReadingAtPath: url.path) else { return nil }
    defer { try? handle.close() }
    func nextLineStart(after offset: UInt64) -> UInt64? {
      guard (try? handle.seek(toOffset: offset)) != nil else { return nil }
      // The throwing read: `readData(ofLength:)` traps on a directory or a read error.
      guard let probe = try? handle.read(upToCount: 1 << 16), let nl = probe.firstIndex(of: 0x0A) else { return nil }
      return offset + UInt64(nl - probe.startIndex) + 1
    }
    guard let bodyStart = nextLineStart(after: 0), bodyStart < size else { return nil }
    var starts = [bodyStart]
    var previous = bodyStart
    for k in 1..<parts {
      guard let s = nextLineStart(after: bodyStart + (size - bodyStart) * UInt64(k) / UInt64(parts)), s > previous,
        s < size
      else { return nil }
      starts.append(s)
      previous = s
    }
    starts.append(size)
    return [0..<bodyStart] + zip(starts, starts.dropFirst()).map { $0..<$1 }
  }

  /// Joins parsed parts: dimension ids remapped into tables merged in first-appearance
  /// order, row numbers of examples shifted by the rows before each part.
  ///
  /// - Returns: the joined run and summary, and where each later part's dimension ids landed.
  static func join(_ pieces: [(Run, Summary, CSVReader.Stats)], path: String) throws(ImportError) -> (
    Run, Summary, remaps: [Run.DimensionRemap]
  ) {
    var run = pieces[0].0
    var summary = pieces[0].1
    summary.examples = summary.examples.map { .init(row: $0.row + 1, reason: $0.reason) }  // after the header line
    summary.earliest = summary.earliest.map { ($0.time, $0.row + 1) }
    summary.latest = summary.latest.map { ($0.time, $0.row + 1) }
    var rowsBefore = 1 + pieces[0].2.rows
    var remaps: [Run.DimensionRemap] = []
    for (part, partSummary, stats) in pieces.dropFirst() {
      do throws(Run.TooManyNames) {
        remaps.append(try run.append(part))
      } catch {
        throw Self.tooMany(error.column, limit: error.limit, path: path, row: nil)
      }
      merge(partSummary, rowsBefore: rowsBefore, into: &summary)
      rowsBefore += stats.rows
    }
    return (run, summary, remaps)
  }

  /// Adds a part's counts to `summary`, its row numbers shifted by the `rowsBefore` rows of the
  /// parts before it.
  private static func merge(_ part: Summary, rowsBefore: Int, into summary: inout Summary) {
    summary.read += part.read
    summary.kept += part.kept
    summary.calls += part.calls
    summary.batchRows += part.batchRows
    summary.costComputed = summary.costComputed || part.costComputed
    for u in part.unknownModels {
      if let i = summary.unknownModels.firstIndex(where: { ($0.provider, $0.name) == (u.provider, u.name) }) {
        summary.unknownModels[i].rows += u.rows
        summary.unknownModels[i].calls += u.calls
        summary.unknownModels[i].cost += u.cost
      } else {
        summary.unknownModels.append(u)
      }
    }
    for a in part.aliased where !summary.aliased.contains(a) { summary.aliased.append(a) }
    summary.aliased.sort { $0.logged < $1.logged }
    summary.totalCost += part.totalCost
    if let e = part.earliest, e.time < summary.earliest?.time ?? .max {
      summary.earliest = (e.time, e.row + rowsBefore)
    }
    if let l = part.latest, l.time > summary.latest?.time ?? .min {
      summary.latest = (l.time, l.row + rowsBefore)
    }
    for (k, v) in part.skippedByReason { summary.skippedByReason[k, default: 0] += v }
    for e in part.examples where summary.examples.count < 10 {
      summary.examples.append(.init(row: e.row + rowsBefore, reason: e.reason))
    }
  }

  /// The error for a column with more distinct values than its id width holds.
  static func tooMany(_ column: String, limit: Int, path: String, row: Int?) -> ImportError {
    .limit(
      path: path, row: row,
      reason:
        "\(column) has more than \(Format.integer(limit)) distinct values; Meterbook holds at most \(Format.integer(limit)) per run",
      hint: column == "organization_id" || column == "feature_id" || column == "product_id"
        ? "map a coarser column to \(column) (--map), or leave it out so every call gets 'unknown'"
        : "check that the file's columns are the ones the header names")
  }

  /// Parses the whole file (`range == nil`) or one part of it, given the header line's range.
  ///
  /// With `drain`, the calls leave in chunks of `chunkCalls` as they are parsed (the last one
  /// at the end), and the returned run holds only the dimension tables.
  func parse(
    _ url: URL, path: String, range: Range<UInt64>?, header headerRange: Range<UInt64>?,
    chunkCalls: Int = .max, drain: ((Run) -> ImportError?)? = nil, expectedCalls: Int = 0
  ) throws(ImportError) -> (Run, Summary, CSVReader.Stats) {
    var parser = RowParser(importer: self, path: path)
    if expectedCalls > 0 { parser.run.reserveCapacity(expectedCalls) }
    parser.chunkCalls = chunkCalls
    parser.drain = drain
    var stats = CSVReader.Stats()
    do {
      try withExtendedLifetime(parser.constants) {
        if let headerRange {
          // A part: read the header first, then only the part's bytes.
          try CSVReader.read(contentsOf: url, range: headerRange) { _, fields in
            _ = parser.readHeader(fields)
            return false
          }
          if let failure = parser.failure { throw failure }
        }
        stats = try CSVReader.read(contentsOf: url, range: range) { row, fields in
          guard parser.header.isEmpty else { return parser.record(row, fields) }
          let missing = parser.readHeader(fields)
          if !missing.isEmpty {
            parser.failure = .missingColumns(missing, path: path, header: parser.header)
          }
          return parser.failure == nil
        }
      }
    } catch let e as ImportError {
      throw e
    } catch let e as CSVReader.Problem {
      try skipUnterminatedQuote(e, summary: &parser.summary, path: path)
    } catch {
      throw .unreadable("\(path): \(error)")
    }
    if let failure = parser.failure { throw failure }
    if parser.header.isEmpty { throw .empty(path: path) }
    if !parser.handOff(), let failure = parser.failure { throw failure }
    parser.finish()
    return (parser.run, parser.summary, stats)
  }

  /// Counts a quote never closed as one skipped row, or ends the import on any other problem.
  ///
  /// A quote never closed makes the rest of the file one broken field; it ends the import only
  /// when the import is strict or nothing was read yet.
  private func skipUnterminatedQuote(_ problem: CSVReader.Problem, summary: inout Summary, path: String)
    throws(ImportError)
  {
    guard case .unterminatedQuote(let row) = problem else { throw .unreadable(problem.description) }
    if strict || summary.read == 0 { throw .badRow(path: path, row: row, reason: "a quoted field is never closed") }
    summary.read += 1
    summary.skippedByReason["unterminated quote", default: 0] += 1
    if summary.examples.count < examples {
      summary.examples.append(
        .init(row: row, reason: "a quoted field is never closed; the rest of the file is one broken field"))
    }
  }

  /// ISO 8601 (`2026-01-05T09:15:02Z`, fractions and `+hh:mm`, `+hhmm` or `+hh` offsets allowed,
  /// or a space for `T`), Unix seconds or Unix milliseconds → epoch seconds; a timestamp without
  /// a zone is read as UTC here (the importer asks the mapping's `timezone:` instead).
  public static func parseTime(_ s: Substring, format: String) -> Int64? {
    Array(s.utf8).withUnsafeBufferPointer { parseTimeZoned($0, format: format)?.seconds }
  }

  /// Epoch seconds of raw bytes (the importer's hot path), and whether the text named its zone
  /// (Unix times always do); without one the seconds are the wall-clock time read as UTC.
  static func parseTimeZoned(_ u: UnsafeBufferPointer<UInt8>, format: String) -> (seconds: Int64, zoned: Bool)? {
    switch format {
    case "unix":
      let s = String(decoding: u, as: UTF8.self)
      return (Int64(s) ?? Double(s).flatMap { Int64(exactly: $0.rounded(.down)) }).map { ($0, true) }
    case "unix_ms": return Int64(String(decoding: u, as: UTF8.self)).map { ($0 / 1000, true) }
    default:
      guard u.count >= 19, u[4] == 45, u[7] == 45, u[10] == 84 || u[10] == 32, u[13] == 58, u[16] == 58 else {
        return nil
      }
      func num(_ a: Int, _ b: Int) -> Int? {
        var v = 0
        for k in a..<b {
          guard u[k] >= 48 && u[k] <= 57 else { return nil }
          v = v * 10 + Int(u[k] - 48)
        }
        return v
      }
      guard let y = num(0, 4), let mo = num(5, 7), let d = num(8, 10), let h = num(11, 13), let mi = num(14, 16),
        let se = num(17, 19),
        (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, se < 61
      else { return nil }
      var k = 19
      if k < u.count && u[k] == 46 {
        k += 1
        while k < u.count && u[k] >= 48 && u[k] <= 57 { k += 1 }
      }
      var offset = 0
      var zoned = false
      if k < u.count {
        zoned = true
        if u[k] == 90 {
          k += 1
        } else if u[k] == 43 || u[k] == 45, k + 3 <= u.count, let oh = num(k + 1, k + 3), oh <= 14 {
          // +hh:mm, +hhmm or +hh
          var om = 0
          var end = k + 3
          if end + 3 <= u.count, u[end] == 58, let m = num(end + 1, end + 3) {
            om = m
            end += 3
          } else if end + 2 <= u.count, let m = num(end, end + 2) {
            om = m
            end += 2
          }
          guard om < 60 else { return nil }
          offset = (oh * 3600 + om * 60) * (u[k] == 43 ? 1 : -1)
          k = end
        } else {
          return nil
        }
      }
      guard k == u.count else { return nil }
      return (CalendarDay(year: y, month: mo, day: d).epochSeconds + Int64(h * 3600 + mi * 60 + se - offset), zoned)
    }
  }

  /// FNV-1a of bytes: a fast 64-bit key for short names.
  static func fnv(_ s: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in s { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
    return h
  }
  static let okHash = Array("ok".utf8).withUnsafeBufferPointer(fnv)
  static let errorHash = Array("error".utf8).withUnsafeBufferPointer(fnv)
  static let timeoutHash = Array("timeout".utf8).withUnsafeBufferPointer(fnv)

  /// A 16-hex-digit id as its number; any other id hashed (FNV-1a, mixed: stable 64 bits).
  static func id64(_ s: UnsafeBufferPointer<UInt8>?) -> UInt64 {
    guard let s, !s.isEmpty else { return 0 }
    if s.count == 16, let base = s.baseAddress {
      let raw = UnsafeRawPointer(base)
      if let high = hex8(raw.loadUnaligned(as: UInt64.self)),
        let low = hex8(raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
      {
        return high << 32 | low
      }
    }
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in s { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
    return SplitMix64.mix(h)
  }
  /// Eight lowercase hex digits, as loaded from memory (the first digit in the lowest byte), as
  /// their 32-bit number; `nil` when a byte is not `0`-`9` or `a`-`f`.
  ///
  /// Every call id and trace id is read here, so all eight digits are checked and converted at
  /// once (SWAR) instead of with a branch per digit.
  @inline(__always)
  static func hex8(_ loaded: UInt64) -> UInt64? {
    let w = UInt64(littleEndian: loaded)
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs = ones &* 0x80
    guard w & highs == 0 else { return nil }
    // Bit 7 of a byte of `atLeast(c)` is set where that byte of `w` is ≥ c: with every byte
    // raised to 0x80 or more first, no subtraction borrows from its neighbour.
    @inline(__always) func atLeast(_ c: UInt64) -> UInt64 { ((w | highs) &- ones &* c) & highs }
    let digit = atLeast(0x30) & ~atLeast(0x3A)
    let letter = atLeast(0x61) & ~atLeast(0x67)
    guard digit | letter == highs else { return nil }
    // A digit's value is its low nibble; a letter's (bit 6 set) is its low nibble + 9.
    var v = (w & (ones &* 0x0F)) &+ ((w >> 6) & ones) &* 9
    v = v.byteSwapped  // the first digit is the most significant
    v = (v | v >> 4) & 0x00FF_00FF_00FF_00FF
    v = (v | v >> 8) & 0x0000_FFFF_0000_FFFF
    return (v | v >> 16) & 0x0000_0000_FFFF_FFFF
  }

}

/// Results of parts parsed on worker threads; each slot is written by one worker and read after
/// `concurrentPerform` returns (the lock makes that ordering explicit).
private final class PartResults: @unchecked Sendable {
  private var slots: [Result<(Run, UsageImporter.Summary, CSVReader.Stats), UsageImporter.ImportError>?]
  private let lock = NSLock()
  init(count: Int) { slots = Array(repeating: nil, count: count) }
  func store(_ k: Int, _ r: Result<(Run, UsageImporter.Summary, CSVReader.Stats), UsageImporter.ImportError>) {
    lock.withLock { slots[k] = r }
  }
  /// The result stored in slot `k`, or `nil` when no worker stored one.
  func take(_ k: Int) -> Result<(Run, UsageImporter.Summary, CSVReader.Stats), UsageImporter.ImportError>? {
    lock.withLock { slots[k] }
  }
}

/// Strings copied once into buffers that stay put, so they can stand in for CSV fields.
final class ByteConstants {
  /// One buffer per optional string (`nil` stays `nil`).
  let defaults: [UnsafeBufferPointer<UInt8>?]
  /// One buffer per string that is always there.
  let fallbacks: [UnsafeBufferPointer<UInt8>]
  init(_ strings: [String?], fallbacks: [String]) {
    defaults = strings.map { $0.map(Self.copy) }
    self.fallbacks = fallbacks.map(Self.copy)
  }
  private static func copy(_ text: String) -> UnsafeBufferPointer<UInt8> {
    let bytes = Array(text.utf8)
    let p = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, bytes.count))
    _ = p.initialize(from: bytes)
    return UnsafeBufferPointer(rebasing: UnsafeBufferPointer(p)[0..<bytes.count])
  }
  deinit {
    for b in defaults.compactMap(\.self) + fallbacks {
      if let base = b.baseAddress { UnsafeMutablePointer(mutating: base).deallocate() }
    }
  }
}

/// Bytes decoded while one row is read (JSON strings with escapes), kept until the next row.
///
/// A field value must outlive the call that produced it for the rest of the row, and the CSV's
/// own buffers cannot hold decoded text; this arena gives such values a stable home without an
/// allocation per row.
final class ByteArena {
  private var blocks: [UnsafeMutableBufferPointer<UInt8>] = []
  private var used = 0

  /// Forgets the previous row's values (keeps the first block for reuse).
  func reset() {
    guard !blocks.isEmpty else { return }
    if blocks.count > 1 {
      for b in blocks.dropFirst() { b.deallocate() }
      blocks.removeLast(blocks.count - 1)
    }
    used = 0
  }

  /// A copy of `bytes` that stays valid until `reset()`.
  func store(_ bytes: [UInt8]) -> UnsafeBufferPointer<UInt8> {
    if blocks.isEmpty || used + bytes.count > blocks[blocks.count - 1].count {
      blocks.append(.allocate(capacity: max(1 << 16, bytes.count)))
      used = 0
    }
    let block = blocks[blocks.count - 1]
    let slice = UnsafeMutableBufferPointer(rebasing: block[used..<(used + bytes.count)])
    _ = slice.initialize(from: bytes)
    used += bytes.count
    return UnsafeBufferPointer(slice)
  }

  deinit {
    for b in blocks { b.deallocate() }
  }
}
