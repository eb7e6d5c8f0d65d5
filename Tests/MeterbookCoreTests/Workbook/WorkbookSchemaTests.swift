import Foundation
import Testing
import Yams

@testable import MeterbookCore

struct WorkbookSchemaTests {
  let schema = WorkbookSchema.schema

  @Test func committedSchemaMatchesTheLoader() throws {
    let committed = try String(
      contentsOf: Fixtures.repositoryRoot.appendingPathComponent("specs/workbook.schema.json"), encoding: .utf8)
    #expect(committed == WorkbookSchema.json, "run: meterbook schema > specs/workbook.schema.json")
  }

  @Test func everyShippedWorkbookValidatesAgainstTheSchemaAndNamesIt() throws {
    let folder = Fixtures.repositoryRoot.appendingPathComponent("workbooks")
    for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".yaml") {
      let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
      #expect(text.hasPrefix("# yaml-language-server: $schema=../specs/workbook.schema.json"), "\(file)")
      let errors = SchemaCheck.errors(SchemaCheck.value(try #require(try Yams.compose(yaml: text))), schema)
      #expect(errors.isEmpty, "\(file): \(errors)")
    }
  }

  @Test(arguments: [
    "scenarios: {a: {custmers: 1}}",
    "scenarios: {a: {customers: 0}}",
    "scenarios: {a: {traffic: [{burst: {probabilty: 0.1}}]}}",
    "scenarios: {a: {traffic: [{storm: {}}]}}",
    "cells: [{report: sumary}]",
    "cells: [{run: a, md: b}]",
    "plans: {p: {charges: [{metric: seconds, price: 1}]}}",
    "period: {start: 2026-01-01, dayz: 3}",
    "titel: x",
  ])
  func aKeyTheLoaderRejectsTheSchemaRejects(text: String) throws {
    let loader = WorkbookLoader(library: Fixtures.library)
    #expect(throws: DiagnosticsError.self) { _ = try loader.load(try YAMLSource(text: text, path: "x.yaml")) }
    let errors = SchemaCheck.errors(SchemaCheck.value(try #require(try Yams.compose(yaml: text))), schema)
    #expect(!errors.isEmpty)
  }
}

/// Just enough of a JSON Schema validator for the subset `WorkbookSchema` uses.
enum SchemaCheck {
  static func value(_ node: Node) -> Any {
    switch node {
    case .mapping(let m): return Dictionary(m.map { ($0.key.string ?? "", value($0.value)) }, uniquingKeysWith: { $1 })
    case .sequence(let s): return s.map(value)
    case .scalar(let s):
      if s.style == .plain {
        if let i = Int(s.string) { return i }
        if let d = Double(s.string) { return d }
        if s.string == "true" || s.string == "false" { return s.string == "true" }
        if ["", "~", "null"].contains(s.string) { return NSNull() }
      }
      return s.string
    case .alias: return NSNull()
    }
  }

  static func errors(_ v: Any, _ s: [String: Any], _ path: String = "$") -> [String] {
    var out: [String] = []
    if let any = s["anyOf"] as? [[String: Any]], !any.contains(where: { errors(v, $0, path).isEmpty }) {
      out.append("\(path): matches none of anyOf")
    }
    if let e = s["enum"] as? [String], !((v as? String).map(e.contains) ?? false) { out.append("\(path): not in enum") }
    if let t = s["type"] as? String {
      let ok: Bool
      switch t {
      case "object": ok = v is [String: Any]
      case "array": ok = v is [Any]
      case "string": ok = v is String
      case "integer": ok = v is Int
      case "number": ok = v is Int || v is Double
      case "null": ok = v is NSNull
      default: ok = true
      }
      if !ok { return out + ["\(path): not \(t)"] }
    }
    if let n = (v as? Int).map(Double.init) ?? (v as? Double) {
      if let lo = s["minimum"] as? NSNumber, n < lo.doubleValue { out.append("\(path): below minimum") }
      if let hi = s["maximum"] as? NSNumber, n > hi.doubleValue { out.append("\(path): above maximum") }
    }
    if let str = v as? String, let p = s["pattern"] as? String, str.range(of: p, options: .regularExpression) == nil {
      out.append("\(path): does not match pattern")
    }
    if let obj = v as? [String: Any] {
      let props = s["properties"] as? [String: [String: Any]] ?? [:]
      let patterns = s["patternProperties"] as? [String: [String: Any]] ?? [:]
      for r in s["required"] as? [String] ?? [] where obj[r] == nil { out.append("\(path): missing \(r)") }
      for (k, x) in obj {
        if let p = props[k] {
          out += errors(x, p, "\(path).\(k)")
        } else if let (_, p) = patterns.first(where: { k.range(of: $0.key, options: .regularExpression) != nil }) {
          out += errors(x, p, "\(path).\(k)")
        } else if let extra = s["additionalProperties"] as? [String: Any] {
          out += errors(x, extra, "\(path).\(k)")
        } else if (s["additionalProperties"] as? Bool) == false {
          out.append("\(path): unexpected key \(k)")
        }
      }
    }
    if let arr = v as? [Any] {
      if let min = s["minItems"] as? Int, arr.count < min { out.append("\(path): too few items") }
      if let max = s["maxItems"] as? Int, arr.count > max { out.append("\(path): too many items") }
      if let item = s["items"] as? [String: Any] {
        for (i, x) in arr.enumerated() { out += errors(x, item, "\(path)[\(i)]") }
      }
    }
    return out
  }
}
