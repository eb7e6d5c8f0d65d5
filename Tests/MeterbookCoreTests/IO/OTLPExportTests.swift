import Foundation
import Testing

@testable import MeterbookCore

/// OTLP/JSON checked against the opentelemetry-proto messages and the GenAI conventions.
struct OTLPExportTests {
  static let simulated = Result { try Simulator(scenario: Fixtures.scenario(customers: 20, days: 2)).run().run }

  static func json(_ run: Run, _ kind: String) throws -> [String: Any] {
    let bytes = try RunExport.bytes(run, format: "otlp", catalog: Fixtures.catalog, options: ["otlp": kind])
    return try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
  }

  static func spans(_ root: [String: Any]) -> [[String: Any]] {
    let resource = (root["resourceSpans"] as? [[String: Any]])?.first
    let scope = (resource?["scopeSpans"] as? [[String: Any]])?.first
    return scope?["spans"] as? [[String: Any]] ?? []
  }

  static func attributes(_ object: [String: Any]) -> [String: [String: Any]] {
    var result: [String: [String: Any]] = [:]
    for kv in object["attributes"] as? [[String: Any]] ?? [] {
      if let key = kv["key"] as? String { result[key] = kv["value"] as? [String: Any] ?? [:] }
    }
    return result
  }

  @Test func spansUseOnlyProtoFieldNamesWhereTheyStand() throws {
    let root = try Self.json(try Self.simulated.get(), "spans")
    #expect(OTLPSchema.violations(root, as: "ExportTraceServiceRequest") == [])
    var wrong = root
    wrong["resourceSpan"] = wrong["resourceSpans"]
    #expect(OTLPSchema.violations(wrong, as: "ExportTraceServiceRequest") == ["$: unknown field 'resourceSpan'"])
  }

  @Test func metricsUseOnlyProtoFieldNamesWhereTheyStand() throws {
    let root = try Self.json(try Self.simulated.get(), "metrics")
    #expect(OTLPSchema.violations(root, as: "ExportMetricsServiceRequest") == [])
  }

  @Test func spansCarryTheGenAIConventions() throws {
    let run = try Self.simulated.get()
    let spans = Self.spans(try Self.json(run, "spans"))
    #expect(spans.count == run.count)
    let registered: Set<String> = [
      "openai", "anthropic", "gcp.gemini", "aws.bedrock", "azure.ai.openai", "mistral_ai", "cohere",
    ]
    var failed = 0
    var providers: Set<String> = []
    for (i, span) in spans.enumerated() {
      let a = Self.attributes(span)
      #expect(a["gen_ai.system"] == nil)
      let provider = a["gen_ai.provider.name"]?["stringValue"] as? String ?? ""
      providers.insert(provider)
      #expect(registered.contains(provider), "\(provider)")
      #expect(a["gen_ai.operation.name"]?["stringValue"] as? String == "chat")
      #expect(span["name"] as? String == "chat \(a["gen_ai.request.model"]?["stringValue"] as? String ?? "")")
      #expect(a["gen_ai.usage.cache_read.input_tokens"]?["intValue"] as? String == String(run.cachedTokens[i]))
      let status = span["status"] as? [String: Any]
      if run.status[i] == 0 {
        #expect(status == nil && a["error.type"] == nil)
      } else {
        failed += 1
        #expect(status?["code"] as? Int == 2)
        #expect(a["error.type"]?["stringValue"] as? String == (run.status[i] == 2 ? "timeout" : "_OTHER"))
      }
    }
    #expect(failed > 0)
    #expect(providers.contains("azure.ai.openai") || providers.contains("aws.bedrock"))
    let ids = spans.compactMap { $0["spanId"] as? String }
    #expect(Set(ids).count == run.count && !ids.contains("0000000000000000"))
  }

  @Test func spanIdsStayUniqueAndNonZeroWithoutCallIds() throws {
    var run = try Self.simulated.get()
    run.callID = [UInt64](repeating: 0, count: run.count)
    let ids = Self.spans(try Self.json(run, "spans")).compactMap { $0["spanId"] as? String }
    #expect(ids.count == run.count)
    #expect(Set(ids).count == run.count)
    #expect(!ids.contains("0000000000000000") && ids.allSatisfy { $0.count == 16 })
    run.callID = (0..<run.count).map { UInt64($0 / 2 + 1) }  // every id twice
    let repeated = Self.spans(try Self.json(run, "spans")).compactMap { $0["spanId"] as? String }
    #expect(Set(repeated).count == run.count)
  }

  @Test func metricsAreTheConventionsHistograms() throws {
    let run = try Self.simulated.get()
    let root = try Self.json(run, "metrics")
    let resource = (root["resourceMetrics"] as? [[String: Any]])?.first
    let scope = (resource?["scopeMetrics"] as? [[String: Any]])?.first
    let metrics = Dictionary(
      uniqueKeysWithValues: (scope?["metrics"] as? [[String: Any]] ?? []).compactMap { m in
        (m["name"] as? String).map { ($0, m) }
      })
    let usage = try #require(metrics["gen_ai.client.token.usage"])
    let duration = try #require(metrics["gen_ai.client.operation.duration"])
    #expect(usage["unit"] as? String == "{token}" && usage["sum"] == nil && usage["gauge"] == nil)
    #expect(duration["unit"] as? String == "s")
    var inputTokens: Int64 = 0
    var tokenCalls: Int64 = 0
    for point in (usage["histogram"] as? [String: Any])?["dataPoints"] as? [[String: Any]] ?? [] {
      let a = Self.attributes(point)
      #expect(a["gen_ai.operation.name"]?["stringValue"] as? String == "chat")
      let type = a["gen_ai.token.type"]?["stringValue"] as? String
      #expect(type == "input" || type == "output")
      let buckets = (point["bucketCounts"] as? [String] ?? []).compactMap { Int64($0) }
      #expect(buckets.count == 15 && buckets.reduce(0, +) == Int64(point["count"] as? String ?? ""))
      if type == "input" {
        inputTokens += (point["sum"] as? NSNumber)?.int64Value ?? 0
        tokenCalls += Int64(point["count"] as? String ?? "") ?? 0
      }
    }
    #expect(inputTokens == run.inputTokens.reduce(0) { $0 + Int64($1) })
    #expect(tokenCalls == Int64(run.count))
    var failedCalls: Int64 = 0
    var durationCalls: Int64 = 0
    for point in (duration["histogram"] as? [String: Any])?["dataPoints"] as? [[String: Any]] ?? [] {
      let n = Int64(point["count"] as? String ?? "") ?? 0
      durationCalls += n
      if Self.attributes(point)["error.type"] != nil { failedCalls += n }
    }
    #expect(durationCalls == Int64(run.count))
    #expect(failedCalls == Int64(run.status.filter { $0 != 0 }.count))
  }
}

/// The proto3 JSON field names of each OTLP message, from opentelemetry-proto's
/// `collector/{trace,metrics}/v1/*_service.proto`, `trace/v1/trace.proto`,
/// `metrics/v1/metrics.proto`, `common/v1/common.proto` and `resource/v1/resource.proto`.
enum OTLPSchema {
  enum Field {
    case scalar
    /// A 64-bit integer, which proto3 JSON writes as a string.
    case int64
    case message(String)
    case repeated(String)
    case repeatedInt64
    case repeatedScalar
  }

  static let messages: [String: [String: Field]] = [
    "ExportTraceServiceRequest": ["resourceSpans": .repeated("ResourceSpans")],
    "ExportMetricsServiceRequest": ["resourceMetrics": .repeated("ResourceMetrics")],
    "ResourceSpans": ["resource": .message("Resource"), "scopeSpans": .repeated("ScopeSpans"), "schemaUrl": .scalar],
    "ResourceMetrics": [
      "resource": .message("Resource"), "scopeMetrics": .repeated("ScopeMetrics"), "schemaUrl": .scalar,
    ],
    "Resource": [
      "attributes": .repeated("KeyValue"), "droppedAttributesCount": .scalar, "entityRefs": .repeated("EntityRef"),
    ],
    "EntityRef": [
      "schemaUrl": .scalar, "type": .scalar, "idKeys": .repeatedScalar, "descriptionKeys": .repeatedScalar,
    ],
    "ScopeSpans": ["scope": .message("InstrumentationScope"), "spans": .repeated("Span"), "schemaUrl": .scalar],
    "ScopeMetrics": ["scope": .message("InstrumentationScope"), "metrics": .repeated("Metric"), "schemaUrl": .scalar],
    "InstrumentationScope": [
      "name": .scalar, "version": .scalar, "attributes": .repeated("KeyValue"), "droppedAttributesCount": .scalar,
    ],
    "Span": [
      "traceId": .scalar, "spanId": .scalar, "traceState": .scalar, "parentSpanId": .scalar, "flags": .scalar,
      "name": .scalar, "kind": .scalar, "startTimeUnixNano": .int64, "endTimeUnixNano": .int64,
      "attributes": .repeated("KeyValue"), "droppedAttributesCount": .scalar, "events": .repeated("Event"),
      "droppedEventsCount": .scalar, "links": .repeated("Link"), "droppedLinksCount": .scalar,
      "status": .message("Status"),
    ],
    "Event": [
      "timeUnixNano": .int64, "name": .scalar, "attributes": .repeated("KeyValue"), "droppedAttributesCount": .scalar,
    ],
    "Link": [
      "traceId": .scalar, "spanId": .scalar, "traceState": .scalar, "attributes": .repeated("KeyValue"),
      "droppedAttributesCount": .scalar, "flags": .scalar,
    ],
    "Status": ["message": .scalar, "code": .scalar],
    "KeyValue": ["key": .scalar, "value": .message("AnyValue"), "keyStrindex": .scalar],
    "AnyValue": [
      "stringValue": .scalar, "boolValue": .scalar, "intValue": .int64, "doubleValue": .scalar,
      "arrayValue": .message("ArrayValue"), "kvlistValue": .message("KeyValueList"), "bytesValue": .scalar,
      "stringValueStrindex": .scalar,
    ],
    "ArrayValue": ["values": .repeated("AnyValue")],
    "KeyValueList": ["values": .repeated("KeyValue")],
    "Metric": [
      "name": .scalar, "description": .scalar, "unit": .scalar, "gauge": .message("Gauge"), "sum": .message("Sum"),
      "histogram": .message("Histogram"), "exponentialHistogram": .message("ExponentialHistogram"),
      "summary": .message("Summary"), "metadata": .repeated("KeyValue"),
    ],
    "Gauge": ["dataPoints": .repeated("NumberDataPoint")],
    "Sum": ["dataPoints": .repeated("NumberDataPoint"), "aggregationTemporality": .scalar, "isMonotonic": .scalar],
    "Histogram": ["dataPoints": .repeated("HistogramDataPoint"), "aggregationTemporality": .scalar],
    "ExponentialHistogram": [
      "dataPoints": .repeated("ExponentialHistogramDataPoint"), "aggregationTemporality": .scalar,
    ],
    "Summary": ["dataPoints": .repeated("SummaryDataPoint")],
    "NumberDataPoint": [
      "attributes": .repeated("KeyValue"), "startTimeUnixNano": .int64, "timeUnixNano": .int64, "asDouble": .scalar,
      "asInt": .int64, "exemplars": .repeated("Exemplar"), "flags": .scalar,
    ],
    "HistogramDataPoint": [
      "attributes": .repeated("KeyValue"), "startTimeUnixNano": .int64, "timeUnixNano": .int64, "count": .int64,
      "sum": .scalar, "bucketCounts": .repeatedInt64, "explicitBounds": .repeatedScalar,
      "exemplars": .repeated("Exemplar"), "flags": .scalar, "min": .scalar, "max": .scalar,
    ],
    "Exemplar": [
      "filteredAttributes": .repeated("KeyValue"), "timeUnixNano": .int64, "asDouble": .scalar, "asInt": .int64,
      "spanId": .scalar, "traceId": .scalar,
    ],
  ]

  /// Every key that is not a field of the message at its position, and every 64-bit integer
  /// not written as a string, as `path: problem` lines.
  static func violations(_ value: Any, as message: String, path: String = "$") -> [String] {
    guard let object = value as? [String: Any] else { return ["\(path): expected a \(message) object"] }
    guard let fields = messages[message] else { return ["\(path): no schema for \(message)"] }
    var problems: [String] = []
    for key in object.keys.sorted() {
      let here = "\(path).\(key)"
      guard let field = fields[key] else {
        problems.append("\(path): unknown field '\(key)'")
        continue
      }
      let v = object[key] as Any
      switch field {
      case .scalar: if v is [Any] || v is [String: Any] { problems.append("\(here): expected a scalar") }
      case .int64: if !(v is String) { problems.append("\(here): a 64-bit integer must be a string") }
      case .message(let m): problems += violations(v, as: m, path: here)
      case .repeated(let m):
        for (n, element) in (v as? [Any] ?? []).enumerated() {
          problems += violations(element, as: m, path: "\(here)[\(n)]")
        }
        if !(v is [Any]) { problems.append("\(here): expected an array") }
      case .repeatedInt64:
        if !((v as? [Any])?.allSatisfy { $0 is String } ?? false) {
          problems.append("\(here): expected an array of strings")
        }
      case .repeatedScalar: if !(v is [Any]) { problems.append("\(here): expected an array") }
      }
    }
    return problems
  }
}
