/// Streams a run as RFC 4180 CSV with the 19-field header, formatting numbers by hand into
/// a reusable byte buffer (no `String` per field), flushed to the sink every 1 MB.
public struct CSVWriter {
  /// Writes `run` to `sink`.
  ///
  /// `isCancelled` is polled every 64k rows (a few milliseconds), so
  /// Ctrl-C stops a multi-gigabyte write at once; `progress` hears the fraction done as often.
  public static func write(
    _ run: Run, to sink: ByteSink, isCancelled: @escaping @Sendable () -> Bool = { false },
    progress: (Double) -> Void = { _ in }
  ) throws(IOError) {
    var buffer = ByteBuffer(capacity: 1 << 20)
    buffer.append(CallRecord.fieldNames.joined(separator: ","))
    buffer.append(byte: 0x0D)
    buffer.append(byte: 0x0A)
    let names = EncodedNames(run.dimensions)
    var date = DateCache()
    for i in 0..<run.count {
      if i & 0xFFFF == 0 && i > 0 {
        if isCancelled() { throw IOError.cancelled }
        progress(Double(i) / Double(run.count))
      }
      appendRow(i, of: run, names: names, date: &date, to: &buffer)
      if buffer.count >= (1 << 20) - 1024 { try buffer.flush(to: sink) }
    }
    try buffer.flush(to: sink)
  }

  /// The dimension tables' names as ready-to-write CSV field bytes, encoded once per run.
  struct EncodedNames {
    var models: [([UInt8], [UInt8])] = []
    var tasks: [[UInt8]] = []
    var customers: [[UInt8]] = []
    var organizations: [[UInt8]] = []
    var products: [[UInt8]] = []
    var features: [[UInt8]] = []
    var tiers: [[UInt8]] = []
    var regions: [[UInt8]] = []
    let statuses = CallStatus.allCases.map { Array($0.rawValue.utf8) }

    init(_ d: Run.Dimensions) { extend(to: d) }

    /// Encodes the names `d` has beyond those already encoded (a streamed import's tables
    /// only grow).
    mutating func extend(to d: Run.Dimensions) {
      func more(_ encoded: inout [[UInt8]], _ names: [String]) {
        if names.count > encoded.count { encoded += names[encoded.count...].map(CSVWriter.field) }
      }
      if d.models.count > models.count {
        models += d.models[models.count...].map { (CSVWriter.field($0.providerName), CSVWriter.field($0.name)) }
      }
      more(&tasks, d.taskTypes)
      more(&customers, d.customers)
      more(&organizations, d.organizations)
      more(&products, d.products)
      more(&features, d.features)
      more(&tiers, d.tiers)
      more(&regions, d.regions)
    }
  }

  /// The date of the last row written, formatted once per day (rows come mostly in time order).
  struct DateCache {
    var day = Int64.min
    var bytes: [UInt8] = []
  }

  /// Appends call `i` as one CSV line (19 fields, CR LF).
  @inline(__always)
  static func appendRow(
    _ i: Int, of run: Run, names: EncodedNames, date: inout DateCache, to buffer: inout ByteBuffer
  ) {
    buffer.appendHex16(run.callID[i])
    buffer.append(byte: 0x2C)
    appendTimestamp(run.timestamp[i], date: &date, to: &buffer)
    buffer.append(byte: 0x2C)
    let m = names.models[Int(run.model[i])]
    buffer.append(m.0)
    buffer.append(byte: 0x2C)
    buffer.append(m.1)
    buffer.append(byte: 0x2C)
    buffer.append(names.tasks[Int(run.task[i])])
    buffer.append(byte: 0x2C)
    buffer.appendInt(Int64(run.inputTokens[i]))
    buffer.append(byte: 0x2C)
    buffer.appendInt(Int64(run.outputTokens[i]))
    buffer.append(byte: 0x2C)
    buffer.appendInt(Int64(run.cachedTokens[i]))
    buffer.append(byte: 0x2C)
    buffer.appendMoney(run.cost[i])
    buffer.append(byte: 0x2C)
    buffer.appendInt(Int64(run.latencyMs[i]))
    buffer.append(byte: 0x2C)
    buffer.appendQuality(run.quality[i])
    buffer.append(byte: 0x2C)
    buffer.append(names.statuses[Int(run.status[i])])
    buffer.append(byte: 0x2C)
    buffer.append(names.customers[Int(run.customer[i])])
    buffer.append(byte: 0x2C)
    buffer.append(names.organizations[Int(run.organization[i])])
    buffer.append(byte: 0x2C)
    buffer.append(names.products[Int(run.product[i])])
    buffer.append(byte: 0x2C)
    buffer.append(names.features[Int(run.feature[i])])
    buffer.append(byte: 0x2C)
    buffer.append(names.tiers[Int(run.tier[i])])
    buffer.append(byte: 0x2C)
    buffer.append(names.regions[Int(run.region[i])])
    buffer.append(byte: 0x2C)
    let low = run.traceID[i]
    buffer.appendHex16(SplitMix64.mix(low ^ 0x5DEE_CE66_D1CE_4E5B))
    buffer.appendHex16(low)
    buffer.append(byte: 0x0D)
    buffer.append(byte: 0x0A)
  }

  /// Appends epoch seconds `ts` as `YYYY-MM-DDTHH:MM:SSZ`.
  @inline(__always)
  private static func appendTimestamp(_ ts: Int64, date: inout DateCache, to buffer: inout ByteBuffer) {
    let dayNumber = ts >= 0 ? ts / 86_400 : (ts - 86_399) / 86_400
    if dayNumber != date.day {
      date.day = dayNumber
      date.bytes = Array(CalendarDay(daysSinceEpoch: Int(dayNumber)).description.utf8)
    }
    buffer.append(date.bytes)
    buffer.append(byte: 0x54)
    let sec = Int(ts - dayNumber * 86_400)
    buffer.append2(sec / 3600)
    buffer.append(byte: 0x3A)
    buffer.append2(sec / 60 % 60)
    buffer.append(byte: 0x3A)
    buffer.append2(sec % 60)
    buffer.append(byte: 0x5A)
  }

  /// A field's bytes, quoted when it holds a comma, quote or line break (RFC 4180).
  static func field(_ s: String) -> [UInt8] {
    guard s.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return Array(s.utf8) }
    return Array(("\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"").utf8)
  }
}

/// A growable byte buffer with allocation-free number formatting.
struct ByteBuffer {
  private(set) var bytes: [UInt8]
  init(capacity: Int) {
    bytes = []
    bytes.reserveCapacity(capacity)
  }
  var count: Int { bytes.count }

  @inline(__always) mutating func append(byte b: UInt8) { bytes.append(b) }
  @inline(__always) mutating func append(_ b: [UInt8]) { bytes.append(contentsOf: b) }
  mutating func append(_ s: String) { bytes.append(contentsOf: s.utf8) }

  /// Two digits, zero-padded.
  @inline(__always) mutating func append2(_ v: Int) {
    bytes.append(UInt8(48 + v / 10))
    bytes.append(UInt8(48 + v % 10))
  }

  mutating func appendInt(_ value: Int64) {
    var v = value
    if v < 0 {
      bytes.append(0x2D)
      v = -v
    }
    if v < 10 {
      bytes.append(UInt8(48 + v))
      return
    }
    var tmp:
      (
        UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
        UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
      ) =
        (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    var n = 0
    withUnsafeMutableBytes(of: &tmp) { t in
      while v > 0 {
        t[n] = UInt8(48 + v % 10)
        v /= 10
        n += 1
      }
      for k in stride(from: n - 1, through: 0, by: -1) { bytes.append(t[k]) }
    }
  }

  /// Nano-dollars as a decimal dollar amount with trailing zeros trimmed (at least 2 places).
  mutating func appendMoney(_ nanos: Int64) {
    var v = nanos
    if v < 0 {
      bytes.append(0x2D)
      v = -v
    }
    appendInt(v / 1_000_000_000)
    bytes.append(0x2E)
    var frac = v % 1_000_000_000
    var digits = 9
    while digits > 2 && frac % 10 == 0 {
      frac /= 10
      digits -= 1
    }
    var scale: Int64 = 1
    for _ in 1..<digits { scale *= 10 }
    while scale > 0 {
      bytes.append(UInt8(48 + frac / scale % 10))
      scale /= 10
    }
  }

  /// A quality in 1/10,000ths as `0.dddd` (or `1.0000`).
  mutating func appendQuality(_ q: UInt16) {
    bytes.append(UInt8(48 + q / 10_000))
    bytes.append(0x2E)
    let f = Int(q % 10_000)
    bytes.append(UInt8(48 + f / 1000))
    bytes.append(UInt8(48 + f / 100 % 10))
    bytes.append(UInt8(48 + f / 10 % 10))
    bytes.append(UInt8(48 + f % 10))
  }

  mutating func appendHex16(_ v: UInt64) {
    for k in 0..<16 {
      let nibble = UInt8((v >> UInt64(60 - 4 * k)) & 0xF)
      bytes.append(nibble < 10 ? 48 + nibble : 87 + nibble)
    }
  }

  mutating func flush(to sink: ByteSink) throws(IOError) {
    guard !bytes.isEmpty else { return }
    try sink.write(bytes)
    bytes.removeAll(keepingCapacity: true)
  }
}
