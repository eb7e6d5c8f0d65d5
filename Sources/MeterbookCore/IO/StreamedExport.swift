import Foundation

/// An export written while a usage file is imported, chunk by chunk of calls, so `convert`
/// holds one chunk and the writer's own state, never the file's calls or the output.
///
/// Each chunk's ids index dimension tables that only grow (`UsageImporter.stream`). What each
/// format keeps between chunks:
/// - `csv`, `otlp` spans: nothing but the encoded names; rows leave as they arrive.
/// - `focus`: the rows of the days not yet complete. A day is written once a chunk ends on a
///   later day, so a file in time order (every simulated export, most provider exports) gives
///   the same bytes as the in-memory writer; a call that arrives after its day was written
///   starts a second set of rows for that day (the totals stay exact).
/// - `otlp` metrics: one histogram per model and day.
/// - `cube`: its cells (`UsageDigest.bytesPerCell` each, checked against the memory budget).
protocol StreamedExport {
  /// Writes one chunk's calls, `rowsBefore` calls having come before it.
  mutating func write(_ chunk: Run, rowsBefore: Int, to sink: ByteSink) throws(IOError)
  /// Writes what is left once the last chunk is in; `dimensions` are the whole file's.
  mutating func finish(dimensions: Run.Dimensions, to sink: ByteSink) throws(IOError)
}

extension RunExport {
  /// Converts the usage file `url` to `format` on `sink` as `importer` streams it.
  ///
  /// - Returns: the import report.
  /// - Throws: the import's `ImportError`, the sink's `IOError`, or a budget error of the cube.
  public static func stream(
    _ url: URL, displayPath: String? = nil, importer: UsageImporter, format: String, catalog: ModelCatalog,
    options: [String: String] = [:], to sink: ByteSink, chunkCalls: Int = UsageImporter.chunkCalls
  ) throws -> UsageImporter.Summary {
    var writer: any StreamedExport =
      switch format {
      case "focus":
        FOCUSWriter.Chunks(
          writer: FOCUSWriter(
            catalog: catalog, version: FOCUSWriter.Version(rawValue: options["focus_version"] ?? "1.2") ?? .v1p2))
      case "otlp":
        OTLPWriter.Chunks(writer: OTLPWriter(kind: OTLPWriter.Kind(rawValue: options["otlp"] ?? "spans") ?? .spans))
      case "cube":
        CubeChunks(
          builder: UsageDigest.Builder(budget: importer.budget.bytes, path: displayPath ?? url.path, coarsens: false))
      default: CSVWriter.Chunks()
      }
    var rows = 0
    let (summary, dimensions) = try importer.stream(
      contentsOf: url, displayPath: displayPath, chunkCalls: chunkCalls
    ) { chunk in
      try writer.write(chunk, rowsBefore: rows, to: sink)
      rows += chunk.count
    }
    try writer.finish(dimensions: dimensions, to: sink)
    return summary
  }
}

extension CSVWriter {
  /// The 19-field CSV, header first, each chunk's rows as they arrive.
  struct Chunks: StreamedExport {
    private var names = EncodedNames(Run.Dimensions())
    private var date = DateCache()
    private var buffer = ByteBuffer(capacity: 1 << 20)
    private var started = false

    mutating func write(_ chunk: Run, rowsBefore: Int, to sink: ByteSink) throws(IOError) {
      if !started {
        buffer.append(CallRecord.fieldNames.joined(separator: ","))
        buffer.append(byte: 0x0D)
        buffer.append(byte: 0x0A)
        started = true
      }
      names.extend(to: chunk.dimensions)
      for i in 0..<chunk.count {
        CSVWriter.appendRow(i, of: chunk, names: names, date: &date, to: &buffer)
        if buffer.count >= (1 << 20) - 1024 { try buffer.flush(to: sink) }
      }
    }

    mutating func finish(dimensions: Run.Dimensions, to sink: ByteSink) throws(IOError) {
      if !started { try write(Run(dimensions: dimensions), rowsBefore: 0, to: sink) }
      try buffer.flush(to: sink)
    }
  }
}

extension FOCUSWriter {
  /// FOCUS rows day by day, a day written once the calls have moved past it.
  struct Chunks: StreamedExport {
    let writer: FOCUSWriter
    /// The sums of each day not written yet.
    private var open: [Int: [Key: Sums]] = [:]
    private var prices: [ModelPrice.Flat?] = []
    private var text: Text?
    /// The dimension table sizes `text` was built for.
    private var encoded: [Int] = []
    private var out = ByteBuffer(capacity: 1 << 20)
    private var started = false

    init(writer: FOCUSWriter) { self.writer = writer }

    mutating func write(_ chunk: Run, rowsBefore: Int, to sink: ByteSink) throws(IOError) {
      if !started {
        out.append(writer.fileColumns.map(\.rawValue).joined(separator: ","))
        out.append(byte: 0x0D)
        out.append(byte: 0x0A)
        started = true
      }
      let d = chunk.dimensions
      let sizes = [
        d.models.count, d.taskTypes.count, d.customers.count, d.organizations.count, d.products.count,
        d.features.count, d.tiers.count, d.regions.count,
      ]
      if sizes != encoded {
        prices = d.models.map { writer.catalog.model($0.id)?.price.flat }
        text = Text(d, prices: prices)
        encoded = sizes
      }
      for i in 0..<chunk.count {
        writer.add(i, of: chunk, prices: prices, to: &open[DayOrder.day(chunk.timestamp[i]), default: [:]])
      }
      if let last = chunk.timestamp.last { try flush(before: DayOrder.day(last), to: sink) }
    }

    mutating func finish(dimensions: Run.Dimensions, to sink: ByteSink) throws(IOError) {
      if !started { try write(Run(dimensions: dimensions), rowsBefore: 0, to: sink) }
      try flush(before: .max, to: sink)
      try out.flush(to: sink)
    }

    /// Writes the days before `day`, in order, each day's rows in key order.
    private mutating func flush(before day: Int, to sink: ByteSink) throws(IOError) {
      guard let text else { return }
      for d in open.keys.filter({ $0 < day }).sorted() {
        guard let sums = open.removeValue(forKey: d) else { continue }
        let dayText = DayText(d)
        for key in sums.keys.sorted() {
          guard let s = sums[key] else { continue }
          writer.appendRow(
            key, s, day: dayText, columns: writer.fileColumns, text: text, price: prices[Int(key.model)], to: &out)
          if out.count > (1 << 20) - 8192 { try out.flush(to: sink) }
        }
      }
    }
  }
}

extension OTLPWriter {
  /// OTLP spans as they arrive, or the daily metrics written at the end.
  ///
  /// A streamed spans export cannot see every call id before the first span, so span ids are
  /// always the mixed row number (unique, never zero) rather than the call ids.
  struct Chunks: StreamedExport {
    let writer: OTLPWriter
    private var daily = Daily()
    private var out = ByteBuffer(capacity: 1 << 20)
    private var started = false

    init(writer: OTLPWriter) { self.writer = writer }

    mutating func write(_ chunk: Run, rowsBefore: Int, to sink: ByteSink) throws(IOError) {
      guard writer.kind == .spans else {
        try writer.daily(chunk, into: &daily, rowsBefore: rowsBefore, isCancelled: { false })
        return
      }
      if !started {
        out.append(writer.spansHeader)
        started = true
      }
      for i in 0..<chunk.count {
        let row = rowsBefore + i
        try writer.appendSpan(i, of: chunk, spanID: SplitMix64.mix(UInt64(row) &+ 1), row: row, to: &out)
        if out.count > (1 << 20) - 8192 { try out.flush(to: sink) }
      }
    }

    mutating func finish(dimensions: Run.Dimensions, to sink: ByteSink) throws(IOError) {
      guard writer.kind == .spans else {
        try writer.metrics(daily, dimensions: dimensions, to: sink)
        return
      }
      if !started { out.append(writer.spansHeader) }
      out.append(OTLPWriter.spansFooter)
      try out.flush(to: sink)
    }
  }
}

/// The hourly cube of a streamed file, written once every call is in.
struct CubeChunks: StreamedExport {
  let builder: UsageDigest.Builder

  func write(_ chunk: Run, rowsBefore: Int, to sink: ByteSink) throws(IOError) {
    if let refusal = builder.add(chunk) { throw IOError.cannotEncode(reason: refusal.description) }
  }

  func finish(dimensions: Run.Dimensions, to sink: ByteSink) throws(IOError) {
    try builder.digest(dimensions: dimensions).cube.csv(to: sink)
  }
}
