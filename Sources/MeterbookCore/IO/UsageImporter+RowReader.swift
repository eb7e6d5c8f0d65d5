import Foundation

extension UsageImporter {
  /// Reads a data row's fields as the mapping and the header say: plain columns straight from
  /// the CSV bytes, transformed ones (JSON path, value map, scale, alternatives) the slow way,
  /// and checks each value, throwing a `RowRejection` that says what is wrong.
  ///
  /// A class whose settings are all constants, so the row parser, a large struct that mutates
  /// as it goes, hands each check a reference: as methods of the parser, every check made the
  /// compiler copy the whole parser (1 KB) first, twenty times a row.
  final class RowReader {
    let importer: UsageImporter
    let path: String
    /// Holds JSON strings decoded from escapes while a row is read.
    let arena = ByteArena()
    /// The mapping's default for each field (by ordinal), then the value-map targets.
    let defaults: [FieldBytes?]
    let timezone: ImportTimeZone?
    /// Column of each field (by ordinal): ≥ 0 a plain column, -1 none, -2 `sources[k]`.
    let fieldColumn: [Int]
    let sources: [[CompiledSource]]
    /// `given`, `compute` or `given_or_compute`.
    let costMode: String
    /// Whether the file (or the mapping's defaults) has token counts.
    let tokensKnown: Bool

    init(
      importer: UsageImporter, path: String, defaults: [FieldBytes?], fieldColumn: [Int],
      sources: [[CompiledSource]], costMode: String, tokensKnown: Bool
    ) {
      self.importer = importer
      self.path = path
      self.defaults = defaults
      self.timezone = importer.mapping.timezone
      self.fieldColumn = fieldColumn
      self.sources = sources
      self.costMode = costMode
      self.tokensKnown = tokensKnown
    }

    /// The bytes of field `k` after the mapping's transforms, or its default; `nil` when it has neither.
    @inline(__always)
    func bytes(_ k: Int, _ fields: [FieldBytes]) -> FieldBytes? {
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
    func text(_ s: CompiledSource, _ fields: [FieldBytes]) -> FieldBytes? {
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
    static func find(_ needle: [UInt8], in v: FieldBytes) -> Int? {
      guard !needle.isEmpty, v.count >= needle.count else { return nil }
      for i in 0...(v.count - needle.count) where v[i] == needle[0] {
        if needle.indices.allSatisfy({ v[i + $0] == needle[$0] }) { return i }
      }
      return nil
    }

    /// `v` without leading and trailing spaces.
    static func trimmed(_ v: FieldBytes) -> FieldBytes {
      var lo = 0
      var hi = v.count
      while lo < hi, v[lo] == 32 { lo += 1 }
      while hi > lo, v[hi - 1] == 32 { hi -= 1 }
      return lo == 0 && hi == v.count ? v : FieldBytes(rebasing: v[lo..<hi])
    }

    /// Field `k` as text, for messages.
    func text(_ k: Int, _ fields: [FieldBytes]) -> Substring? {
      bytes(k, fields).map { Substring(decoding: $0, as: UTF8.self) }
    }

    /// Field `k` as a number: scaled and with its `plus` companions added.
    func number(_ k: Int, _ fields: [FieldBytes]) -> Number {
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

    func number(_ s: CompiledSource, _ fields: [FieldBytes]) -> Number {
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

    static func parse(_ t: FieldBytes) -> Number {
      DecimalText(parsing: t).map { .value($0) } ?? .invalid(String(decoding: t, as: UTF8.self))
    }

    /// Plain decimal digits (at most 18) as a number: the fast path for counts.
    @inline(__always)
    static func digits(_ b: FieldBytes) -> UInt64? {
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
    func count(_ k: Int, _ fields: [FieldBytes]) -> Result<UInt64, CountProblem>? {
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
    func timestamp(_ fields: [FieldBytes], row: Int) throws(RowRejection) -> Int64 {
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
    func callCount(_ fields: [FieldBytes]) throws(RowRejection) -> Int {
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
    func errorCount(_ fields: [FieldBytes], calls n: Int) throws(RowRejection) -> Int {
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
    func tokenCounts(_ fields: [FieldBytes], calls n: Int) throws(RowRejection) -> (
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
    func callStatus(_ fields: [FieldBytes]) throws(RowRejection) -> CallStatus {
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
    func isBatch(_ fields: [FieldBytes]) throws(RowRejection) -> Bool {
      guard fieldColumn[Field.batch] != -1, let b = bytes(Field.batch, fields) else { return false }
      switch String(decoding: b, as: UTF8.self).lowercased() {
      case "true", "yes", "1", "t", "y": return true
      case "false", "no", "0", "f", "n": return false
      case let other: throw .bad(reason: "batch '\(other)' is not true or false", kind: "bad batch flag")
      }
    }

    /// One call's cost from the catalog's price in force at its time, on its service tier:
    /// errors cost nothing, timeouts bill their input.
    func computedCost(
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
    func givenCost(_ fields: [FieldBytes], calls n: Int) throws(RowRejection) -> Int64? {
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
    func latencyMs(_ fields: [FieldBytes]) throws(RowRejection) -> UInt32 {
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
    func qualityScore(_ fields: [FieldBytes]) throws(RowRejection) -> Int64 {
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
  }
}
