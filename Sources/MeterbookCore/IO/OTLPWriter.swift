import Foundation

/// Writes a run as OpenTelemetry OTLP/JSON, using the GenAI semantic conventions: per-call
/// client spans (`ExportTraceServiceRequest`), or daily metrics per model
/// (`ExportMetricsServiceRequest`: `gen_ai.client.token.usage` by token type and
/// `meterbook.cost` in USD).
///
/// A collector's file receiver or any OTLP tool reads either.
public struct OTLPWriter {
  public enum Kind: String, CaseIterable, Sendable { case spans, metrics }
  public var kind: Kind
  public init(kind: Kind = .spans) { self.kind = kind }

  /// `gen_ai.system` values by provider key (OpenTelemetry GenAI conventions).
  static func system(_ providerKey: String) -> String {
    switch providerKey {
    case "openai": "openai"
    case "anthropic": "anthropic"
    case "google": "gcp.gemini"
    case "bedrock": "aws.bedrock"
    case "azure": "az.ai.openai"
    case "mistral": "mistral_ai"
    case "cohere": "cohere"
    default: providerKey
    }
  }

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

  private func str(_ k: String, _ v: String) -> String {
    "{\"key\":\"\(k)\",\"value\":{\"stringValue\":\"\(escape(v))\"}}"
  }
  private func int(_ k: String, _ v: Int64) -> String { "{\"key\":\"\(k)\",\"value\":{\"intValue\":\"\(v)\"}}" }
  private func dbl(_ k: String, _ v: String) -> String { "{\"key\":\"\(k)\",\"value\":{\"doubleValue\":\(v)}}" }
  private var resource: String {
    "{\"attributes\":[\(str("service.name", "meterbook")),\(str("service.version", MeterbookVersion.current))]}"
  }
  private var scope: String { "{\"name\":\"meterbook\",\"version\":\"\(MeterbookVersion.current)\"}" }

  private func spans(_ run: Run, to sink: ByteSink, isCancelled: () -> Bool, progress: (Double) -> Void) throws(IOError)
  {
    var out = ByteBuffer(capacity: 1 << 20)
    out.append("{\"resourceSpans\":[{\"resource\":\(resource),\"scopeSpans\":[{\"scope\":\(scope),\"spans\":[")
    let d = run.dimensions
    for i in 0..<run.count {
      if i & 0xFFFF == 0 && i > 0 {
        if isCancelled() { throw IOError.cancelled }
        progress(Double(i) / Double(run.count))
      }
      let ref = d.models[Int(run.model[i])]
      guard let startNs = Self.nanoseconds(seconds: run.timestamp[i]),
        let endNs = Self.nanoseconds(seconds: run.timestamp[i], milliseconds: Int64(run.latencyMs[i]))
      else { throw Self.overflow(run.timestamp[i], row: i) }
      let status = run.status[i]
      let task = d.taskTypes[Int(run.task[i])]
      let attributes = [
        str("gen_ai.system", Self.system(ref.providerKey)), str("gen_ai.operation.name", "chat"),
        str("gen_ai.request.model", ref.name),
        str("gen_ai.response.model", ref.name), int("gen_ai.usage.input_tokens", Int64(run.inputTokens[i])),
        int("gen_ai.usage.output_tokens", Int64(run.outputTokens[i])),
        int("meterbook.usage.cached_input_tokens", Int64(run.cachedTokens[i])),
        dbl("meterbook.cost_usd", Money(nanos: run.cost[i]).decimalString(places: 9).trimmedDecimal),
        str("meterbook.task_type", task), str("meterbook.customer.id", d.customers[Int(run.customer[i])]),
        str("meterbook.organization.id", d.organizations[Int(run.organization[i])]),
        str("meterbook.product.id", d.products[Int(run.product[i])]),
        str("meterbook.feature.id", d.features[Int(run.feature[i])]),
        str("meterbook.subscription_tier", d.tiers[Int(run.tier[i])]),
        str("meterbook.region", d.regions[Int(run.region[i])]),
        dbl("meterbook.quality_score", Format.fixed(Double(run.quality[i]) / 10_000, places: 4)),
      ]
      if i > 0 { out.append(byte: 0x2C) }
      out.append(
        "{\"traceId\":\"\(run.traceIDString(i))\",\"spanId\":\"\(hex16(run.callID[i]))\",\"name\":\"chat \(escape(ref.name))\",\"kind\":3,"
      )
      out.append(
        "\"startTimeUnixNano\":\"\(startNs)\",\"endTimeUnixNano\":\"\(endNs)\",\"attributes\":[\(attributes.joined(separator: ","))],"
      )
      out.append(
        status == 0
          ? "\"status\":{\"code\":1}}" : "\"status\":{\"code\":2,\"message\":\"\(status == 1 ? "error" : "timeout")\"}}"
      )
      if out.count > (1 << 20) - 8192 { try out.flush(to: sink) }
    }
    out.append("]}]}]}\n")
    try out.flush(to: sink)
  }

  /// A model on a day (days since the epoch): the grain of the metrics.
  private struct ModelDay: Hashable {
    var model: UInt16
    var day: Int64
  }

  /// A model-day's totals, kept together so each call updates one dictionary entry.
  private struct ModelDaySums {
    var input: Int64 = 0
    var output: Int64 = 0
    var cost: Int64 = 0
    mutating func add(input: UInt32, output: UInt32, cost: Int64) {
      self.input += Int64(input)
      self.output += Int64(output)
      self.cost += cost
    }
  }

  /// Tokens and cost per model and day, in day then model order; every day's end must fit OTLP's
  /// nanosecond clock.
  private func dailySums(_ run: Run, isCancelled: () -> Bool) throws(IOError) -> [(
    key: ModelDay, value: ModelDaySums
  )] {
    var sums: [ModelDay: ModelDaySums] = [:]
    for i in 0..<run.count {
      if i & 0xFFFF == 0 && i > 0 && isCancelled() { throw IOError.cancelled }
      // The day's end must fit the nanosecond clock too.
      let dayStart = run.timestamp[i] / 86_400 * 86_400
      if Self.nanoseconds(seconds: dayStart) == nil
        || Self.nanoseconds(seconds: dayStart, milliseconds: 86_400_000) == nil
      {
        throw Self.overflow(run.timestamp[i], row: i)
      }
      let k = ModelDay(model: run.model[i], day: run.timestamp[i] / 86_400)
      sums[k, default: ModelDaySums()].add(input: run.inputTokens[i], output: run.outputTokens[i], cost: run.cost[i])
    }
    return sums.sorted { ($0.key.day, $0.key.model) < ($1.key.day, $1.key.model) }
  }

  private func metrics(_ run: Run, to sink: ByteSink, isCancelled: () -> Bool) throws(IOError) {
    let days = try dailySums(run, isCancelled: isCancelled)
    let d = run.dimensions
    func point(_ k: ModelDay, _ attrs: [String], _ value: String) -> String {
      let start = k.day * 86_400 * 1_000_000_000
      return
        "{\"attributes\":[\(attrs.joined(separator: ","))],\"startTimeUnixNano\":\"\(start)\",\"timeUnixNano\":\"\(start + 86_400 * 1_000_000_000)\",\(value)}"
    }
    let tokenPoints = days.flatMap { k, sum -> [String] in
      let ref = d.models[Int(k.model)]
      let base = [str("gen_ai.system", Self.system(ref.providerKey)), str("gen_ai.request.model", ref.name)]
      return [
        point(k, base + [str("gen_ai.token.type", "input")], "\"asInt\":\"\(sum.input)\""),
        point(k, base + [str("gen_ai.token.type", "output")], "\"asInt\":\"\(sum.output)\""),
      ]
    }
    let costPoints = days.map { k, sum -> String in
      let ref = d.models[Int(k.model)]
      return point(
        k, [str("gen_ai.system", Self.system(ref.providerKey)), str("gen_ai.request.model", ref.name)],
        "\"asDouble\":\(Money(nanos: sum.cost).decimalString(places: 9).trimmedDecimal)")
    }
    var out = ByteBuffer(capacity: 1 << 16)
    out.append("{\"resourceMetrics\":[{\"resource\":\(resource),\"scopeMetrics\":[{\"scope\":\(scope),\"metrics\":[")
    out.append(
      "{\"name\":\"gen_ai.client.token.usage\",\"unit\":\"{token}\",\"description\":\"Tokens used per model and day\",\"sum\":{\"aggregationTemporality\":1,\"isMonotonic\":true,\"dataPoints\":[\(tokenPoints.joined(separator: ","))]}},"
    )
    out.append(
      "{\"name\":\"meterbook.cost\",\"unit\":\"USD\",\"description\":\"AI cost at list prices per model and day\",\"sum\":{\"aggregationTemporality\":1,\"isMonotonic\":true,\"dataPoints\":[\(costPoints.joined(separator: ","))]}}"
    )
    out.append("]}]}]}\n")
    try out.flush(to: sink)
  }

  private func escape(_ s: String) -> String {
    var r = ""
    for c in s.unicodeScalars {
      switch c {
      case "\"": r += "\\\""
      case "\\": r += "\\\\"
      case "\n": r += "\\n"
      case "\r": r += "\\r"
      case "\t": r += "\\t"
      default: if c.value < 0x20 { r += String(format: "\\u%04x", c.value) } else { r.unicodeScalars.append(c) }
      }
    }
    return r
  }
}
