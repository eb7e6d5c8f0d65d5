import Yams

/// A value assembled from several YAML files (`use`d pieces, an `extends` parent, the
/// scenario itself, `--set` overrides) that still knows where each part came from.
///
/// A scenario's own key replaces the inherited key's value; `key+:` appends to an inherited
/// list; overrides then edit single values by path (`OverrideEdit`). Each leaf keeps its own
/// `YAMLValue`, so a diagnostic about it points into the file that wrote it.
public indirect enum MergedNode {
  case leaf(YAMLValue)
  case mapping(entries: [MergedEntry], at: YAMLValue)
  case list(items: [YAMLValue], at: YAMLValue)

  public struct MergedEntry {
    public var key: String
    /// The key's own node, for "unknown key" locations.
    public var keyNode: YAMLValue
    public var value: MergedNode
  }

  /// Wraps a parsed value: mappings become merged mappings, lists become lists.
  public init(_ value: YAMLValue) {
    switch value.node {
    case .mapping(let m):
      var entries: [MergedEntry] = []
      for (k, v) in m {
        let key = k.string ?? "?"
        let child = value.child(v, key)
        entries.append(MergedEntry(key: key, keyNode: value.child(k, key), value: MergedNode(child)))
      }
      self = .mapping(entries: entries, at: value)
    case .sequence(let s):
      self = .list(items: s.enumerated().map { value.child($1, "\($0)") }, at: value)
    default:
      self = .leaf(value)
    }
  }

  /// The value this node was read from (the last writer, for merged mappings).
  public var origin: YAMLValue {
    switch self {
    case .leaf(let v): v
    case .mapping(_, let at): at
    case .list(_, let at): at
    }
  }

  /// `override` laid over `self`: `key+` appends to an inherited list; otherwise a key's
  /// value replaces the inherited one.
  public func merged(with override: MergedNode) -> MergedNode {
    guard case .mapping(var entries, _) = self, case .mapping(let over, let at) = override else { return override }
    for entry in over {
      if entry.key.hasSuffix("+") {
        let base = String(entry.key.dropLast())
        if let i = entries.firstIndex(where: { $0.key == base }), case .list(let old, _) = entries[i].value,
          case .list(let new, let newAt) = entry.value
        {
          entries[i].value = .list(items: old + new, at: newAt)
        } else if let i = entries.firstIndex(where: { $0.key == base }) {
          entries[i] = MergedEntry(key: base, keyNode: entry.keyNode, value: entry.value)
        } else {
          entries.append(MergedEntry(key: base, keyNode: entry.keyNode, value: entry.value))
        }
      } else if let i = entries.firstIndex(where: { $0.key == entry.key }) {
        entries[i] = MergedEntry(key: entry.key, keyNode: entry.keyNode, value: entry.value)
      } else {
        entries.append(entry)
      }
    }
    return .mapping(entries: entries, at: at)
  }

  /// Entries of a mapping, checking keys against `allowed`.
  public func fields(allowed: [String], what: String, into d: inout Diagnostics) -> MergedFields? {
    guard case .mapping(let entries, let at) = self else {
      origin.error("'\(origin.path)' is not a mapping; expected a \(what)", into: &d)
      return nil
    }
    var kept: [MergedEntry] = []
    for e in entries {
      if allowed.contains(e.key) {
        kept.append(e)
      } else {
        let near = Suggestion.nearest(to: e.key, in: allowed)
        e.keyNode.error(
          "unknown key '\(e.key)' in \(what); expected one of: \(allowed.joined(separator: ", "))",
          hint: near.map { "did you mean '\($0)'?" }, into: &d)
      }
    }
    return MergedFields(entries: kept, owner: at)
  }

  /// Entries of a mapping whose keys are names (scenario names, tier names...).
  public func named(what: String, into d: inout Diagnostics) -> [MergedEntry]? {
    guard case .mapping(let entries, _) = self else {
      origin.error("'\(origin.path)' is not a mapping; expected a \(what)", into: &d)
      return nil
    }
    return entries
  }

  /// A leaf's value, or an error when this is a mapping or list where a scalar belongs.
  public func scalar(what: String, into d: inout Diagnostics) -> YAMLValue? {
    if case .leaf(let v) = self { return v }
    origin.error("'\(origin.path)' is a \(isMapping ? "mapping" : "list"); expected \(what)", into: &d)
    return nil
  }

  /// The items of a list.
  public func items(what: String, into d: inout Diagnostics) -> [YAMLValue]? {
    switch self {
    case .list(let items, _): return items
    case .leaf(let v) where v.isNull: return []
    default:
      origin.error("'\(origin.path)' is not a list; expected \(what)", into: &d)
      return nil
    }
  }

  /// The value as a plain `YAMLValue` (lists and mappings as written by their last writer).
  public var value: YAMLValue { origin }

  /// The merged value as one YAML tree (for writing it out; locations are not kept).
  public var materialized: Node {
    switch self {
    case .leaf(let v): v.node
    case .mapping(let entries, _): .mapping(Node.Mapping(entries.map { (Node($0.key), $0.value.materialized) }))
    case .list(let items, _): .sequence(Node.Sequence(items.map(\.node)))
    }
  }

  private var isMapping: Bool { if case .mapping = self { return true } else { return false } }
}

/// The kept entries of a merged mapping, by key.
public struct MergedFields {
  public let entries: [MergedNode.MergedEntry]
  public let owner: YAMLValue
  public subscript(key: String) -> MergedNode? { entries.last { $0.key == key }?.value }
  public var keys: [String] { entries.map(\.key) }
}
