import Foundation

/// Writes a run as OpenTelemetry OTLP/JSON following the GenAI semantic conventions: one
/// client span per call (`ExportTraceServiceRequest`), or daily metrics per model
/// (`ExportMetricsServiceRequest`: the `gen_ai.client.token.usage` and
/// `gen_ai.client.operation.duration` histograms and a `meterbook.cost` sum in USD).
///
/// A collector's file receiver or any OTLP tool reads either. Field names are the proto3 JSON
/// names of `opentelemetry-proto`; ids are hex, 64-bit integers are strings, as OTLP/JSON asks.
public struct OTLPWriter {
  public enum Kind: String, CaseIterable, Sendable { case spans, metrics }
  public var kind: Kind
  public init(kind: Kind = .spans) { self.kind = kind }

  /// The registered `gen_ai.provider.name` value of a provider key (`gen_ai.system`, which
  /// used other values such as `az.ai.openai`, is deprecated).
  static func providerName(_ providerKey: String) -> String {
    switch providerKey {
    case "openai": "openai"
    case "anthropic": "anthropic"
    case "google": "gcp.gemini"
    case "bedrock": "aws.bedrock"
    case "azure": "azure.ai.openai"
    case "mistral": "mistral_ai"
    case "cohere": "cohere"
    default: providerKey
    }
  }

  /// `error.type` of a call status: nil for success, `timeout` (the conventions' own example)
  /// for timeouts, `_OTHER` (the registered fallback) for errors, whose provider code the
  /// usage data does not carry.
  static func errorType(_ status: UInt8) -> String? {
    switch status {
    case 0: nil
    case 2: "timeout"
    default: "_OTHER"
    }
  }

  /// Bucket boundaries the conventions advise for `gen_ai.client.token.usage`.
  static let tokenBounds: [Int64] = [
    1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262_144, 1_048_576, 4_194_304, 16_777_216, 67_108_864,
  ]
  /// Bucket boundaries the conventions advise for `gen_ai.client.operation.duration`, in
  /// milliseconds (the file writes seconds).
  static let durationBoundsMs: [Int64] = [
    10, 20, 40, 80, 160, 320, 640, 1280, 2560, 5120, 10240, 20480, 40960, 81920,
  ]

  /// Writes `run`.
  ///
  /// `isCancelled` is polled every 64k calls; `progress` hears the fraction done.
  /// - Throws: `IOError.cannotEncode` for a time OTLP's signed 64-bit nanosecond clock
  /// cannot hold (after 2262-04-11 or before 1677), `IOError.cancelled`.
  public func write(
    _ run: Run, to sink: ByteSink, isCancelled: @escaping @Sendable () -> Bool = { false },
    progress: (Double) -> Void = { _ in }
  ) throws(IOError) {
    switch kind {
    case .spans: try spans(run, to: sink, isCancelled: isCancelled, progress: progress)
    case .metrics: try metrics(run, to: sink, isCancelled: isCancelled)
    }
  }

  /// `seconds` + `milliseconds` as Unix nanoseconds, or nil when that overflows `Int64`
  /// (after 2262-04-11T23:47:16Z): checked, because a wrapped clock would be a silent lie.
  static func nanoseconds(seconds: Int64, milliseconds: Int64 = 0) -> Int64? {
    let (ns, o1) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
    let (ms, o2) = milliseconds.multipliedReportingOverflow(by: 1_000_000)
    let (sum, o3) = ns.addingReportingOverflow(ms)
    return o1 || o2 || o3 ? nil : sum
  }

  static func overflow(_ seconds: Int64, row: Int) -> IOError {
    let day = CalendarDay(daysSinceEpoch: Int(seconds / 86_400))
    return IOError.cannotEncode(
      reason:
        "call \(row + 1) at \(day) (\(seconds) s): OTLP times are Unix nanoseconds in 64 bits, which end at 2262-04-11T23:47:16Z"
    )
  }

  /// The span ids of a run, unique and never zero.
  ///
  /// They are the call ids when those are all non-zero and distinct (so a span
  /// names its call), otherwise — an import without call ids, or with repeats — a bijective
  /// mix of the row number, which is unique and never zero (SplitMix64's finalizer maps only 0
  /// to 0). OTLP forbids an all-zero span id, and a repeated one merges spans in a trace view.
  static func spanIDs(_ run: Run) -> (Int) -> UInt64 {
    let sorted = run.callID.sorted()
    var usable = sorted.first.map { $0 != 0 } ?? true
    if usable {
      for k in sorted.indices.dropFirst() where sorted[k] == sorted[k - 1] {
        usable = false
        break
      }
    }
    if usable { return { run.callID[$0] } }
    return { SplitMix64.mix(UInt64($0) &+ 1) }
  }

  private func str(_ k: String, _ v: String) -> String {
    "{\"key\":\"\(k)\",\"value\":{\"stringValue\":\"\(escape(v))\"}}"
  }
  private func int(_ k: String, _ v: Int64) -> String { "{\"key\":\"\(k)\",\"value\":{\"intValue\":\"\(v)\"}}" }
  private func dbl(_ k: String, _ v: String) -> String { "{\"key\":\"\(k)\",\"value\":{\"doubleValue\":\(v)}}" }
  private var resource: String {
    "{\"attributes\":[\(str("service.name", "meterbook")),\(str("service.version", MeterbookVersion.current))]}"
  }
  private var scope: String { "{\"name\":\"meterbook\",\"version\":\"\(MeterbookVersion.current)\"}" }

  /// The opening of a spans document, up to its first span.
  var spansHeader: String {
    "{\"resourceSpans\":[{\"resource\":\(resource),\"scopeSpans\":[{\"scope\":\(scope),\"spans\":["
  }
  /// The closing of a spans document.
  static let spansFooter = "]}]}]}\n"

  private func spans(_ run: Run, to sink: ByteSink, isCancelled: () -> Bool, progress: (Double) -> Void) throws(IOError)
  {
    var out = ByteBuffer(capacity: 1 << 20)
    out.append(spansHeader)
    let spanID = Self.spanIDs(run)
    for i in 0..<run.count {
      if i & 0xFFFF == 0 && i > 0 {
        if isCancelled() { throw IOError.cancelled }
        progress(Double(i) / Double(run.count))
      }
      try appendSpan(i, of: run, spanID: spanID(i), row: i, to: &out)
      if out.count > (1 << 20) - 8192 { try out.flush(to: sink) }
    }
    out.append(Self.spansFooter)
    try out.flush(to: sink)
  }

  /// Appends call `i` of `run` as a span (after a comma unless it is the file's first, `row` 0).
  func appendSpan(_ i: Int, of run: Run, spanID: UInt64, row: Int, to out: inout ByteBuffer) throws(IOError) {
    let d = run.dimensions
    let ref = d.models[Int(run.model[i])]
    guard let startNs = Self.nanoseconds(seconds: run.timestamp[i]),
      let endNs = Self.nanoseconds(seconds: run.timestamp[i], milliseconds: Int64(run.latencyMs[i]))
    else { throw Self.overflow(run.timestamp[i], row: row) }
    let status = run.status[i]
    var attributes = [
      str("gen_ai.operation.name", "chat"), str("gen_ai.provider.name", Self.providerName(ref.providerKey)),
      str("gen_ai.request.model", ref.name),
    ]
    // Only a completed call has a response, hence a response model.
    if status == 0 { attributes.append(str("gen_ai.response.model", ref.name)) }
    attributes += [
      int("gen_ai.usage.input_tokens", Int64(run.inputTokens[i])),
      int("gen_ai.usage.output_tokens", Int64(run.outputTokens[i])),
      int("gen_ai.usage.cache_read.input_tokens", Int64(run.cachedTokens[i])),
    ]
    if let type = Self.errorType(status) { attributes.append(str("error.type", type)) }
    attributes += [
      dbl("meterbook.cost_usd", Money(nanos: run.cost[i]).decimalString(places: 9).trimmedDecimal),
      str("meterbook.task_type", d.taskTypes[Int(run.task[i])]),
      str("meterbook.customer.id", d.customers[Int(run.customer[i])]),
      str("meterbook.organization.id", d.organizations[Int(run.organization[i])]),
      str("meterbook.product.id", d.products[Int(run.product[i])]),
      str("meterbook.feature.id", d.features[Int(run.feature[i])]),
      str("meterbook.subscription_tier", d.tiers[Int(run.tier[i])]),
      str("meterbook.region", d.regions[Int(run.region[i])]),
      dbl("meterbook.quality_score", Format.fixed(Double(run.quality[i]) / 10_000, places: 4)),
    ]
    if row > 0 { out.append(byte: 0x2C) }
    out.append(
      "{\"traceId\":\"\(run.traceIDString(i))\",\"spanId\":\"\(hex16(spanID))\",\"name\":\"chat \(escape(ref.name))\",\"kind\":3,"
    )
    out.append(
      "\"startTimeUnixNano\":\"\(startNs)\",\"endTimeUnixNano\":\"\(endNs)\",\"attributes\":[\(attributes.joined(separator: ","))]"
    )
    // Status stays unset on success (Recording Errors): ERROR with the status word otherwise.
    if status != 0 { out.append(",\"status\":{\"code\":2,\"message\":\"\(status == 1 ? "error" : "timeout")\"}") }
    out.append(byte: 0x7D)
  }

  private func escape(_ s: String) -> String { JSONString.escaped(s) }
}

extension OTLPWriter {
  /// A histogram series on one day: the grain of the metrics.
  struct SeriesDay: Hashable, Comparable {
    var day: Int64
    var model: UInt16
    /// Token type (0 input, 1 output) or call status (0 ok, 1 error, 2 timeout).
    var variant: UInt8

    static func < (a: SeriesDay, b: SeriesDay) -> Bool { (a.day, a.model, a.variant) < (b.day, b.model, b.variant) }
  }

  /// An explicit-bucket histogram of integer measurements, exact.
  struct Histogram {
    var count: Int64 = 0
    var sum: Int64 = 0
    var min = Int64.max
    var max = Int64.min
    var buckets: [Int64]

    init(bounds: Int) { buckets = [Int64](repeating: 0, count: bounds + 1) }

    /// Records `value` in the first bucket whose upper bound it does not pass (OTLP buckets
    /// are `(bounds[i-1], bounds[i]]`).
    mutating func record(_ value: Int64, bounds: [Int64]) {
      count += 1
      sum += value
      min = Swift.min(min, value)
      max = Swift.max(max, value)
      var k = 0
      while k < bounds.count && value > bounds[k] { k += 1 }
      buckets[k] += 1
    }
  }

  /// The daily aggregates of a run, each in day, model, variant order.
  struct Daily {
    var tokens: [SeriesDay: Histogram] = [:]
    var durations: [SeriesDay: Histogram] = [:]
    var cost: [SeriesDay: Int64] = [:]
  }

  /// Adds the calls of `run` to the daily series; `rowsBefore` calls came before it (for the
  /// row an error names).
  func daily(_ run: Run, into daily: inout Daily, rowsBefore: Int = 0, isCancelled: () -> Bool) throws(IOError) {
    for i in 0..<run.count {
      if i & 0xFFFF == 0 && i > 0 && isCancelled() { throw IOError.cancelled }
      // The day's end must fit the nanosecond clock too.
      let day = run.timestamp[i] / 86_400
      if Self.nanoseconds(seconds: day * 86_400) == nil
        || Self.nanoseconds(seconds: day * 86_400, milliseconds: 86_400_000) == nil
      {
        throw Self.overflow(run.timestamp[i], row: rowsBefore + i)
      }
      let model = run.model[i]
      let n = Self.tokenBounds.count
      daily.tokens[SeriesDay(day: day, model: model, variant: 0), default: Histogram(bounds: n)].record(
        Int64(run.inputTokens[i]), bounds: Self.tokenBounds)
      daily.tokens[SeriesDay(day: day, model: model, variant: 1), default: Histogram(bounds: n)].record(
        Int64(run.outputTokens[i]), bounds: Self.tokenBounds)
      daily.durations[
        SeriesDay(day: day, model: model, variant: run.status[i] > 2 ? 1 : run.status[i]),
        default: Histogram(bounds: Self.durationBoundsMs.count)
      ].record(Int64(run.latencyMs[i]), bounds: Self.durationBoundsMs)
      daily.cost[SeriesDay(day: day, model: model, variant: 0), default: 0] += run.cost[i]
    }
  }

  private func metrics(_ run: Run, to sink: ByteSink, isCancelled: () -> Bool) throws(IOError) {
    var daily = Daily()
    try self.daily(run, into: &daily, isCancelled: isCancelled)
    try metrics(daily, dimensions: run.dimensions, to: sink)
  }

  /// Writes the daily series as a metrics document.
  func metrics(_ daily: Daily, dimensions d: Run.Dimensions, to sink: ByteSink) throws(IOError) {
    func base(_ k: SeriesDay) -> [String] {
      let ref = d.models[Int(k.model)]
      return [
        str("gen_ai.operation.name", "chat"), str("gen_ai.provider.name", Self.providerName(ref.providerKey)),
        str("gen_ai.request.model", ref.name),
      ]
    }
    func point(_ k: SeriesDay, _ attributes: [String], _ value: String) -> String {
      let start = k.day * 86_400 * 1_000_000_000
      return
        "{\"attributes\":[\(attributes.joined(separator: ","))],\"startTimeUnixNano\":\"\(start)\",\"timeUnixNano\":\"\(start + 86_400 * 1_000_000_000)\",\(value)}"
    }
    /// Integer measurements written in a unit `scale` decimal places smaller (ms → s: 3).
    func histogram(_ h: Histogram, bounds: [Int64], scale: Int) -> String {
      func number(_ v: Int64) -> String {
        var b = ByteBuffer(capacity: 24)
        b.appendDecimal(Int128(v), scale: scale)
        return String(decoding: b.bytes, as: UTF8.self)
      }
      return
        "\"count\":\"\(h.count)\",\"sum\":\(number(h.sum)),\"bucketCounts\":[\(h.buckets.map { "\"\($0)\"" }.joined(separator: ","))],\"explicitBounds\":[\(bounds.map(number).joined(separator: ","))],\"min\":\(number(h.min)),\"max\":\(number(h.max))"
    }
    let tokenPoints = daily.tokens.keys.sorted().compactMap { k -> String? in
      guard let h = daily.tokens[k] else { return nil }
      return point(
        k, base(k) + [str("gen_ai.token.type", k.variant == 0 ? "input" : "output")],
        histogram(h, bounds: Self.tokenBounds, scale: 0))
    }
    let durationPoints = daily.durations.keys.sorted().compactMap { k -> String? in
      guard let h = daily.durations[k] else { return nil }
      let error = Self.errorType(k.variant).map { [str("error.type", $0)] } ?? []
      return point(k, base(k) + error, histogram(h, bounds: Self.durationBoundsMs, scale: 3))
    }
    let costPoints = daily.cost.keys.sorted().compactMap { k -> String? in
      guard let nanos = daily.cost[k] else { return nil }
      return point(k, base(k), "\"asDouble\":\(Money(nanos: nanos).decimalString(places: 9).trimmedDecimal)")
    }
    var out = ByteBuffer(capacity: 1 << 16)
    out.append("{\"resourceMetrics\":[{\"resource\":\(resource),\"scopeMetrics\":[{\"scope\":\(scope),\"metrics\":[")
    // aggregationTemporality 1 = DELTA: each point covers its own day, not a running total.
    out.append(
      "{\"name\":\"gen_ai.client.token.usage\",\"unit\":\"{token}\",\"description\":\"Number of input and output tokens used, per call\",\"histogram\":{\"aggregationTemporality\":1,\"dataPoints\":[\(tokenPoints.joined(separator: ","))]}},"
    )
    out.append(
      "{\"name\":\"gen_ai.client.operation.duration\",\"unit\":\"s\",\"description\":\"GenAI operation duration\",\"histogram\":{\"aggregationTemporality\":1,\"dataPoints\":[\(durationPoints.joined(separator: ","))]}},"
    )
    out.append(
      "{\"name\":\"meterbook.cost\",\"unit\":\"USD\",\"description\":\"AI cost at list prices per model and day\",\"sum\":{\"aggregationTemporality\":1,\"isMonotonic\":true,\"dataPoints\":[\(costPoints.joined(separator: ","))]}}"
    )
    out.append("]}]}]}\n")
    try out.flush(to: sink)
  }
}
