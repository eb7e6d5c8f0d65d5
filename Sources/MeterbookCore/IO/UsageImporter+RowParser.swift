import Foundation

extension UsageImporter {
  /// A CSV field's bytes, valid only while the reader's callback runs.
  typealias FieldBytes = UnsafeBufferPointer<UInt8>

  /// Why one data row is not kept.
  enum RowRejection: Error {
    /// A bad row: skipped and counted under `kind` (or, when strict, the end of the import).
    case bad(reason: String, kind: String)
    /// A limit, a missing time zone or a cancellation that ends the whole import.
    case fatal(ImportError)
  }

  /// The ordinals of the fields the importer reads by position in `CallRecord.fieldNames`,
  /// then the mapping's two extra inputs.
  enum Field {
    static let callID = 0
    static let timestamp = 1
    static let provider = 2
    static let model = 3
    static let task = 4
    static let inputTokens = 5
    static let outputTokens = 6
    static let cachedTokens = 7
    static let cost = 8
    static let latency = 9
    static let quality = 10
    static let status = 11
    static let customer = 12
    static let organization = 13
    static let product = 14
    static let feature = 15
    static let tier = 16
    static let region = 17
    static let traceID = 18
    /// How many calls a row stands for (`calls:`).
    static let calls = 19
    /// Whether a row is a batch job (`batch:`).
    static let batch = 20
    /// How many of a row's calls failed (`errors:`).
    static let errors = 21
    static let count = 22
    static let names = CallRecord.fieldNames + ["calls", "batch", "errors"]
  }

  /// The most calls one aggregated row may stand for.
  static let maximumCallsPerRow = 10_000_000

  /// A mapping source compiled against the header: column index, JSON path, cut, value map, scale.
  struct CompiledSource {
    /// The column's index in the header, or -1 when the file lacks it.
    var column: Int
    var json: JSONPath?
    var before: [UInt8]?
    /// FNV-1a of a file value → (the value, index of its replacement in `constants.defaults`).
    var values: [UInt64: ([UInt8], Int)] = [:]
    var wildcard: Int?
    var scale: DecimalText?
    var plus: [CompiledSource] = []
  }

  /// A number read from a field.
  enum Number {
    case missing
    case invalid(String)
    case value(DecimalText)
  }

  /// The state of one pass over a file, or over one part of it: the run being filled, what was
  /// skipped, and the tables that map the file's columns and names to the run's.
  ///
  /// Each data row goes through `record(_:_:)`; its steps are methods of their own so the hot
  /// loop reads as the list of checks it makes, in the order their side effects happen. A field
  /// that is a plain column is read straight from the CSV bytes; only fields the mapping
  /// transforms (JSON path, value map, scale, alternatives) take the slower path.
  struct RowParser {
    let importer: UsageImporter
    let path: String
    var summary = Summary()
    var run = Run(dimensions: Run.Dimensions())
    var failure: ImportError?
    var header: [String] = []
    /// Calls held before `drain` takes them (a streamed import); without `drain` every call stays.
    var chunkCalls = Int.max
    /// Takes the calls parsed since the last chunk (their ids index the run's growing dimension
    /// tables), after which the columns are emptied; an error it returns ends the import.
    var drain: ((Run) -> ImportError?)?
    private var interned = Interner()
    /// Column of each field (by ordinal): ≥ 0 a plain column, -1 none, -2 `sources[k]`.
    private var fieldColumn = [Int](repeating: -1, count: Field.count)
    private var sources = [[CompiledSource]](repeating: [], count: Field.count)
    private var costMode = "given"
    /// Model and provider names seen, as bytes → their number.
    private var modelNames = ByteStringTable()
    private var providerNames = ByteStringTable()
    /// Per model name (by number): what it resolved to with each provider (-1: none) it came with.
    private var modelsByName: [[(provider: Int, model: ModelEntry)]] = []
    /// The price schedules of the catalog models the file names (`ModelEntry.schedule`).
    private var schedules: [PriceSchedule] = []
    private var refIndex: [Run.ModelRef: UInt16] = [:]
    /// Rows, calls and cost per unknown model (by run model id).
    private var unknownStats: [UInt16: (rows: Int, calls: Int, cost: Int128)] = [:]
    private var aliased: [String: Summary.AliasedModel] = [:]
    /// Owns the bytes of the defaults and value-map targets; keep it alive while rows are read.
    let constants: ByteConstants
    /// Holds JSON strings decoded from escapes while a row is read.
    let arena = ByteArena()
    /// The mapping's default for each field (by ordinal), then the value-map targets.
    private let defaults: [FieldBytes?]
    /// What an empty task type and an empty name become.
    private let chat: FieldBytes
    private let unknown: FieldBytes
    private let resolver: ModelResolver
    private let timezone: ImportTimeZone?
    private var tokensKnown = true
    /// Value-map target text → its index in `defaults`.
    private let targetIndex: [String: Int]
    private static let required = ["timestamp", "model"]

    init(importer: UsageImporter, path: String) {
      self.importer = importer
      self.path = path
      run.dimensions.taskTypes = []
      // Standard task names keep their standard ids, which analyzers rely on.
      for t in TaskType.all { _ = interned.id(t.rawValue, slot: Interner.task, in: &run.dimensions.taskTypes) }
      let mapping = importer.mapping
      // Value-map targets follow the defaults in the constants, once each, sorted.
      var targets = Set<String>()
      func collect(_ s: FieldSource) {
        targets.formUnion(s.values.values)
        s.plus.forEach(collect)
      }
      for list in mapping.columns.values + [mapping.calls ?? [], mapping.batch ?? [], mapping.errors ?? []] {
        list.forEach(collect)
      }
      let sortedTargets = targets.sorted()
      targetIndex = Dictionary(
        uniqueKeysWithValues: sortedTargets.enumerated().map { ($1, Field.names.count + $0) })
      constants = ByteConstants(
        Field.names.map { mapping.defaults[$0] } + sortedTargets.map { $0 }, fallbacks: ["chat", "unknown"])
      defaults = constants.defaults
      chat = constants.fallbacks[0]
      unknown = constants.fallbacks[1]
      resolver = ModelResolver(catalog: importer.catalog, aliases: mapping.aliases)
      timezone = mapping.timezone
    }

    // MARK: Header

    /// Maps the header's column names to the fields and settles the cost mode; returns the required
    /// fields the file neither has nor defaults, or sets `failure` for a mapped column the file lacks.
    mutating func readHeader(_ fields: [FieldBytes]) -> [String] {
      header = fields.map { String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespaces) }
      var column = [String: Int]()
      for (i, name) in header.enumerated() where column[name] == nil { column[name] = i }
      let mapping = importer.mapping
      for (k, f) in Field.names.enumerated() {
        let list: [FieldSource]? =
          switch f {
          case "calls": mapping.calls
          case "batch": mapping.batch
          case "errors": mapping.errors
          default: mapping.columns[f]
          }
        guard let list else {
          if k < CallRecord.fieldNames.count, mapping.readsSameNamedColumn(f), let c = column[f] { fieldColumn[k] = c }
          continue
        }
        if list.allSatisfy({ column[$0.column] == nil }) && !list.contains(where: \.optional) {
          failure = .located(
            path: path, row: 1, column: nil,
            reason:
              "the mapping reads \(f) from column\(list.count == 1 ? "" : "s") \(list.map { "'\($0.column)'" }.joined(separator: " or ")), which the header lacks; the header has: \(header.joined(separator: ", "))",
            hint: "check the export's layout, or mark the source optional: true in the mapping")
          return []
        }
        if list.count == 1, Self.isPlain(list[0]), let c = column[list[0].column] {
          fieldColumn[k] = c
        } else {
          fieldColumn[k] = -2
          sources[k] = list.map { compile($0, column: column) }
        }
      }
      func has(_ k: Int) -> Bool { fieldColumn[k] != -1 || mapping.defaults[Field.names[k]] != nil }
      let hasCost = has(Field.cost)
      costMode = mapping.cost ?? (hasCost ? "given" : "compute")
      if costMode != "compute" && !hasCost {
        failure = .located(
          path: path, row: 1, column: nil,
          reason: "the mapping says cost: \(costMode), but the file has no cost_usd column",
          hint: "map cost_usd to the export's cost column, or say cost: compute")
        return []
      }
      tokensKnown = has(Field.inputTokens) || has(Field.outputTokens)
      summary.tokensKnown = tokensKnown
      summary.costComputed = costMode == "compute"
      var missing = Self.required.filter { !has(CallRecord.fieldNames.firstIndex(of: $0) ?? 0) }
      if !tokensKnown && costMode == "compute" { missing += ["input_tokens", "output_tokens"] }
      summary.inferred = inferredFields(has: has)
      return missing
    }

    /// Whether a source is just a column name.
    private static func isPlain(_ s: FieldSource) -> Bool {
      s.json == nil && s.before == nil && s.values.isEmpty && s.scale == nil && s.plus.isEmpty
    }

    /// A source with its column looked up and its value map keyed by hash.
    private func compile(_ s: FieldSource, column: [String: Int]) -> CompiledSource {
      var c = CompiledSource(
        column: column[s.column] ?? -1, json: s.json, before: s.before.map { Array($0.utf8) }, scale: s.scale)
      for (key, target) in s.values {
        guard let t = targetIndex[target] else { continue }
        if key == "*" {
          c.wildcard = t
        } else {
          let bytes = Array(key.utf8)
          c.values[bytes.withUnsafeBufferPointer(UsageImporter.fnv)] = (bytes, t)
        }
      }
      c.plus = s.plus.map { compile($0, column: column) }
      return c
    }

    /// The import report's list of fields not read from a column.
    private func inferredFields(has: (Int) -> Bool) -> [Summary.InferredField] {
      let mapping = importer.mapping
      var out: [Summary.InferredField] = []
      for (k, f) in CallRecord.fieldNames.enumerated() where fieldColumn[k] < 0 {
        if fieldColumn[k] == -2 {
          let list = mapping.columns[f] ?? []
          if list.count > 1 || !Self.isPlain(list[0]) {
            out.append(.init(field: f, how: "from " + list.map(\.summary).joined(separator: ", else ")))
          }
          continue
        }
        let how: String
        if let d = mapping.defaults[f] {
          how = "'\(d)' for every row (mapping default)"
        } else {
          switch k {
          case Field.provider: how = "from the model name, by the catalog"
          case Field.cost: how = "computed from catalog '\(importer.catalog.name)' token prices"
          case Field.inputTokens, Field.outputTokens, Field.cachedTokens:
            how = tokensKnown ? "not in the file (0)" : "not in the file"
          case Field.task: how = "'chat' for every row"
          case Field.status:
            how =
              mapping.errors.map {
                "the first " + $0.map(\.summary).joined(separator: ", else ")
                  + " of each row's calls failed (no output, no cost), the others ok"
              } ?? "'ok' for every row"
          case Field.latency: how = "not in the file (0 ms)"
          case Field.quality: how = "not in the file (0)"
          case Field.callID, Field.traceID: how = "not in the file (0)"
          default: how = "'unknown' for every row"
          }
        }
        out.append(.init(field: f, how: how))
      }
      if costMode == "compute" && fieldColumn[Field.cost] != -1 {
        out.append(.init(field: "cost_usd", how: "computed from catalog '\(importer.catalog.name)' token prices"))
      } else if costMode == "given_or_compute" {
        out.append(.init(field: "cost_usd", how: "computed from the catalog where a row has no cost"))
      }
      if let calls = mapping.calls {
        out.append(
          .init(field: "calls", how: "each row counts " + calls.map(\.summary).joined(separator: ", else ") + " calls"))
      }

      return out
    }

    // MARK: Rows

    /// Reads one data row into the run; `false` stops reading (a strict import's bad row, a limit,
    /// Ctrl-C or the memory budget), with the reason in `failure`.
    mutating func record(_ row: Int, _ fields: [FieldBytes]) -> Bool {
      summary.read += 1
      if summary.read & 0xFFFF == 0, let stop = checkpoint(adding: 0) {
        failure = stop
        return false
      }
      arena.reset()
      do throws(RowRejection) {
        summary.calls += try append(row, fields)
        summary.kept += 1
        return run.count < chunkCalls || handOff()
      } catch {
        switch error {
        case .bad(let reason, let kind): return skip(row, reason, kind)
        case .fatal(let e):
          failure = e
          return false
        }
      }
    }

    /// Counts a bad row and describes the first few; `false` when the import is strict.
    mutating func skip(_ row: Int, _ reason: String, _ kind: String) -> Bool {
      summary.skippedByReason[kind, default: 0] += 1
      if summary.examples.count < importer.examples { summary.examples.append(.init(row: row, reason: reason)) }
      if importer.strict {
        failure = .badRow(path: path, row: row, reason: reason)
        return false
      }
      return true
    }

    /// The checks too costly for every row: Ctrl-C and the memory budget (with `calls` more);
    /// a streamed import holds one chunk, and whoever drains it checks what it keeps.
    private func checkpoint(adding calls: Int) -> ImportError? {
      if importer.isCancelled() { return .cancelled }
      guard drain == nil else { return nil }
      let estimate = MemoryEstimate(
        work: "importing \(path)", size: "\(Format.integer(summary.read)) rows read so far",
        bytes: (run.count + calls) * Run.bytesPerCall, hint: "analyze the export in parts")
      do throws(BudgetError) { try importer.budget.check(estimate) } catch { return .budget(error) }
      return nil
    }

    /// Checks one row field by field and appends its calls to the run's columns; returns how many.
    private mutating func append(_ row: Int, _ fields: [FieldBytes]) throws(RowRejection) -> Int {
      guard fields.count == header.count else {
        throw .bad(
          reason: "has \(fields.count) fields; expected \(header.count) like the header", kind: "wrong field count")
      }
      let ts = try timestamp(fields, row: row)
      guard let modelBytes = bytes(Field.model, fields) else {
        throw .bad(reason: "model is empty", kind: "missing model")
      }
      let n = try callCount(fields)
      let failed = try errorCount(fields, calls: n)
      let tokens = try tokenCounts(fields, calls: n)
      let status = try callStatus(fields)
      let model = try model(modelBytes, provider: bytes(Field.provider, fields), row: row)
      let m = model.id
      if model.schedule < 0 { unknownStats[m, default: (0, 0, 0)].rows += 1 }
      let batch = try isBatch(fields)
      let given = try givenCost(fields, calls: n)
      if given == nil && model.schedule < 0 {
        let provider = text(Field.provider, fields).map { "\($0) " } ?? ""
        throw .bad(
          reason:
            "model '\(provider)\(text(Field.model, fields) ?? "")' is not in catalog '\(importer.catalog.name)', so its cost cannot be computed",
          kind: "unknown model")
      }
      let latency = try latencyMs(fields)
      let quality = try qualityScore(fields)
      let ids = try dimensionIDs(fields, row: row)
      let callID = UsageImporter.id64(bytes(Field.callID, fields))
      let traceID = UsageImporter.id64(bytes(Field.traceID, fields).map { FieldBytes(rebasing: $0.suffix(16)) })
      if n > 65_536, let stop = checkpoint(adding: n) { throw .fatal(stop) }
      if given == nil {
        summary.costComputed = true
        if batch { summary.batchRows += 1 }
      }
      var rowCost: Int128 = 0
      // One price per row: its calls share the row's timestamp.
      let rates =
        given == nil && model.schedule >= 0
        ? schedules[model.schedule].price(atSecond: ts).flat(for: batch ? .batch : .standard) : nil
      // The first `failed` calls failed: as providers bill them, they carry no output and no
      // cost (the calls that succeeded share those), only their share of the prompt tokens.
      let billed = failed < n ? (first: failed, count: n - failed) : (first: 0, count: n)
      for j in 0..<n {
        let outcome = j < failed ? CallStatus.error : status
        let input = Self.share(tokens.input, of: n, at: j)
        let cached = Self.share(tokens.cached, of: n, at: j)
        let isBilled = j >= billed.first
        let output = isBilled ? Self.share(tokens.output, of: billed.count, at: j - billed.first) : 0
        let cost: Int64
        if let given {
          cost = isBilled ? Int64(Self.share(UInt64(given), of: billed.count, at: j - billed.first)) : 0
        } else if let rates {
          cost = try computedCost(rates, status: outcome, input: input, output: output, cached: cached)
        } else {
          cost = 0
        }
        rowCost += Int128(cost)
        run.timestamp.append(ts)
        run.model.append(m)
        run.task.append(UInt8(ids.task))
        run.inputTokens.append(UInt32(input))
        run.outputTokens.append(UInt32(output))
        run.cachedTokens.append(UInt32(cached))
        run.cost.append(cost)
        run.latencyMs.append(latency)
        run.quality.append(UInt16(quality))
        run.status.append(Run.statusCode(outcome))
        run.customer.append(UInt32(ids.customer))
        run.organization.append(UInt16(ids.organization))
        run.product.append(UInt16(ids.product))
        run.feature.append(UInt16(ids.feature))
        run.tier.append(UInt8(ids.tier))
        run.region.append(UInt8(ids.region))
        run.callID.append(j == 0 ? callID : SplitMix64.mix(callID &+ UInt64(j)))
        run.traceID.append(traceID)
      }
      if model.schedule < 0 {
        unknownStats[m, default: (0, 0, 0)].calls += n
        unknownStats[m, default: (0, 0, 0)].cost += rowCost
      }
      summary.totalCost += rowCost
      if summary.totalCost > Limits.runCost.nanos {
        throw .fatal(
          .limit(
            path: path, row: row,
            reason: "the calls up to this row cost more than \(Format.money(Limits.runCost)), the most one run holds",
            hint: "analyze the export in parts, e.g. one file per month"))
      }
      if ts < summary.earliest?.time ?? .max { summary.earliest = (ts, row) }
      if ts > summary.latest?.time ?? .min { summary.latest = (ts, row) }
      return n
    }

    /// Call `j`'s share of `total` split over `n` calls: the quotient, plus one for the first
    /// `total % n` calls, so the shares add up to the total exactly.
    @inline(__always)
    static func share(_ total: UInt64, of n: Int, at j: Int) -> UInt64 {
      if n == 1 { return total }
      let (q, r) = total.quotientAndRemainder(dividingBy: UInt64(n))
      return q + (UInt64(j) < r ? 1 : 0)
    }

    // MARK: Reading fields

    /// The bytes of field `k` after the mapping's transforms, or its default; `nil` when it has neither.
    @inline(__always)
    private func bytes(_ k: Int, _ fields: [FieldBytes]) -> FieldBytes? {
      let c = fieldColumn[k]
      if c >= 0 {
        if c < fields.count, !fields[c].isEmpty { return fields[c] }
        return defaults[k]
      }
      if c == -2 {
        for s in sources[k] {
          if let v = text(s, fields) { return v }
        }
      }
      return defaults[k]
    }

    /// A source's value in this row: its column, JSON path, cut and value map applied; `nil` when empty.
    private func text(_ s: CompiledSource, _ fields: [FieldBytes]) -> FieldBytes? {
      guard s.column >= 0, s.column < fields.count else { return nil }
      var v = fields[s.column]
      if let json = s.json {
        guard let found = json.value(in: v) else { return nil }
        switch found {
        case .bytes(let r): v = FieldBytes(rebasing: v[r])
        case .decoded(let d): v = arena.store(d)
        }
      }
      if let before = s.before, let cut = Self.find(before, in: v) { v = FieldBytes(rebasing: v[..<cut]) }
      v = Self.trimmed(v)
      guard !v.isEmpty else { return nil }
      if !s.values.isEmpty || s.wildcard != nil {
        if let (key, target) = s.values[UsageImporter.fnv(v)], key.elementsEqual(v) { return defaults[target] }
        if let w = s.wildcard { return defaults[w] }
      }
      return v
    }

    /// The index where `needle` first starts in `v`.
    private static func find(_ needle: [UInt8], in v: FieldBytes) -> Int? {
      guard !needle.isEmpty, v.count >= needle.count else { return nil }
      for i in 0...(v.count - needle.count) where v[i] == needle[0] {
        if needle.indices.allSatisfy({ v[i + $0] == needle[$0] }) { return i }
      }
      return nil
    }

    /// `v` without leading and trailing spaces.
    private static func trimmed(_ v: FieldBytes) -> FieldBytes {
      var lo = 0
      var hi = v.count
      while lo < hi, v[lo] == 32 { lo += 1 }
      while hi > lo, v[hi - 1] == 32 { hi -= 1 }
      return lo == 0 && hi == v.count ? v : FieldBytes(rebasing: v[lo..<hi])
    }

    /// Field `k` as text, for messages.
    private func text(_ k: Int, _ fields: [FieldBytes]) -> Substring? {
      bytes(k, fields).map { Substring(decoding: $0, as: UTF8.self) }
    }

    /// Field `k` as a number: scaled and with its `plus` companions added.
    private func number(_ k: Int, _ fields: [FieldBytes]) -> Number {
      if fieldColumn[k] == -2 {
        for s in sources[k] {
          let n = number(s, fields)
          if case .missing = n { continue }
          return n
        }
        return defaults[k].map(Self.parse) ?? .missing
      }
      return bytes(k, fields).map(Self.parse) ?? .missing
    }

    private func number(_ s: CompiledSource, _ fields: [FieldBytes]) -> Number {
      guard let t = text(s, fields) else { return .missing }
      guard case .value(var d) = Self.parse(t) else { return Self.parse(t) }
      if let scale = s.scale { d = d.multiplied(by: scale) }
      for p in s.plus {
        switch number(p, fields) {
        case .missing: continue
        case .invalid(let bad): return .invalid(bad)
        case .value(let x):
          guard let sum = d.adding(x) else { return .invalid(String(decoding: t, as: UTF8.self)) }
          d = sum
        }
      }
      return .value(d)
    }

    private static func parse(_ t: FieldBytes) -> Number {
      DecimalText(parsing: t).map { .value($0) } ?? .invalid(String(decoding: t, as: UTF8.self))
    }

    /// Plain decimal digits (at most 18) as a number: the fast path for counts.
    @inline(__always)
    private static func digits(_ b: FieldBytes) -> UInt64? {
      guard !b.isEmpty, b.count <= 18 else { return nil }
      var v: UInt64 = 0
      for c in b {
        guard c >= 48 && c <= 57 else { return nil }
        v = v &* 10 &+ UInt64(c - 48)
      }
      return v
    }

    /// A whole, non-negative count in field `k`: `nil` when the row has none, else the count or
    /// a reason it is not one.
    private func count(_ k: Int, _ fields: [FieldBytes]) -> Result<UInt64, CountProblem>? {
      if fieldColumn[k] != -2, let b = bytes(k, fields), let v = Self.digits(b) { return .success(v) }
      switch number(k, fields) {
      case .missing: return nil
      case .invalid(let t): return .failure(.notANumber(t))
      case .value(let d):
        guard !d.negative else { return .failure(.negative(d)) }
        guard d.isWhole else { return .failure(.fraction(d)) }
        guard let v = d.scaled(toUnitExponent: 0) else { return .failure(.tooLarge(d)) }
        return .success(UInt64(v))
      }
    }

    enum CountProblem: Error {
      case notANumber(String)
      case negative(DecimalText)
      case fraction(DecimalText)
      case tooLarge(DecimalText)
      var text: String {
        switch self {
        case .notANumber(let t): "'\(t)' is not a whole number"
        case .negative(let d): "\(d.plainText) is negative"
        case .fraction(let d): "\(d.plainText) is not a whole number"
        case .tooLarge(let d): "\(d.plainText) is too large"
        }
      }
    }

    /// The call's time in epoch seconds, in the mapping's format and zone, within the supported years.
    private func timestamp(_ fields: [FieldBytes], row: Int) throws(RowRejection) -> Int64 {
      let format = importer.mapping.timestampFormat
      guard let tsBytes = bytes(Field.timestamp, fields),
        let (parsed, zoned) = UsageImporter.parseTimeZoned(tsBytes, format: format)
      else {
        throw .bad(
          reason: "timestamp '\(text(Field.timestamp, fields) ?? "")' is not \(format)", kind: "bad timestamp")
      }
      var ts = parsed
      if !zoned {
        guard let timezone else {
          let c = fieldColumn[Field.timestamp]
          throw .fatal(
            .located(
              path: path, row: row,
              column: c >= 0 ? c + 1 : (sources[Field.timestamp].first?.column).map { $0 + 1 },
              reason: "timestamp '\(text(Field.timestamp, fields) ?? "")' has no time zone",
              hint:
                "say which zone the file's times are in: add 'timezone: UTC' (or +02:00, or Europe/Berlin) to the mapping (--map)"
            ))
        }
        ts = timezone.utc(fromWallClock: parsed)
      }
      guard (Limits.earliestTimestamp...Limits.latestTimestamp).contains(ts) else {
        throw .bad(
          reason: "timestamp '\(text(Field.timestamp, fields) ?? "")' is outside 1970-01-01 … 2199-12-31",
          kind: "timestamp out of range")
      }
      return ts
    }

    /// How many calls the row stands for: 1 without a `calls:` column.
    private func callCount(_ fields: [FieldBytes]) throws(RowRejection) -> Int {
      guard fieldColumn[Field.calls] != -1 else { return 1 }
      switch count(Field.calls, fields) {
      case nil: throw .bad(reason: "the call count is empty", kind: "bad call count")
      case .failure(let p): throw .bad(reason: "call count \(p.text)", kind: "bad call count")
      case .success(0): throw .bad(reason: "the call count is 0; the row holds no calls", kind: "no calls")
      case .success(let v):
        guard v <= UInt64(UsageImporter.maximumCallsPerRow) else {
          throw .bad(
            reason:
              "call count \(v) exceeds \(Format.integer(UsageImporter.maximumCallsPerRow)), the most one row may hold",
            kind: "bad call count")
        }
        return Int(v)
      }
    }

    /// How many of the row's `n` calls failed: 0 without an `errors:` column.
    private func errorCount(_ fields: [FieldBytes], calls n: Int) throws(RowRejection) -> Int {
      guard fieldColumn[Field.errors] != -1 else { return 0 }
      switch count(Field.errors, fields) {
      case nil: throw .bad(reason: "the error count is empty", kind: "bad error count")
      case .failure(let p): throw .bad(reason: "error count \(p.text)", kind: "bad error count")
      case .success(let v):
        guard v <= UInt64(n) else {
          throw .bad(reason: "error count \(v) exceeds the row's \(n) calls", kind: "bad error count")
        }
        return Int(v)
      }
    }

    /// Input, output and cached input tokens of the whole row; cached ones are part of the input.
    private func tokenCounts(_ fields: [FieldBytes], calls n: Int) throws(RowRejection) -> (
      input: UInt64, output: UInt64, cached: UInt64
    ) {
      guard tokensKnown else { return (0, 0, 0) }
      func read(_ k: Int, required: Bool) throws(RowRejection) -> UInt64 {
        switch count(k, fields) {
        case nil:
          guard !required else {
            let given = "'\(text(Field.inputTokens, fields) ?? "")', '\(text(Field.outputTokens, fields) ?? "")'"
            throw .bad(reason: "token counts \(given) are not whole numbers", kind: "bad tokens")
          }
          return 0
        case .failure(let p):
          throw .bad(reason: "\(CallRecord.fieldNames[k]) \(p.text)", kind: "bad tokens")
        case .success(let v):
          // Each call's share must fit the 32-bit column.
          guard (v + UInt64(n) - 1) / UInt64(n) <= UInt64(UInt32.max) else {
            throw .bad(
              reason: "\(CallRecord.fieldNames[k]) \(v) exceeds \(Format.integer(Limits.tokensPerCall)) per call",
              kind: "bad tokens")
          }
          return v
        }
      }
      let input = try read(Field.inputTokens, required: true)
      let output = try read(Field.outputTokens, required: true)
      let cached = try read(Field.cachedTokens, required: false)
      guard cached <= input else {
        throw .bad(reason: "cached_input_tokens \(cached) exceeds input_tokens \(input)", kind: "bad tokens")
      }
      return (input, output, cached)
    }

    /// `ok` (also when the field is empty), `error` or `timeout`, after the mapping's value map.
    private func callStatus(_ fields: [FieldBytes]) throws(RowRejection) -> CallStatus {
      switch bytes(Field.status, fields).map(UsageImporter.fnv) {
      case nil, UsageImporter.okHash: return .ok
      case UsageImporter.errorHash: return .error
      case UsageImporter.timeoutHash: return .timeout
      default:
        throw .bad(
          reason:
            "status '\(text(Field.status, fields) ?? "")' is not ok, error or timeout"
            + (fieldColumn[Field.status] == -2 ? " (nor a value the mapping's value map names)" : ""),
          kind: "bad status")
      }
    }

    /// Whether the row is a batch job: `true`, `yes` or `1` (any case) after the value map.
    private func isBatch(_ fields: [FieldBytes]) throws(RowRejection) -> Bool {
      guard fieldColumn[Field.batch] != -1, let b = bytes(Field.batch, fields) else { return false }
      switch String(decoding: b, as: UTF8.self).lowercased() {
      case "true", "yes", "1", "t", "y": return true
      case "false", "no", "0", "f", "n": return false
      case let other: throw .bad(reason: "batch '\(other)' is not true or false", kind: "bad batch flag")
      }
    }

    /// A model of the run, as a row names it.
    struct ModelEntry {
      /// The model's id in the run's model table.
      var id: UInt16
      /// Its price schedule in `schedules`; -1 when the catalog does not have the model.
      var schedule: Int
    }

    /// The run's model for the provider and model named by the row: looked up by their bytes,
    /// resolved on first sight.
    @inline(__always)
    private mutating func model(_ modelBytes: FieldBytes, provider providerBytes: FieldBytes?, row: Int)
      throws(RowRejection) -> ModelEntry
    {
      let nameHash = ByteStringTable.hash(modelBytes)
      let name: Int
      if let known = modelNames.value(of: modelBytes, hash: nameHash) {
        name = known
      } else {
        name = modelsByName.count
        modelNames.insert(modelBytes, hash: nameHash, value: name)
        modelsByName.append([])
      }
      var provider = -1
      if let providerBytes {
        let h = ByteStringTable.hash(providerBytes)
        if let known = providerNames.value(of: providerBytes, hash: h) {
          provider = known
        } else {
          provider = providerNames.count
          providerNames.insert(providerBytes, hash: h, value: provider)
        }
      }
      for seen in modelsByName[name] where seen.provider == provider { return seen.model }
      let entry = try resolve(modelBytes, provider: providerBytes, row: row)
      modelsByName[name].append((provider, entry))
      return entry
    }

    /// The run's model for a provider and model not seen before, resolved through the alias rules
    /// and added to the run's model table on first sight, with its catalog prices when there are some.
    private mutating func resolve(_ modelBytes: FieldBytes, provider providerBytes: FieldBytes?, row: Int)
      throws(RowRejection) -> ModelEntry
    {
      let modelName = String(decoding: modelBytes, as: UTF8.self)
      let providerName = providerBytes.map { String(decoding: $0, as: UTF8.self) }
      let resolved = resolver.resolve(model: modelName, provider: providerName)
      let ref: Run.ModelRef
      if let (spec, rule) = resolved {
        ref = Run.ModelRef(providerKey: spec.providerKey, providerName: spec.providerName, name: spec.name)
        if rule != .exact || spec.name != modelName, aliased[modelName] == nil {
          aliased[modelName] = .init(logged: modelName, catalogID: spec.id, rule: rule)
        }
      } else {
        let key = providerName.flatMap(resolver.providerKey)
        let display = key.flatMap { importer.catalog.provider($0)?.name }
        ref = Run.ModelRef(
          providerKey: key ?? (providerName ?? "unknown").lowercased().replacingOccurrences(of: " ", with: "-"),
          providerName: display ?? providerName ?? "unknown", name: modelName)
      }
      let id: UInt16
      if let existing = refIndex[ref] {
        id = existing
      } else {
        guard run.dimensions.models.count < Limits.models else {
          throw .fatal(UsageImporter.tooMany("model", limit: Limits.models, path: path, row: row))
        }
        run.dimensions.models.append(ref)
        id = UInt16(run.dimensions.models.count - 1)
        refIndex[ref] = id
      }
      guard let spec = resolved?.spec else { return ModelEntry(id: id, schedule: -1) }
      schedules.append(spec.prices)
      return ModelEntry(id: id, schedule: schedules.count - 1)
    }

    /// One call's cost from the catalog's price in force at its time, on its service tier:
    /// errors cost nothing, timeouts bill their input.
    private func computedCost(
      _ rates: ModelPrice.Flat, status: CallStatus, input: UInt64, output: UInt64, cached: UInt64
    ) throws(RowRejection) -> Int64 {
      guard status != .error else { return 0 }
      let cost = rates.cost(input: Int(input), output: status == .timeout ? 0 : Int(output), cached: Int(cached))
      guard cost <= Limits.callCost.int64Nanos ?? .max else {
        throw .bad(
          reason:
            "the computed cost \(Format.money(Money(nanos: cost))) exceeds the limit of \(Format.money(Limits.callCost)) for one call",
          kind: "cost out of range")
      }
      return cost
    }

    /// The row's cost read from the file, in exact nano-dollars; `nil` when it is to be computed.
    private func givenCost(_ fields: [FieldBytes], calls n: Int) throws(RowRejection) -> Int64? {
      if costMode == "compute" { return nil }
      // The fast path: a plain column of plain decimals (the 19-field schema).
      if fieldColumn[Field.cost] >= 0, let b = bytes(Field.cost, fields), let m = Money(decimalBytes: b),
        m >= .zero, m <= Limits.callCost, let nanos = m.int64Nanos
      {
        return nanos
      }
      func given() -> Substring { text(Field.cost, fields) ?? "" }
      let value: DecimalText
      switch fieldColumn[Field.cost] == -2
        ? number(Field.cost, fields) : bytes(Field.cost, fields).map(Self.parse) ?? .missing
      {
      case .missing:
        if costMode == "given_or_compute" { return nil }
        throw .bad(reason: "cost_usd is empty", kind: "bad cost")
      case .invalid:
        throw .bad(reason: "cost_usd '\(given())' is not a dollar amount", kind: "bad cost")
      case .value(let d): value = d
      }
      guard !value.negative else {
        throw .bad(reason: "cost_usd '\(given())' is negative; a call costs $0 or more", kind: "cost out of range")
      }
      let limit = Limits.callCost.nanos * Int128(n)
      guard let nanos = value.scaled(toUnitExponent: -9), Int128(nanos) <= limit else {
        throw .bad(
          reason: "cost_usd '\(given())' exceeds the limit of \(Format.money(Limits.callCost)) for one call",
          kind: "cost out of range")
      }
      return nanos
    }

    /// Latency in whole milliseconds (after the mapping's unit); empty means 0.
    private func latencyMs(_ fields: [FieldBytes]) throws(RowRejection) -> UInt32 {
      if fieldColumn[Field.latency] >= 0, let b = bytes(Field.latency, fields), let v = Self.digits(b),
        v <= UInt64(UInt32.max)
      {
        return UInt32(v)
      }
      switch number(Field.latency, fields) {
      case .missing: return 0
      case .invalid(let t): throw .bad(reason: "latency_ms '\(t)' is not a number", kind: "bad latency")
      case .value(let d):
        guard !d.negative else { throw .bad(reason: "latency_ms \(d.plainText) is negative", kind: "bad latency") }
        guard let ms = d.scaled(toUnitExponent: 0), ms <= Int64(Limits.latencyMs) else {
          throw .bad(
            reason: "latency_ms \(d.plainText) exceeds \(Format.integer(Limits.latencyMs)) ms", kind: "bad latency")
        }
        return UInt32(ms)
      }
    }

    /// Quality in 1/10,000ths, read exactly from its decimal text; empty means 0.
    private func qualityScore(_ fields: [FieldBytes]) throws(RowRejection) -> Int64 {
      if fieldColumn[Field.quality] >= 0, let b = bytes(Field.quality, fields), let m = Money(decimalBytes: b),
        m >= .zero, m <= Money(dollars: 1)
      {
        return Int64(clamping: (m.nanos + 50_000) / 100_000)
      }
      switch number(Field.quality, fields) {
      case .missing: return 0
      case .value(let d) where !d.negative:
        if let q = d.scaled(toUnitExponent: -4), q <= 10_000 { return q }
        fallthrough
      default:
        throw .bad(
          reason: "quality_score '\(text(Field.quality, fields) ?? "")' is not a number from 0 to 1",
          kind: "bad quality")
      }
    }

    /// The row's ids in the run's dimension tables (new names are added), each within its limit.
    private mutating func dimensionIDs(_ fields: [FieldBytes], row: Int) throws(RowRejection) -> (
      task: Int, customer: Int, organization: Int, product: Int, feature: Int, tier: Int, region: Int
    ) {
      let ids = (
        task: interned.id(bytes(Field.task, fields) ?? chat, slot: Interner.task, in: &run.dimensions.taskTypes),
        customer: interned.id(bytes(Field.customer, fields) ?? unknown, slot: 1, in: &run.dimensions.customers),
        organization: interned.id(
          bytes(Field.organization, fields) ?? unknown, slot: 2, in: &run.dimensions.organizations),
        product: interned.id(bytes(Field.product, fields) ?? unknown, slot: 3, in: &run.dimensions.products),
        feature: interned.id(bytes(Field.feature, fields) ?? unknown, slot: 4, in: &run.dimensions.features),
        tier: interned.id(bytes(Field.tier, fields) ?? unknown, slot: 5, in: &run.dimensions.tiers),
        region: interned.id(bytes(Field.region, fields) ?? unknown, slot: 6, in: &run.dimensions.regions)
      )
      // In this order, so the first column past its limit is the one named.
      try within("task_type", ids.task, Limits.taskTypes, row: row)
      try within("subscription_tier", ids.tier, Limits.tiers, row: row)
      try within("region", ids.region, Limits.regions, row: row)
      try within("organization_id", ids.organization, Limits.organizations, row: row)
      try within("product_id", ids.product, Limits.products, row: row)
      try within("feature_id", ids.feature, Limits.features, row: row)
      return ids
    }

    /// Ends the import when `column` has more distinct values than `limit`.
    @inline(__always)
    private func within(_ column: StaticString, _ id: Int, _ limit: Int, row: Int) throws(RowRejection) {
      guard id < limit else { throw .fatal(UsageImporter.tooMany("\(column)", limit: limit, path: path, row: row)) }
    }

    // MARK: End

    /// Hands the calls held so far to `drain` and empties the columns (keeping their capacity,
    /// so the next chunk allocates nothing); `false` when `drain` ends the import.
    mutating func handOff() -> Bool {
      guard let drain, run.count > 0 else { return true }
      if let stop = drain(run) {
        failure = stop
        return false
      }
      run.removeAllCalls()
      return true
    }

    /// Moves the per-model tallies into the summary: unknown models (with a did-you-mean) and
    /// the names that reached the catalog through an alias.
    mutating func finish() {
      summary.unknownModels = unknownStats.sorted { $0.key < $1.key }.map { id, s in
        let ref = run.dimensions.models[Int(id)]
        return .init(
          provider: ref.providerName, name: ref.name, rows: s.rows, calls: s.calls, cost: Money(nanos: s.cost),
          suggestion: resolver.suggestion(for: ref.name))
      }
      summary.aliased = aliased.values.sorted { $0.logged < $1.logged }
    }
  }
}
