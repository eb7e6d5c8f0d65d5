import Foundation

extension UsageImporter {
  /// A CSV field's bytes, valid only while the reader's callback runs.
  typealias FieldBytes = UnsafeBufferPointer<UInt8>

  /// Why one data row is not kept.
  enum RowRejection: Error {
    /// A bad row: skipped and counted under `kind` (or, when strict, the end of the import).
    case bad(reason: String, kind: String)
    /// A limit or a cancellation that ends the whole import.
    case fatal(ImportError)
  }

  /// The ordinals of the fields the importer reads by position in `CallRecord.fieldNames`.
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
  }

  /// The state of one pass over a file, or over one part of it: the run being filled, what was
  /// skipped, and the tables that map the file's columns and names to the run's.
  ///
  /// Each data row goes through `record(_:_:)`; its steps are methods of their own so the hot
  /// loop reads as the list of checks it makes, in the order their side effects happen.
  struct RowParser {
    let importer: UsageImporter
    let path: String
    var summary = Summary()
    var run = Run(dimensions: Run.Dimensions())
    var failure: ImportError?
    var header: [String] = []
    private var interned = Interner()
    /// Column of each of the 19 fields (by ordinal), or -1.
    private var fieldColumn = [Int](repeating: -1, count: CallRecord.fieldNames.count)
    private var costMode: String?
    private var modelIndex: [UInt64: (UInt16, ModelSpec?)] = [:]
    /// Owns the bytes of the defaults below; keep it alive while rows are read.
    let constants: ByteConstants
    /// The mapping's default for each field (by ordinal), used when the row's field is empty.
    private let defaults: [FieldBytes?]
    /// What an empty task type and an empty name become.
    private let chat: FieldBytes
    private let unknown: FieldBytes
    private let specByName: [String: ModelSpec]
    private let specByProviderModel: [String: ModelSpec]
    private static let required = ["timestamp", "model", "input_tokens", "output_tokens"]

    init(importer: UsageImporter, path: String) {
      self.importer = importer
      self.path = path
      run.dimensions.taskTypes = []
      // Standard task names keep their standard ids, which analyzers rely on.
      for t in TaskType.all { _ = interned.id(t.rawValue, slot: Interner.task, in: &run.dimensions.taskTypes) }
      costMode = importer.mapping.cost
      constants = ByteConstants(
        CallRecord.fieldNames.map { importer.mapping.defaults[$0] }, fallbacks: ["chat", "unknown"])
      defaults = constants.defaults
      chat = constants.fallbacks[0]
      unknown = constants.fallbacks[1]
      specByName = Dictionary(importer.catalog.models.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
      specByProviderModel = Dictionary(
        importer.catalog.models.map { ("\($0.providerName)|\($0.name)", $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// Maps the header's column names to the 19 fields and settles the cost mode; returns the
    /// required fields the file neither has nor defaults.
    mutating func readHeader(_ fields: [FieldBytes]) -> [String] {
      header = fields.map { String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespaces) }
      var column = [String: Int]()
      for (i, name) in header.enumerated() { column[name] = i }
      let mapping = importer.mapping
      for (k, f) in CallRecord.fieldNames.enumerated() {
        if let c = column[mapping.columns[f] ?? f] { fieldColumn[k] = c }
      }
      func has(_ f: String) -> Bool { column[mapping.columns[f] ?? f] != nil || mapping.defaults[f] != nil }
      if costMode == nil { costMode = has("cost_usd") ? "given" : "compute" }
      summary.costComputed = costMode == "compute"
      return Self.required.filter { !has($0) }
    }

    /// Reads one data row into the run; `false` stops reading (a strict import's bad row, a limit,
    /// Ctrl-C or the memory budget), with the reason in `failure`.
    mutating func record(_ row: Int, _ fields: [FieldBytes]) -> Bool {
      summary.read += 1
      if summary.read & 0xFFFF == 0, let stop = checkpoint() {
        failure = stop
        return false
      }
      do throws(RowRejection) {
        try append(row, fields)
        summary.kept += 1
        return true
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

    /// The checks made every 65,536 rows, too costly for every row: Ctrl-C and the memory budget.
    private func checkpoint() -> ImportError? {
      if importer.isCancelled() { return .cancelled }
      let estimate = MemoryEstimate(
        work: "importing \(path)", size: "\(Format.integer(summary.read)) rows read so far",
        bytes: summary.kept * Run.bytesPerCall, hint: "analyze the export in parts")
      do throws(BudgetError) { try importer.budget.check(estimate) } catch { return .budget(error) }
      return nil
    }

    /// Checks one row field by field and appends it to the run's columns.
    private mutating func append(_ row: Int, _ fields: [FieldBytes]) throws(RowRejection) {
      guard fields.count == header.count else {
        throw .bad(
          reason: "has \(fields.count) fields; expected \(header.count) like the header", kind: "wrong field count")
      }
      let ts = try timestamp(fields)
      guard let modelBytes = bytes(Field.model, fields) else {
        throw .bad(reason: "model is empty", kind: "missing model")
      }
      let tokens = try tokenCounts(fields)
      let status = try callStatus(fields)
      let (m, spec) = try model(modelBytes, provider: bytes(Field.provider, fields), row: row)
      let cost = try callCost(fields, spec: spec, status: status, tokens: tokens)
      let quality = try qualityScore(fields)
      let ids = try dimensionIDs(fields, row: row)
      summary.totalCost += Int128(cost)
      if summary.totalCost > Limits.runCost.nanos {
        throw .fatal(
          .limit(
            path: path, row: row,
            reason: "the calls up to this row cost more than \(Format.money(Limits.runCost)), the most one run holds",
            hint: "analyze the export in parts, e.g. one file per month"))
      }
      if ts < summary.earliest?.time ?? .max { summary.earliest = (ts, row) }
      if ts > summary.latest?.time ?? .min { summary.latest = (ts, row) }
      run.timestamp.append(ts)
      run.model.append(m)
      run.task.append(UInt8(ids.task))
      run.inputTokens.append(tokens.input)
      run.outputTokens.append(tokens.output)
      run.cachedTokens.append(tokens.cached)
      run.cost.append(cost)
      run.latencyMs.append(number(Field.latency, fields) ?? 0)
      run.quality.append(UInt16(max(0, min(10_000, quality))))
      run.status.append(Run.statusCode(status))
      run.customer.append(UInt32(ids.customer))
      run.organization.append(UInt16(ids.organization))
      run.product.append(UInt16(ids.product))
      run.feature.append(UInt16(ids.feature))
      run.tier.append(UInt8(ids.tier))
      run.region.append(UInt8(ids.region))
      run.callID.append(UsageImporter.id64(bytes(Field.callID, fields)))
      run.traceID.append(UsageImporter.id64(bytes(Field.traceID, fields).map { FieldBytes(rebasing: $0.suffix(16)) }))
    }

    /// The bytes of field `k` (its ordinal in the 19), or its default; `nil` when it has neither.
    @inline(__always)
    private func bytes(_ k: Int, _ fields: [FieldBytes]) -> FieldBytes? {
      let c = fieldColumn[k]
      if c >= 0, c < fields.count, !fields[c].isEmpty { return fields[c] }
      return defaults[k]
    }

    /// Field `k` as text, for messages.
    private func text(_ k: Int, _ fields: [FieldBytes]) -> Substring? {
      bytes(k, fields).map { Substring(decoding: $0, as: UTF8.self) }
    }

    /// Field `k` as a plain unsigned 32-bit decimal, or `nil`.
    private func number(_ k: Int, _ fields: [FieldBytes]) -> UInt32? {
      guard let b = bytes(k, fields), !b.isEmpty, b.count <= 10 else { return nil }
      var v: UInt64 = 0
      for c in b {
        guard c >= 48 && c <= 57 else { return nil }
        v = v * 10 + UInt64(c - 48)
      }
      return v <= UInt64(UInt32.max) ? UInt32(v) : nil
    }

    /// The call's time in epoch seconds, in the mapping's format and within the supported years.
    private func timestamp(_ fields: [FieldBytes]) throws(RowRejection) -> Int64 {
      let format = importer.mapping.timestampFormat
      guard let tsBytes = bytes(Field.timestamp, fields), let ts = UsageImporter.parseTime(tsBytes, format: format)
      else {
        throw .bad(
          reason: "timestamp '\(text(Field.timestamp, fields) ?? "")' is not \(format)", kind: "bad timestamp")
      }
      guard (Limits.earliestTimestamp...Limits.latestTimestamp).contains(ts) else {
        throw .bad(
          reason: "timestamp '\(text(Field.timestamp, fields) ?? "")' is outside 1970-01-01 … 2199-12-31",
          kind: "timestamp out of range")
      }
      return ts
    }

    /// Input, output and cached input tokens; cached ones are part of the input.
    private func tokenCounts(_ fields: [FieldBytes]) throws(RowRejection) -> (
      input: UInt32, output: UInt32, cached: UInt32
    ) {
      guard let input = number(Field.inputTokens, fields), let output = number(Field.outputTokens, fields) else {
        let given = "'\(text(Field.inputTokens, fields) ?? "")', '\(text(Field.outputTokens, fields) ?? "")'"
        throw .bad(reason: "token counts \(given) are not whole numbers", kind: "bad tokens")
      }
      let cached = number(Field.cachedTokens, fields) ?? 0
      guard cached <= input else {
        throw .bad(reason: "cached_input_tokens \(cached) exceeds input_tokens \(input)", kind: "bad tokens")
      }
      return (input, output, cached)
    }

    /// `ok` (also when the field is empty), `error` or `timeout`.
    private func callStatus(_ fields: [FieldBytes]) throws(RowRejection) -> CallStatus {
      switch bytes(Field.status, fields).map(UsageImporter.fnv) {
      case nil, UsageImporter.okHash: return .ok
      case UsageImporter.errorHash: return .error
      case UsageImporter.timeoutHash: return .timeout
      default:
        throw .bad(
          reason: "status '\(text(Field.status, fields) ?? "")' is not ok, error or timeout", kind: "bad status")
      }
    }

    /// The run's id for the provider and model named by the row, added to the run's model table
    /// on first sight, with its catalog entry when the catalog has one.
    private mutating func model(_ modelBytes: FieldBytes, provider providerBytes: FieldBytes?, row: Int)
      throws(RowRejection) -> (UInt16, ModelSpec?)
    {
      let key = UsageImporter.fnv(modelBytes) &* 31 &+ (providerBytes.map(UsageImporter.fnv) ?? 0)
      if let known = modelIndex[key] { return known }
      guard run.dimensions.models.count < Limits.models else {
        throw .fatal(UsageImporter.tooMany("model", limit: Limits.models, path: path, row: row))
      }
      let modelName = String(decoding: modelBytes, as: UTF8.self)
      let providerName = providerBytes.map { String(decoding: $0, as: UTF8.self) }
      let spec = providerName.flatMap { specByProviderModel["\($0)|\(modelName)"] } ?? specByName[modelName]
      let ref = Run.ModelRef(
        providerKey: spec?.providerKey
          ?? (providerName ?? "unknown").lowercased().replacingOccurrences(of: " ", with: "-"),
        providerName: spec?.providerName ?? providerName ?? "unknown", name: modelName)
      run.dimensions.models.append(ref)
      let entry = (UInt16(run.dimensions.models.count - 1), spec)
      modelIndex[key] = entry
      return entry
    }

    /// The call's cost in nano-dollars: computed from the catalog's prices, or read from the file.
    private func callCost(
      _ fields: [FieldBytes], spec: ModelSpec?, status: CallStatus,
      tokens: (input: UInt32, output: UInt32, cached: UInt32)
    ) throws(RowRejection) -> Int64 {
      let cost: Int64
      if costMode == "compute" {
        guard let spec else {
          let provider = text(Field.provider, fields).map { "\($0) " } ?? ""
          throw .bad(
            reason:
              "model '\(provider)\(text(Field.model, fields) ?? "")' is not in catalog '\(importer.catalog.name)', so its cost cannot be computed",
            kind: "unknown model")
        }
        cost =
          status == .error
          ? 0
          : spec.price.cost(
            input: Int(tokens.input), output: status == .timeout ? 0 : Int(tokens.output), cached: Int(tokens.cached)
          ).int64Nanos ?? .max
      } else {
        cost = try givenCost(fields)
      }
      guard cost <= Limits.callCost.int64Nanos ?? .max else {
        throw .bad(
          reason:
            "the computed cost \(Format.money(Money(nanos: cost))) exceeds the limit of \(Format.money(Limits.callCost)) for one call",
          kind: "cost out of range")
      }
      return cost
    }

    /// The `cost_usd` field as exact nano-dollars, from $0 to `Limits.callCost`.
    private func givenCost(_ fields: [FieldBytes]) throws(RowRejection) -> Int64 {
      func given() -> Substring { text(Field.cost, fields) ?? "" }
      guard let c = bytes(Field.cost, fields),
        let money = Money(decimalBytes: c) ?? (try? Money(parsing: String(decoding: c, as: UTF8.self)))
      else {
        throw .bad(reason: "cost_usd '\(given())' is not a dollar amount", kind: "bad cost")
      }
      guard money >= .zero else {
        throw .bad(reason: "cost_usd '\(given())' is negative; a call costs $0 or more", kind: "cost out of range")
      }
      guard money <= Limits.callCost, let nanos = money.int64Nanos else {
        throw .bad(
          reason: "cost_usd '\(given())' exceeds the limit of \(Format.money(Limits.callCost)) for one call",
          kind: "cost out of range")
      }
      return nanos
    }

    /// Quality in 1/10,000ths, read exactly from its decimal text; empty means 0.
    private func qualityScore(_ fields: [FieldBytes]) throws(RowRejection) -> Int64 {
      guard let q = bytes(Field.quality, fields), !q.isEmpty else { return 0 }
      guard let m = Money(decimalBytes: q), m >= .zero, m <= Money(dollars: 1) else {
        throw .bad(
          reason: "quality_score '\(text(Field.quality, fields) ?? "")' is not a number from 0 to 1",
          kind: "bad quality")
      }
      return Int64(clamping: (m.nanos + 50_000) / 100_000)
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
      for (column, id, limit) in [
        ("task_type", ids.task, Limits.taskTypes), ("subscription_tier", ids.tier, Limits.tiers),
        ("region", ids.region, Limits.regions),
        ("organization_id", ids.organization, Limits.organizations), ("product_id", ids.product, Limits.products),
        ("feature_id", ids.feature, Limits.features),
      ] where id >= limit {
        throw .fatal(UsageImporter.tooMany(column, limit: limit, path: path, row: row))
      }
      return ids
    }
  }
}
