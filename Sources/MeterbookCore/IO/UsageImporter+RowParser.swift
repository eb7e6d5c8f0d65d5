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
  /// Each data row goes through `record(_:_:)`, which reads as the list of checks it makes, in
  /// the order their side effects happen: the field checks are methods of `RowReader` (a class,
  /// so calling one copies nothing of this struct), the model and the dimension ids are looked
  /// up here by their bytes. A field that is a plain column is read straight from the CSV bytes;
  /// only fields the mapping transforms (JSON path, value map, scale, alternatives) take the
  /// slower path.
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
    /// Reads and checks the fields; replaced once the header is read.
    private var reader: RowReader
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
    /// What an empty task type and an empty name become.
    private let chat: FieldBytes
    private let unknown: FieldBytes
    private let resolver: ModelResolver
    /// Value-map target text → its index in the constants' defaults.
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
      chat = constants.fallbacks[0]
      unknown = constants.fallbacks[1]
      resolver = ModelResolver(catalog: importer.catalog, aliases: mapping.aliases)
      reader = RowReader(
        importer: importer, path: path, defaults: constants.defaults,
        fieldColumn: [Int](repeating: -1, count: Field.count),
        sources: [[CompiledSource]](repeating: [], count: Field.count), costMode: "given", tokensKnown: true)
    }

    // MARK: Header

    /// Maps the header's column names to the fields and settles the cost mode; returns the required
    /// fields the file neither has nor defaults, or sets `failure` for a mapped column the file lacks.
    mutating func readHeader(_ fields: [FieldBytes]) -> [String] {
      header = fields.map { String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespaces) }
      var column = [String: Int]()
      for (i, name) in header.enumerated() where column[name] == nil { column[name] = i }
      let mapping = importer.mapping
      var fieldColumn = [Int](repeating: -1, count: Field.count)
      var sources = [[CompiledSource]](repeating: [], count: Field.count)
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
      let costMode = mapping.cost ?? (hasCost ? "given" : "compute")
      if costMode != "compute" && !hasCost {
        failure = .located(
          path: path, row: 1, column: nil,
          reason: "the mapping says cost: \(costMode), but the file has no cost_usd column",
          hint: "map cost_usd to the export's cost column, or say cost: compute")
        return []
      }
      let tokensKnown = has(Field.inputTokens) || has(Field.outputTokens)
      reader = RowReader(
        importer: importer, path: path, defaults: constants.defaults, fieldColumn: fieldColumn, sources: sources,
        costMode: costMode, tokensKnown: tokensKnown)
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
      let (fieldColumn, tokensKnown, costMode) = (reader.fieldColumn, reader.tokensKnown, reader.costMode)
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
      reader.arena.reset()
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
      let ts = try reader.timestamp(fields, row: row)
      guard let modelBytes = reader.bytes(Field.model, fields) else {
        throw .bad(reason: "model is empty", kind: "missing model")
      }
      let n = try reader.callCount(fields)
      let failed = try reader.errorCount(fields, calls: n)
      let tokens = try reader.tokenCounts(fields, calls: n)
      let status = try reader.callStatus(fields)
      let model = try model(modelBytes, provider: reader.bytes(Field.provider, fields), row: row)
      let m = model.id
      if model.schedule < 0 { unknownStats[m, default: (0, 0, 0)].rows += 1 }
      let batch = try reader.isBatch(fields)
      let given = try reader.givenCost(fields, calls: n)
      if given == nil && model.schedule < 0 {
        let provider = reader.text(Field.provider, fields).map { "\($0) " } ?? ""
        throw .bad(
          reason:
            "model '\(provider)\(reader.text(Field.model, fields) ?? "")' is not in catalog '\(importer.catalog.name)', so its cost cannot be computed",
          kind: "unknown model")
      }
      let latency = try reader.latencyMs(fields)
      let quality = try reader.qualityScore(fields)
      let ids = try dimensionIDs(fields, row: row)
      let callID = UsageImporter.id64(reader.bytes(Field.callID, fields))
      let traceID = UsageImporter.id64(reader.bytes(Field.traceID, fields).map { FieldBytes(rebasing: $0.suffix(16)) })
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
          cost = try reader.computedCost(rates, status: outcome, input: input, output: output, cached: cached)
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

    /// The row's ids in the run's dimension tables (new names are added), each within its limit.
    private mutating func dimensionIDs(_ fields: [FieldBytes], row: Int) throws(RowRejection) -> (
      task: Int, customer: Int, organization: Int, product: Int, feature: Int, tier: Int, region: Int
    ) {
      let ids = (
        task: interned.id(reader.bytes(Field.task, fields) ?? chat, slot: Interner.task, in: &run.dimensions.taskTypes),
        customer: interned.id(reader.bytes(Field.customer, fields) ?? unknown, slot: 1, in: &run.dimensions.customers),
        organization: interned.id(
          reader.bytes(Field.organization, fields) ?? unknown, slot: 2, in: &run.dimensions.organizations),
        product: interned.id(reader.bytes(Field.product, fields) ?? unknown, slot: 3, in: &run.dimensions.products),
        feature: interned.id(reader.bytes(Field.feature, fields) ?? unknown, slot: 4, in: &run.dimensions.features),
        tier: interned.id(reader.bytes(Field.tier, fields) ?? unknown, slot: 5, in: &run.dimensions.tiers),
        region: interned.id(reader.bytes(Field.region, fields) ?? unknown, slot: 6, in: &run.dimensions.regions)
      )
      // In this order, so the first column past its limit is the one named.
      try Self.within("task_type", ids.task, Limits.taskTypes, path: path, row: row)
      try Self.within("subscription_tier", ids.tier, Limits.tiers, path: path, row: row)
      try Self.within("region", ids.region, Limits.regions, path: path, row: row)
      try Self.within("organization_id", ids.organization, Limits.organizations, path: path, row: row)
      try Self.within("product_id", ids.product, Limits.products, path: path, row: row)
      try Self.within("feature_id", ids.feature, Limits.features, path: path, row: row)
      return ids
    }

    /// Ends the import when `column` has more distinct values than `limit`.
    @inline(__always)
    private static func within(_ column: StaticString, _ id: Int, _ limit: Int, path: String, row: Int)
      throws(RowRejection)
    {
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
