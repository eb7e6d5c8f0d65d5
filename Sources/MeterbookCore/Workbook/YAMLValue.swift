import Foundation
import Yams

/// A node of a parsed YAML file together with where it came from, with typed readers
/// that report every problem as a located `Diagnostic` and return `nil` instead of failing.
///
/// Readers never stop at the first problem: a loader calls them for every key it knows,
/// collects all diagnostics, and throws once at the end.
public struct YAMLValue {
  public let node: Node
  public let source: YAMLSource
  /// Dotted path from the document root, for example, `scenarios.baseline.customers`.
  public let path: String
  /// Subtrees an override put into this value, by path: their nodes were parsed from the
  /// override's text, so their diagnostics point there and not into this file.
  let grafts: [String: YAMLSource]

  public init(node: Node, source: YAMLSource, path: String) {
    self.init(node: node, source: source, path: path, grafts: [:])
  }

  init(node: Node, source: YAMLSource, path: String, grafts: [String: YAMLSource]) {
    self.node = node
    self.source = source
    self.path = path
    self.grafts = grafts
  }

  public var location: SourceLocation {
    SourceLocation(file: source.path, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
  }

  func child(_ node: Node, _ component: String) -> YAMLValue {
    let childPath = path.isEmpty ? component : "\(path).\(component)"
    return YAMLValue(node: node, source: grafts[childPath] ?? source, path: childPath, grafts: grafts)
  }

  /// Records a diagnostic located at this value.
  public func error(_ message: String, hint: String? = nil, into d: inout Diagnostics) {
    d.append(source.diagnostic(at: node, message, hint: hint))
  }

  public var isNull: Bool { Self.isNull(node) }

  /// Whether `node` is YAML's null (`~`, `null`, or nothing after the key).
  static func isNull(_ node: Node) -> Bool {
    if case .scalar(let s) = node {
      return s.tag == Tag(.null) || (s.style == .plain && ["", "~", "null"].contains(s.string))
    }
    return false
  }

  private var kindName: String {
    switch node {
    case .scalar: return "a scalar"
    case .mapping: return "a mapping"
    case .sequence: return "a list"
    case .alias: return "an alias"
    }
  }

  // MARK: Containers

  /// The entries of a mapping, in file order.
  ///
  /// Keys outside `allowed` (when given) are reported
  /// with the nearest allowed key as a hint.
  public func mapping(
    allowed: [String]? = nil, what: String = "mapping", into d: inout Diagnostics
  ) -> [(key: String, value: YAMLValue)]? {
    guard case .mapping(let m) = node else {
      error("\(path.isEmpty ? "document" : "'\(path)'") is \(kindName); expected a \(what)", into: &d)
      return nil
    }
    var result: [(String, YAMLValue)] = []
    for (k, v) in m {
      guard let key = k.string else {
        d.append(source.diagnostic(at: k, "key is not a string; expected a plain name"))
        continue
      }
      if let allowed, !allowed.contains(key) {
        let near = Suggestion.nearest(to: key, in: allowed)
        d.append(
          source.diagnostic(
            at: k, "unknown key '\(key)' in \(what); expected one of: \(allowed.joined(separator: ", "))",
            hint: near.map { "did you mean '\($0)'?" }))
        continue
      }
      result.append((key, child(v, key)))
    }
    return result
  }

  /// A mapping read into a dictionary, with unknown keys reported.
  public func fields(allowed: [String], what: String, into d: inout Diagnostics) -> Fields? {
    mapping(allowed: allowed, what: what, into: &d).map { Fields(entries: $0, owner: self) }
  }

  /// The items of a list.
  public func sequence(what: String = "list", into d: inout Diagnostics) -> [YAMLValue]? {
    guard case .sequence(let s) = node else {
      error("'\(path)' is \(kindName); expected a \(what)", into: &d)
      return nil
    }
    return s.enumerated().map { child($1, "\($0)") }
  }

  // MARK: Scalars

  public func string(into d: inout Diagnostics) -> String? {
    guard case .scalar(let s) = node else {
      error("'\(path)' is \(kindName); expected a string", into: &d)
      return nil
    }
    return s.string
  }

  public func bool(into d: inout Diagnostics) -> Bool? {
    guard let b = node.bool else {
      error("'\(path)' is \(describeScalar); expected true or false", into: &d)
      return nil
    }
    return b
  }

  public func int(in range: ClosedRange<Int> = Int.min...Int.max, into d: inout Diagnostics) -> Int? {
    guard case .scalar(let s) = node, let v = Int(s.string.replacingOccurrences(of: "_", with: "")) else {
      error("'\(path)' is \(describeScalar); expected a whole number", into: &d)
      return nil
    }
    guard range.contains(v) else {
      error("'\(path)' is \(v); expected a value in \(describe(range))", into: &d)
      return nil
    }
    return v
  }

  public func double(
    in range: ClosedRange<Double> = -.greatestFiniteMagnitude ... .greatestFiniteMagnitude,
    into d: inout Diagnostics
  ) -> Double? {
    guard case .scalar(let s) = node, let v = Double(s.string.replacingOccurrences(of: "_", with: "")), v.isFinite
    else {
      error("'\(path)' is \(describeScalar); expected a number", into: &d)
      return nil
    }
    guard range.contains(v) else {
      error("'\(path)' is \(s.string); expected a value in \(describe(range))", into: &d)
      return nil
    }
    return v
  }

  /// A dollar amount, read exactly from its decimal text.
  public func money(allowNegative: Bool = false, max: Money = Limits.amount, into d: inout Diagnostics) -> Money? {
    guard case .scalar(let s) = node else {
      error("'\(path)' is \(kindName); expected a dollar amount", into: &d)
      return nil
    }
    do {
      let m = try Money(parsing: s.string)
      if !allowNegative && m < .zero {
        error("'\(path)' is \(s.string); expected an amount of zero or more", into: &d)
        return nil
      }
      if max < m {
        error("'\(path)' is \(s.string); expected at most \(Format.money(max))", into: &d)
        return nil
      }
      return m
    } catch {
      self.error("'\(path)' is '\(s.string)'; expected a dollar amount like 29 or 0.0375", into: &d)
      return nil
    }
  }

  /// A `[low, high]` pair with `low <= high`, both within `range`.
  public func pair(in range: ClosedRange<Double>, into d: inout Diagnostics) -> ClosedRange<Double>? {
    if case .scalar = node, let v = double(in: range, into: &d) { return v...v }
    guard let items = sequence(what: "[low, high] pair", into: &d) else { return nil }
    guard items.count == 2 else {
      error("'\(path)' has \(items.count) items; expected [low, high]", into: &d)
      return nil
    }
    guard let lo = items[0].double(in: range, into: &d), let hi = items[1].double(in: range, into: &d) else {
      return nil
    }
    guard lo <= hi else {
      error("'\(path)' is [\(lo), \(hi)]; expected low ≤ high", hint: "swap the two numbers", into: &d)
      return nil
    }
    return lo...hi
  }

  /// A calendar date `YYYY-MM-DD`, as days since 1970-01-01.
  public func date(into d: inout Diagnostics) -> CalendarDay? {
    guard case .scalar(let s) = node, let day = CalendarDay(iso: s.string) else {
      error("'\(path)' is \(describeScalar); expected a date like 2026-01-01", into: &d)
      return nil
    }
    return day
  }

  /// One of `choices` (case-sensitive), with a suggestion for near misses.
  public func choice(_ choices: [String], what: String, into d: inout Diagnostics) -> String? {
    guard let s = string(into: &d) else { return nil }
    guard choices.contains(s) else {
      let near = Suggestion.nearest(to: s, in: choices)
      error(
        "unknown \(what) '\(s)'; expected one of: \(choices.joined(separator: ", "))",
        hint: near.map { "did you mean '\($0)'?" }, into: &d)
      return nil
    }
    return s
  }

  private var describeScalar: String {
    if case .scalar(let s) = node { return "'\(s.string)'" }
    return kindName
  }

  private func describe<T: Comparable & CustomStringConvertible>(_ r: ClosedRange<T>) -> String {
    "\(r.lowerBound)...\(r.upperBound)"
  }
}

/// The entries of a YAML mapping, looked up by key, remembering the mapping for
/// "missing key" diagnostics.
public struct Fields {
  public let entries: [(key: String, value: YAMLValue)]
  public let owner: YAMLValue

  public subscript(key: String) -> YAMLValue? { entries.first { $0.key == key }?.value }
  public var keys: [String] { entries.map(\.key) }

  /// The value at `key`, or a "missing key" diagnostic.
  public func required(_ key: String, what: String, into d: inout Diagnostics) -> YAMLValue? {
    if let v = self[key] { return v }
    owner.error("missing key '\(key)'; expected \(what)", into: &d)
    return nil
  }
}
