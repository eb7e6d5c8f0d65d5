/// One change to a workbook by dotted path, as `--set`, `set`, a `whatif` cell or a sweep
/// writes it: `scenarios.baseline.customers=800` sets a value,
/// `plans.usage.charges+={metric: calls, price: 0.01}` appends to a list, and
/// `plans.usage.charges.1-` removes an entry (a list item or a mapping key).
///
/// A path component addresses a mapping key, or a list item by its 0-based index or by the
/// `id` its entry declares (`plans.usage.charges.overage.price`). Overrides apply in order,
/// after the file is read; a scenario's overrides apply after its pieces and parents are
/// resolved, so `scenarios.baseline.archetypes.heavy.share` reaches a value a piece wrote.
public struct Override: Sendable, Hashable, CustomStringConvertible {
  public enum Operation: String, Sendable, Hashable {
    /// Replace (or create) the value at the path.
    case set
    /// Append the value to the list at the path (creating the list when absent).
    case append
    /// Remove the list item or mapping key at the path.
    case remove
  }

  public var path: [String]
  /// The value as YAML text (`800`, `{pro: 129}`, `[1000, 2000]`); empty for `remove`.
  public var value: String
  public var operation: Operation

  public init(path: [String], value: String, operation: Operation = .set) {
    self.path = path
    self.value = value
    self.operation = operation
  }

  /// Parses `a.b.c=value`, `a.b+=value` (append) or `a.b.2-` (remove).
  public init?(parsing text: String) {
    let head: Substring
    var value = ""
    if let eq = text.firstIndex(of: "=") {
      head = text[..<eq]
      value = String(text[text.index(after: eq)...])
    } else {
      guard text.hasSuffix("-") else { return nil }
      head = Substring(text)
    }
    self.init(target: head, value: value)
  }

  /// An override from a path as typed (`a.b`, `a.b+`, `a.b.1-`) and its value.
  public init?<S: StringProtocol>(target: S, value: String) {
    var head = Substring(target)
    var operation = Operation.set
    if head.hasSuffix("+") {
      operation = .append
      head = head.dropLast()
    } else if head.hasSuffix("-") {
      operation = .remove
      head = head.dropLast()
    }
    let path = Self.components(of: head)
    guard !path.isEmpty, path.allSatisfy({ !$0.isEmpty }) else { return nil }
    guard operation != .remove || value.isEmpty else { return nil }
    self.init(path: path, value: value, operation: operation)
  }

  /// The components of a dotted path.
  ///
  /// A component holding a `/` is a model id
  /// (`openai/gpt-4.1`), the last thing a path names, so it runs to the end of the path: its
  /// dots need no quoting (`scenarios.baseline.mix.models.openai/gpt-4.1`).
  public static func components<S: StringProtocol>(of path: S) -> [String] {
    var parts: [String] = []
    for piece in path.split(separator: ".", omittingEmptySubsequences: false) {
      if let last = parts.last, last.contains("/") {
        parts[parts.count - 1] = last + "." + piece
      } else {
        parts.append(String(piece))
      }
    }
    return parts
  }

  /// The dotted path as typed.
  public var dotted: String { path.joined(separator: ".") }

  /// The path as typed with its operation mark: `a.b`, `a.b+`, `a.b-`.
  public var target: String {
    switch operation {
    case .set: dotted
    case .append: dotted + "+"
    case .remove: dotted + "-"
    }
  }

  public var description: String { operation == .remove ? target : target + "=" + value }
}
