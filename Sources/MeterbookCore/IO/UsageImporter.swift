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

  /// What an import read and skipped.
  public struct Summary: Sendable, Hashable, CustomStringConvertible {
    public var read = 0
    public var kept = 0
    public var skippedByReason: [String: Int] = [:]
    /// The first bad rows: (row number, reason).
    public var examples: [Row] = []
    public var costComputed = false
    /// The earliest and latest call with their row numbers, for the span limit.
    var earliest: (time: Int64, row: Int)?
    var latest: (time: Int64, row: Int)?
    /// Sum of the kept rows' costs, checked against `Limits.runCost`.
    var totalCost: Int128 = 0
    public struct Row: Sendable, Hashable {
      public var row: Int
      public var reason: String
    }
    public var skipped: Int { skippedByReason.values.reduce(0, +) }
    public static func == (a: Summary, b: Summary) -> Bool {
      (a.read, a.kept, a.skippedByReason, a.examples, a.costComputed) == (
        b.read, b.kept, b.skippedByReason, b.examples, b.costComputed
      )
    }
    public func hash(into h: inout Hasher) {
      h.combine(read)
      h.combine(kept)
      h.combine(examples)
    }
    public var description: String {
      var s = "read \(Format.integer(read)) rows: \(Format.integer(kept)) kept, \(Format.integer(skipped)) skipped"
      if !skippedByReason.isEmpty {
        s +=
          " ("
          + skippedByReason.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.value) \($0.key)" }.joined(
            separator: ", ") + ")"
      }
      if costComputed { s += "; cost computed from the catalog" }
      return s
        + (examples.isEmpty ? "" : "\n" + examples.map { "  row \($0.row): \($0.reason)" }.joined(separator: "\n"))
    }
  }

  public enum ImportError: Error, Equatable, CustomStringConvertible {
    case empty(path: String)
    case missingColumns([String], path: String, header: [String])
    case badRow(path: String, row: Int, reason: String)
    case unreadable(String)
    /// A documented limit was passed (`Limits`): the message names the row and column.
    case limit(path: String, row: Int?, reason: String, hint: String)
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
    let size = ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? NSNumber)?.uint64Value ?? 0
    let parts = parallel && !strict ? min(4, ProcessInfo.processInfo.activeProcessorCount) : 1
    if parts > 1, size >= 8 << 20, let ranges = Self.split(url, size: size, parts: parts) {
      let results = PartResults(count: ranges.count + 1)
      let header = ranges[0]
      DispatchQueue.concurrentPerform(iterations: ranges.count - 1) { k in
        results.store(
          k, Result { () throws(ImportError) in try parse(url, path: path, range: ranges[k + 1], header: header) })
      }
      var pieces: [(Run, Summary, CSVReader.Stats)] = []
      var quoted = false
      for k in 0..<(ranges.count - 1) {
        let piece = try results.take(k).get()
        quoted = quoted || piece.2.sawQuote
        pieces.append(piece)
      }
      if !quoted { return try Self.checked(Self.join(pieces, path: path), path: path) }
    }
    let (run, summary, _) = try parse(url, path: path, range: nil, header: nil)
    return try Self.checked((run, summary), path: path)
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
      let probe = handle.readData(ofLength: 1 << 16)
      guard let nl = probe.firstIndex(of: 0x0A) else { return nil }
      return offset + UInt64(nl - probe.startIndex) + 1
    }
    guard let bodyStart = nextLineStart(after: 0), bodyStart < size else { return nil }
    var starts = [bodyStart]
    for k in 1..<parts {
      guard let s = nextLineStart(after: bodyStart + (size - bodyStart) * UInt64(k) / UInt64(parts)), s > starts.last!,
        s < size
      else { return nil }
      starts.append(s)
    }
    starts.append(size)
    return [0..<bodyStart] + zip(starts, starts.dropFirst()).map { $0..<$1 }
  }

  /// Joins parsed parts: dimension ids remapped into tables merged in first-appearance
  /// order, row numbers of examples shifted by the rows before each part.
  static func join(_ pieces: [(Run, Summary, CSVReader.Stats)], path: String) throws(ImportError) -> (Run, Summary) {
    var run = pieces[0].0
    var summary = pieces[0].1
    summary.examples = summary.examples.map { .init(row: $0.row + 1, reason: $0.reason) }  // after the header line
    summary.earliest = summary.earliest.map { ($0.time, $0.row + 1) }
    summary.latest = summary.latest.map { ($0.time, $0.row + 1) }
    var rowsBefore = 1 + pieces[0].2.rows
    func merge(_ table: inout [String], _ other: [String]) -> [Int] {
      var index = Dictionary(table.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
      return other.map { name in
        if let i = index[name] { return i }
        table.append(name)
        index[name] = table.count - 1
        return table.count - 1
      }
    }
    for (part, partSummary, stats) in pieces.dropFirst() {
      var modelMap: [Int] = []
      for m in part.dimensions.models {
        if let i = run.dimensions.models.firstIndex(of: m) {
          modelMap.append(i)
        } else {
          run.dimensions.models.append(m)
          modelMap.append(run.dimensions.models.count - 1)
        }
      }
      let tasks = merge(&run.dimensions.taskTypes, part.dimensions.taskTypes)
      let customers = merge(&run.dimensions.customers, part.dimensions.customers)
      let orgs = merge(&run.dimensions.organizations, part.dimensions.organizations)
      let products = merge(&run.dimensions.products, part.dimensions.products)
      let features = merge(&run.dimensions.features, part.dimensions.features)
      let tiers = merge(&run.dimensions.tiers, part.dimensions.tiers)
      let regions = merge(&run.dimensions.regions, part.dimensions.regions)
      for (column, count, limit) in [
        ("model", run.dimensions.models.count, Limits.models),
        ("task_type", run.dimensions.taskTypes.count, Limits.taskTypes),
        ("organization_id", run.dimensions.organizations.count, Limits.organizations),
        ("product_id", run.dimensions.products.count, Limits.products),
        ("feature_id", run.dimensions.features.count, Limits.features),
        ("subscription_tier", run.dimensions.tiers.count, Limits.tiers),
        ("region", run.dimensions.regions.count, Limits.regions),
      ] where count > limit {
        throw Self.tooMany(column, limit: limit, path: path, row: nil)
      }
      run.timestamp += part.timestamp
      run.model += part.model.map { UInt16(modelMap[Int($0)]) }
      run.task += part.task.map { UInt8(tasks[Int($0)]) }
      run.inputTokens += part.inputTokens
      run.outputTokens += part.outputTokens
      run.cachedTokens += part.cachedTokens
      run.cost += part.cost
      run.latencyMs += part.latencyMs
      run.quality += part.quality
      run.status += part.status
      run.customer += part.customer.map { UInt32(customers[Int($0)]) }
      run.organization += part.organization.map { UInt16(orgs[Int($0)]) }
      run.product += part.product.map { UInt16(products[Int($0)]) }
      run.feature += part.feature.map { UInt16(features[Int($0)]) }
      run.tier += part.tier.map { UInt8(tiers[Int($0)]) }
      run.region += part.region.map { UInt8(regions[Int($0)]) }
      run.callID += part.callID
      run.traceID += part.traceID
      summary.read += partSummary.read
      summary.kept += partSummary.kept
      summary.totalCost += partSummary.totalCost
      if let e = partSummary.earliest, e.time < summary.earliest?.time ?? .max {
        summary.earliest = (e.time, e.row + rowsBefore)
      }
      if let l = partSummary.latest, l.time > summary.latest?.time ?? .min {
        summary.latest = (l.time, l.row + rowsBefore)
      }
      for (k, v) in partSummary.skippedByReason { summary.skippedByReason[k, default: 0] += v }
      for e in partSummary.examples where summary.examples.count < 10 {
        summary.examples.append(.init(row: e.row + rowsBefore, reason: e.reason))
      }
      rowsBefore += stats.rows
    }
    return (run, summary)
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
  func parse(_ url: URL, path: String, range: Range<UInt64>?, header headerRange: Range<UInt64>?) throws(ImportError)
    -> (Run, Summary, CSVReader.Stats)
  {
    var summary = Summary()
    var run = Run(dimensions: Run.Dimensions())
    run.dimensions.taskTypes = []
    var interned = Interner()
    // Standard task names keep their standard ids, which analyzers rely on.
    for t in TaskType.all { _ = interned.id(t.rawValue, "task", in: &run.dimensions.taskTypes) }
    // Column of each of the 19 fields (by ordinal), or -1.
    var fieldColumn = [Int](repeating: -1, count: CallRecord.fieldNames.count)
    let constants = ByteConstants(CallRecord.fieldNames.map { mapping.defaults[$0] } + ["chat", "unknown"])
    let defaultBuffers = Array(constants.buffers.prefix(CallRecord.fieldNames.count))
    let chat = constants.buffers[CallRecord.fieldNames.count]!
    let unknown = constants.buffers[CallRecord.fieldNames.count + 1]!
    var column = [String: Int]()
    var header: [String] = []
    var costMode = mapping.cost
    var modelIndex: [UInt64: (UInt16, ModelSpec?)] = [:]
    var failure: ImportError?
    let required = ["timestamp", "model", "input_tokens", "output_tokens"]
    let specByName = Dictionary(catalog.models.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    let specByProviderModel = Dictionary(
      catalog.models.map { ("\($0.providerName)|\($0.name)", $0) }, uniquingKeysWith: { a, _ in a })
    func bad(_ row: Int, _ reason: String, _ kind: String) -> Bool {
      summary.skippedByReason[kind, default: 0] += 1
      if summary.examples.count < examples { summary.examples.append(.init(row: row, reason: reason)) }
      if strict {
        failure = .badRow(path: path, row: row, reason: reason)
        return false
      }
      return true
    }
    var stats = CSVReader.Stats()
    do {
      try withExtendedLifetime(constants) {
        if let headerRange {
          // A part: read the header first, then only the part's bytes.
          try CSVReader.read(contentsOf: url, range: headerRange) { _, fields in
            header = fields.map { String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespaces) }
            return false
          }
          for (i, name) in header.enumerated() { column[name] = i }
          for (k, f) in CallRecord.fieldNames.enumerated() {
            if let c = column[mapping.columns[f] ?? f] { fieldColumn[k] = c }
          }
          func has(_ f: String) -> Bool { column[mapping.columns[f] ?? f] != nil || mapping.defaults[f] != nil }
          if costMode == nil { costMode = has("cost_usd") ? "given" : "compute" }
          summary.costComputed = costMode == "compute"
        }
        stats = try CSVReader.read(contentsOf: url, range: range) { row, fields in
          if header.isEmpty {
            header = fields.map { String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespaces) }
            for (i, name) in header.enumerated() { column[name] = i }
            for (k, f) in CallRecord.fieldNames.enumerated() {
              if let c = column[mapping.columns[f] ?? f] { fieldColumn[k] = c }
            }
            func has(_ f: String) -> Bool { column[mapping.columns[f] ?? f] != nil || mapping.defaults[f] != nil }
            let missing = required.filter { !has($0) }
            if !missing.isEmpty {
              failure = .missingColumns(missing, path: path, header: header)
              return false
            }
            if costMode == nil { costMode = has("cost_usd") ? "given" : "compute" }
            summary.costComputed = costMode == "compute"
            return true
          }
          summary.read += 1
          if summary.read & 0xFFFF == 0 {
            if isCancelled() {
              failure = .cancelled
              return false
            }
            let estimate = MemoryEstimate(
              work: "importing \(path)", size: "\(Format.integer(summary.read)) rows read so far",
              bytes: summary.kept * Run.bytesPerCall, hint: "analyze the export in parts")
            do throws(BudgetError) { try budget.check(estimate) } catch {
              failure = .budget(error)
              return false
            }
          }
          /// The bytes of field `k` (its ordinal in the 19), or its default.
          func bytes(_ k: Int) -> UnsafeBufferPointer<UInt8>? {
            let c = fieldColumn[k]
            if c >= 0, c < fields.count, !fields[c].isEmpty { return fields[c] }
            return defaultBuffers[k]
          }
          func text(_ f: String) -> Substring? {
            bytes(CallRecord.fieldNames.firstIndex(of: f)!).map { Substring(decoding: $0, as: UTF8.self) }
          }
          func number(_ k: Int) -> UInt32? {
            guard let b = bytes(k), !b.isEmpty, b.count <= 10 else { return nil }
            var v: UInt64 = 0
            for c in b {
              guard c >= 48 && c <= 57 else { return nil }
              v = v * 10 + UInt64(c - 48)
            }
            return v <= UInt64(UInt32.max) ? UInt32(v) : nil
          }
          guard fields.count == header.count else {
            return bad(row, "has \(fields.count) fields; expected \(header.count) like the header", "wrong field count")
          }
          guard let tsBytes = bytes(1), let ts = Self.parseTime(tsBytes, format: mapping.timestampFormat) else {
            return bad(row, "timestamp '\(text("timestamp") ?? "")' is not \(mapping.timestampFormat)", "bad timestamp")
          }
          guard (Limits.earliestTimestamp...Limits.latestTimestamp).contains(ts) else {
            return bad(
              row, "timestamp '\(text("timestamp") ?? "")' is outside 1970-01-01 … 2199-12-31", "timestamp out of range"
            )
          }
          guard let modelBytes = bytes(3) else { return bad(row, "model is empty", "missing model") }
          let providerBytes = bytes(2)
          guard let input = number(5), let output = number(6) else {
            return bad(
              row,
              "token counts '\(text("input_tokens") ?? "")', '\(text("output_tokens") ?? "")' are not whole numbers",
              "bad tokens")
          }
          let cached = number(7) ?? 0
          guard cached <= input else {
            return bad(row, "cached_input_tokens \(cached) exceeds input_tokens \(input)", "bad tokens")
          }
          let status: CallStatus
          switch bytes(11).map(Self.fnv) {
          case nil, Self.okHash: status = .ok
          case Self.errorHash: status = .error
          case Self.timeoutHash: status = .timeout
          default: return bad(row, "status '\(text("status") ?? "")' is not ok, error or timeout", "bad status")
          }
          let key = Self.fnv(modelBytes) &* 31 &+ (providerBytes.map(Self.fnv) ?? 0)
          if modelIndex[key] == nil {
            guard run.dimensions.models.count < Limits.models else {
              failure = Self.tooMany("model", limit: Limits.models, path: path, row: row)
              return false
            }
            let modelName = String(decoding: modelBytes, as: UTF8.self)
            let providerName = providerBytes.map { String(decoding: $0, as: UTF8.self) }
            let spec = providerName.flatMap { specByProviderModel["\($0)|\(modelName)"] } ?? specByName[modelName]
            let ref = Run.ModelRef(
              providerKey: spec?.providerKey
                ?? (providerName ?? "unknown").lowercased().replacingOccurrences(of: " ", with: "-"),
              providerName: spec?.providerName ?? providerName ?? "unknown", name: modelName)
            run.dimensions.models.append(ref)
            modelIndex[key] = (UInt16(run.dimensions.models.count - 1), spec)
          }
          let (m, spec) = modelIndex[key]!
          var cost: Int64
          if costMode == "compute" {
            guard let spec else {
              return bad(
                row,
                "model '\(text("provider").map { "\($0) " } ?? "")\(text("model") ?? "")' is not in catalog '\(catalog.name)', so its cost cannot be computed",
                "unknown model")
            }
            cost =
              status == .error
              ? 0
              : spec.price.cost(input: Int(input), output: status == .timeout ? 0 : Int(output), cached: Int(cached))
                .int64Nanos ?? .max
          } else {
            guard let c = bytes(8),
              let money = Money(decimalBytes: c) ?? (try? Money(parsing: String(decoding: c, as: UTF8.self)))
            else {
              return bad(row, "cost_usd '\(text("cost_usd") ?? "")' is not a dollar amount", "bad cost")
            }
            guard money >= .zero else {
              return bad(
                row, "cost_usd '\(text("cost_usd") ?? "")' is negative; a call costs $0 or more", "cost out of range")
            }
            guard money <= Limits.callCost, let nanos = money.int64Nanos else {
              return bad(
                row,
                "cost_usd '\(text("cost_usd") ?? "")' exceeds the limit of \(Format.money(Limits.callCost)) for one call",
                "cost out of range")
            }
            cost = nanos
          }
          guard cost <= Limits.callCost.int64Nanos ?? .max else {
            return bad(
              row,
              "the computed cost \(Format.money(Money(nanos: cost))) exceeds the limit of \(Format.money(Limits.callCost)) for one call",
              "cost out of range")
          }
          // Quality in 1/10,000ths, read exactly from its decimal text; empty means 0.
          var quality: Int64 = 0
          if let q = bytes(10), !q.isEmpty {
            guard let m = Money(decimalBytes: q), m >= .zero, m <= Money(dollars: 1) else {
              return bad(
                row, "quality_score '\(text("quality_score") ?? "")' is not a number from 0 to 1", "bad quality")
            }
            quality = Int64(clamping: (m.nanos + 50_000) / 100_000)
          }
          let ids = (
            task: interned.id(bytes(4) ?? chat, slot: 0, in: &run.dimensions.taskTypes),
            customer: interned.id(bytes(12) ?? unknown, slot: 1, in: &run.dimensions.customers),
            organization: interned.id(bytes(13) ?? unknown, slot: 2, in: &run.dimensions.organizations),
            product: interned.id(bytes(14) ?? unknown, slot: 3, in: &run.dimensions.products),
            feature: interned.id(bytes(15) ?? unknown, slot: 4, in: &run.dimensions.features),
            tier: interned.id(bytes(16) ?? unknown, slot: 5, in: &run.dimensions.tiers),
            region: interned.id(bytes(17) ?? unknown, slot: 6, in: &run.dimensions.regions)
          )
          for (column, id, limit) in [
            ("task_type", ids.task, Limits.taskTypes), ("subscription_tier", ids.tier, Limits.tiers),
            ("region", ids.region, Limits.regions),
            ("organization_id", ids.organization, Limits.organizations), ("product_id", ids.product, Limits.products),
            ("feature_id", ids.feature, Limits.features),
          ] where id >= limit {
            failure = Self.tooMany(column, limit: limit, path: path, row: row)
            return false
          }
          summary.totalCost += Int128(cost)
          if summary.totalCost > Limits.runCost.nanos {
            failure = .limit(
              path: path, row: row,
              reason: "the calls up to this row cost more than \(Format.money(Limits.runCost)), the most one run holds",
              hint: "analyze the export in parts, e.g. one file per month")
            return false
          }
          if ts < summary.earliest?.time ?? .max { summary.earliest = (ts, row) }
          if ts > summary.latest?.time ?? .min { summary.latest = (ts, row) }
          run.timestamp.append(ts)
          run.model.append(m)
          run.task.append(UInt8(ids.task))
          run.inputTokens.append(input)
          run.outputTokens.append(output)
          run.cachedTokens.append(cached)
          run.cost.append(cost)
          run.latencyMs.append(number(9) ?? 0)
          run.quality.append(UInt16(max(0, min(10_000, quality))))
          run.status.append(Run.statusCode(status))
          run.customer.append(UInt32(ids.customer))
          run.organization.append(UInt16(ids.organization))
          run.product.append(UInt16(ids.product))
          run.feature.append(UInt16(ids.feature))
          run.tier.append(UInt8(ids.tier))
          run.region.append(UInt8(ids.region))
          run.callID.append(Self.id64(bytes(0)))
          run.traceID.append(Self.id64(bytes(18).map { UnsafeBufferPointer(rebasing: $0.suffix(16)) }))
          summary.kept += 1
          return true
        }
      }
    } catch let e as CSVReader.Problem {
      if case .unterminatedQuote(let row) = e {
        if strict || summary.read == 0 { throw .badRow(path: path, row: row, reason: "a quoted field is never closed") }
        summary.skippedByReason["unterminated quote", default: 0] += 1
        if summary.examples.count < examples {
          summary.examples.append(
            .init(row: row, reason: "a quoted field is never closed; the rest of the file is one broken field"))
        }
      } else {
        throw .unreadable(e.description)
      }
    } catch {
      throw .unreadable("\(path): \(error)")
    }
    if let failure { throw failure }
    if header.isEmpty { throw .empty(path: path) }
    return (run, summary, stats)
  }

  /// ISO 8601 (`2026-01-05T09:15:02Z`, fractions and `+hh:mm` offsets allowed, or a space for
  /// `T`), Unix seconds or Unix milliseconds → epoch seconds.
  public static func parseTime(_ s: Substring, format: String) -> Int64? {
    Array(s.utf8).withUnsafeBufferPointer { parseTime($0, format: format) }
  }

  /// `parseTime` on raw bytes (the importer's hot path).
  static func parseTime(_ u: UnsafeBufferPointer<UInt8>, format: String) -> Int64? {
    switch format {
    case "unix":
      let s = String(decoding: u, as: UTF8.self)
      return Int64(s) ?? Double(s).flatMap { Int64(exactly: $0.rounded(.down)) }
    case "unix_ms": return Int64(String(decoding: u, as: UTF8.self)).map { $0 / 1000 }
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
      if k < u.count {
        if u[k] == 90 {
          k += 1
        } else if u[k] == 43 || u[k] == 45, k + 6 <= u.count, let oh = num(k + 1, k + 3), let om = num(k + 4, k + 6) {
          offset = (oh * 3600 + om * 60) * (u[k] == 43 ? 1 : -1)
          k += 6
        } else {
          return nil
        }
      }
      guard k == u.count else { return nil }
      return CalendarDay(year: y, month: mo, day: d).epochSeconds + Int64(h * 3600 + mi * 60 + se - offset)
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
    if s.count == 16 {
      var v: UInt64 = 0
      var hex = true
      for c in s {
        switch c {
        case 48...57: v = v << 4 | UInt64(c - 48)
        case 97...102: v = v << 4 | UInt64(c - 87)
        default: hex = false
        }
        if !hex { break }
      }
      if hex { return v }
    }
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in s { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
    return SplitMix64.mix(h)
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
  func take(_ k: Int) -> Result<(Run, UsageImporter.Summary, CSVReader.Stats), UsageImporter.ImportError> {
    lock.withLock { slots[k]! }
  }
}

/// Interns strings to dense ids per dimension, appending new ones to the dimension's table.
struct Interner {
  static let slots = ["task", "customer", "organization", "product", "feature", "tier", "region"]
  private var tables = [[String: Int]](repeating: [:], count: Interner.slots.count)
  /// FNV-1a of the bytes → id, checked against the table on every hit.
  private var fast = [[UInt64: Int]](repeating: [:], count: Interner.slots.count)
  mutating func id(_ s: String, _ dimension: String, in table: inout [String]) -> Int {
    let slot = Interner.slots.firstIndex(of: dimension)!
    if let i = tables[slot][s] { return i }
    table.append(s)
    tables[slot][s] = table.count - 1
    return table.count - 1
  }
  mutating func id(_ s: UnsafeBufferPointer<UInt8>, slot: Int, in table: inout [String]) -> Int {
    let h = UsageImporter.fnv(s)
    if let i = fast[slot][h], table[i].utf8.elementsEqual(s) { return i }
    let key = String(decoding: s, as: UTF8.self)
    defer { fast[slot][h] = tables[slot][key] }
    if let i = tables[slot][key] { return i }
    table.append(key)
    tables[slot][key] = table.count - 1
    return table.count - 1
  }
}

/// Strings copied once into buffers that stay put, so they can stand in for CSV fields.
final class ByteConstants {
  let buffers: [UnsafeBufferPointer<UInt8>?]
  init(_ strings: [String?]) {
    buffers = strings.map { s in
      s.map { text in
        let bytes = Array(text.utf8)
        let p = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, bytes.count))
        _ = p.initialize(from: bytes)
        return UnsafeBufferPointer(rebasing: UnsafeBufferPointer(p)[0..<bytes.count])
      }
    }
  }
  deinit { for b in buffers { if let base = b?.baseAddress { UnsafeMutablePointer(mutating: base).deallocate() } } }
}
