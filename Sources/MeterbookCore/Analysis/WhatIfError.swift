/// A what-if request (a sweep, a grid, a scenario comparison) that cannot run as asked,
/// phrased for the analyst: what is wrong, what was expected, and the nearest valid name
/// when a name looks like a typo.
///
/// Thrown before any simulation starts whenever the problem
/// can be seen up front, so a refused request costs nothing.
public struct WhatIfError: Error, Sendable, Hashable, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }

  /// "unknown WHAT 'name'; expected one of: a, b; did you mean 'a'?"
  static func unknown(_ what: String, _ name: String, in valid: [String]) -> WhatIfError {
    WhatIfError(
      "unknown \(what) '\(name)'; expected one of: \(valid.joined(separator: ", "))"
        + (Suggestion.nearest(to: name, in: valid).map { "; did you mean '\($0)'?" } ?? ""))
  }
}
