import Yams

/// One override ready to apply: its operation, its value parsed as YAML (located in a
/// pseudo-file named after the override), and the path as the user typed it, for messages.
struct OverrideEdit {
  var operation: Override.Operation
  var value: YAMLValue?
  var shown: Override

  /// Mappings whose keys are names the user chose (scenarios, plans, archetypes…): a missing
  /// name on the way to a value is a typo to report, not a mapping to create.
  static let namedCollections: Set<String> = [
    "scenarios", "plans", "budgets", "alerts", "assumptions", "cost_centers", "archetypes", "tiers", "regions",
    "features",
  ]

  /// Why an override cannot be applied: its path leads nowhere or through a plain value.
  struct Failure: Error {
    var message: String
    var hint: String?
  }

  /// The item of `items` a path component names: a 0-based index, or the `id` an entry
  /// declares.
  static func index(of component: String, in items: [Node], listPath: String) throws(Failure) -> Int {
    if let i = Int(component) {
      guard items.indices.contains(i) else {
        throw Failure(
          message: "'\(listPath)' has \(items.count) item\(items.count == 1 ? "" : "s"); index \(i) is past its end",
          hint: items.isEmpty
            ? "append with \(listPath)+" : "use an index from 0 to \(items.count - 1), or append with \(listPath)+")
      }
      return i
    }
    let ids = items.map { $0.mapping?["id"]?.string }
    guard let i = ids.lastIndex(of: component) else {
      let known = ids.compactMap { $0 }
      throw Failure(
        message:
          "'\(listPath)' has no item with id '\(component)'; expected an index from 0 to \(max(0, items.count - 1))"
          + (known.isEmpty ? "" : " or one of the ids: \(known.joined(separator: ", "))"),
        hint: Suggestion.nearest(to: component, in: known).map { "did you mean '\($0)'?" })
    }
    return i
  }

  /// Keys of a mapping node, in file order.
  static func keys(of m: Node.Mapping) -> [String] { m.compactMap { $0.key.string } }

  /// The error for a path component that names no key of a mapping.
  static func unknownKey(_ key: String, in keys: [String], at path: String) -> Failure {
    Failure(
      message: "'\(path)' has no '\(key)'" + (keys.isEmpty ? "" : "; expected one of: \(keys.joined(separator: ", "))"),
      hint: Suggestion.nearest(to: key, in: keys).map { "did you mean '\($0)'?" })
  }

  /// The error for a path that continues below a plain value.
  static func scalarOnPath(_ node: Node, at path: String, next: String) -> Failure {
    let shown = node.scalar.map { "'\($0.string)'" } ?? "an alias"
    return Failure(
      message: "'\(path)' is a plain value (\(shown)); it has no '\(next)'",
      hint: "set '\(path)' itself, e.g. \(path) {\(next): …}")
  }

  static func join(_ path: String, _ component: String) -> String { path.isEmpty ? component : path + "." + component }
}

extension YAMLValue {
  /// This value with `edit` applied at `path` (relative to it).
  ///
  /// Every node the edit does not
  /// touch keeps its file and position; the new subtree is recorded as a graft, so problems
  /// inside it point into the override's text.
  func applying(_ edit: OverrideEdit, at path: ArraySlice<String>) throws(OverrideEdit.Failure) -> YAMLValue {
    var grafts = self.grafts
    let node = try Self.apply(edit, to: node, at: self.path, rest: path, grafts: &grafts)
    return YAMLValue(node: node, source: source, path: self.path, grafts: grafts)
  }

  private static func apply(
    _ edit: OverrideEdit, to node: Node, at nodePath: String, rest: ArraySlice<String>,
    grafts: inout [String: YAMLSource]
  ) throws(OverrideEdit.Failure) -> Node {
    guard let key = rest.first else { return try replace(node, at: nodePath, with: edit, grafts: &grafts) }
    let childPath = OverrideEdit.join(nodePath, key)
    let last = rest.count == 1
    switch node {
    case .mapping(var m):
      if let i = Array(m.indices).last(where: { m[$0].key.string == key }) {
        if last && edit.operation == .remove {
          var pairs = Array(m)
          pairs.remove(at: i)
          forget(under: childPath, in: &grafts)
          return .mapping(Node.Mapping(pairs.map { ($0.key, $0.value) }, m.tag, m.style, m.mark))
        }
        m[i].value = try apply(edit, to: m[i].value, at: childPath, rest: rest.dropFirst(), grafts: &grafts)
        return .mapping(m)
      }
      let parentKey = nodePath.split(separator: ".").last.map(String.init) ?? ""
      if edit.operation == .remove || (!last && OverrideEdit.namedCollections.contains(parentKey)) {
        throw OverrideEdit.unknownKey(
          key, in: OverrideEdit.keys(of: m), at: nodePath.isEmpty ? "the workbook" : nodePath)
      }
      let empty = Node.mapping(Node.Mapping([]))
      let value = try apply(
        edit, to: last ? .scalar(.init("null")) : empty, at: childPath, rest: rest.dropFirst(), grafts: &grafts)
      var pairs = m.map { ($0.key, $0.value) }
      pairs.append((Node(key), value))
      return .mapping(Node.Mapping(pairs, m.tag, m.style, m.mark))
    case .sequence(var s):
      let i = try OverrideEdit.index(of: key, in: Array(s), listPath: nodePath)
      let itemPath = OverrideEdit.join(nodePath, String(i))
      if last && edit.operation == .remove {
        var nodes = Array(s)
        nodes.remove(at: i)
        forget(under: itemPath, in: &grafts)
        shift(itemsAfter: i, of: nodePath, in: &grafts)
        return .sequence(Node.Sequence(nodes, s.tag, s.style, s.mark))
      }
      s[i] = try apply(edit, to: s[i], at: itemPath, rest: rest.dropFirst(), grafts: &grafts)
      return .sequence(s)
    default:
      if YAMLValue.isNull(node) {
        return try apply(edit, to: .mapping(Node.Mapping([])), at: nodePath, rest: rest, grafts: &grafts)
      }
      throw OverrideEdit.scalarOnPath(node, at: nodePath, next: key)
    }
  }

  /// The value at the end of the path: set replaces it, append adds to it.
  private static func replace(
    _ node: Node, at path: String, with edit: OverrideEdit, grafts: inout [String: YAMLSource]
  ) throws(OverrideEdit.Failure) -> Node {
    guard let value = edit.value else { return node }
    switch edit.operation {
    case .set, .remove:
      forget(under: path, in: &grafts)
      grafts[path] = value.source
      return value.node
    case .append:
      var nodes: [Node]
      var container: (Tag, Node.Sequence.Style, Mark?) = (.implicit, .any, nil)
      switch node {
      case .sequence(let s):
        nodes = Array(s)
        container = (s.tag, s.style, s.mark)
      case _ where YAMLValue.isNull(node):
        nodes = []
      default:
        throw OverrideEdit.Failure(
          message: "'\(path)' is not a list; '+' appends to a list", hint: "set '\(path)' instead")
      }
      let added = value.node.sequence.map(Array.init) ?? [value.node]
      for item in added {
        grafts[OverrideEdit.join(path, String(nodes.count))] = value.source
        nodes.append(item)
      }
      return .sequence(Node.Sequence(nodes, container.0, container.1, container.2))
    }
  }

  private static func forget(under path: String, in grafts: inout [String: YAMLSource]) {
    for key in grafts.keys where key == path || key.hasPrefix(path + ".") { grafts[key] = nil }
  }

  /// After item `index` of the list at `list` is removed, grafts below later items move up one.
  private static func shift(itemsAfter index: Int, of list: String, in grafts: inout [String: YAMLSource]) {
    let prefix = list.isEmpty ? "" : list + "."
    var moved: [String: YAMLSource] = [:]
    for (key, source) in grafts where key.hasPrefix(prefix) {
      let rest = key.dropFirst(prefix.count)
      let head = rest.prefix { $0 != "." }
      guard let n = Int(head), n > index else { continue }
      grafts[key] = nil
      moved[prefix + String(n - 1) + rest.dropFirst(head.count)] = source
    }
    grafts.merge(moved) { _, new in new }
  }
}

extension MergedNode {
  /// This merged value with `edit` applied at `path` (relative to it): how a scenario's
  /// overrides reach values its pieces and parents wrote.
  func applying(_ edit: OverrideEdit, at path: ArraySlice<String>, walked: String) throws(OverrideEdit.Failure)
    -> MergedNode
  {
    guard let key = path.first else {
      guard let value = edit.value else { return self }
      switch edit.operation {
      case .set, .remove: return MergedNode(value)
      case .append:
        let added = value.node.sequence.map { s in s.enumerated().map { value.child($1, String($0)) } } ?? [value]
        switch self {
        case .list(let items, let at): return .list(items: items + added, at: at)
        case .leaf(let v) where v.isNull: return .list(items: added, at: value)
        default:
          throw OverrideEdit.Failure(
            message: "'\(walked)' is not a list; '+' appends to a list", hint: "set '\(walked)' instead")
        }
      }
    }
    let childPath = OverrideEdit.join(walked, key)
    let last = path.count == 1
    switch self {
    case .mapping(var entries, let at):
      if let i = entries.lastIndex(where: { $0.key == key }) {
        if last && edit.operation == .remove {
          entries.remove(at: i)
        } else {
          entries[i].value = try entries[i].value.applying(edit, at: path.dropFirst(), walked: childPath)
        }
        return .mapping(entries: entries, at: at)
      }
      let parentKey = walked.split(separator: ".").last.map(String.init) ?? ""
      if edit.operation == .remove || (!last && OverrideEdit.namedCollections.contains(parentKey)) {
        throw OverrideEdit.unknownKey(key, in: entries.map(\.key), at: walked)
      }
      guard let anchor = edit.value else { return self }
      let start: MergedNode = last ? .leaf(anchor.child(Node("null"), key)) : .mapping(entries: [], at: anchor)
      let value = try start.applying(edit, at: path.dropFirst(), walked: childPath)
      entries.append(MergedEntry(key: key, keyNode: anchor, value: value))
      return .mapping(entries: entries, at: at)
    case .list(var items, let at):
      let i = try OverrideEdit.index(of: key, in: items.map(\.node), listPath: walked)
      if last && edit.operation == .remove {
        items.remove(at: i)
      } else if last && edit.operation == .set, let value = edit.value {
        items[i] = value
      } else {
        items[i] = try items[i].applying(edit, at: path.dropFirst())
      }
      return .list(items: items, at: at)
    case .leaf(let v):
      if v.isNull { return try MergedNode.mapping(entries: [], at: v).applying(edit, at: path, walked: walked) }
      throw OverrideEdit.scalarOnPath(v.node, at: walked, next: key)
    }
  }
}
