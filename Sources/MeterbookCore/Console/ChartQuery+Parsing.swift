/// The chart builder's command syntax (`ChartQuery.grammar`):
/// `chart cost by provider, model where tier = pro, region = eu-west top 10 as stacked on baseline`.
extension ChartQuery {
  public enum ParseError: Error, Equatable, CustomStringConvertible {
    case expected(String, found: String?)
    case unknown(kind: String, word: String, choices: [String])
    /// Words that parse but ask for a chart that cannot be drawn (revenue by model).
    case invalid(ChartError)

    public var description: String {
      switch self {
      case .expected(let what, let found): "expected \(what)" + (found.map { ", found '\($0)'" } ?? " at the end")
      case .unknown(let kind, let word, let choices):
        "unknown \(kind) '\(word)'; expected one of: \(choices.joined(separator: ", "))"
          + (Suggestion.nearest(to: word, in: choices).map { "; did you mean '\($0)'?" } ?? "")
      case .invalid(let error): error.description
      }
    }
  }

  /// Parses the words after `chart`; returns the query and the scenario named by `on`, if any.
  public static func parse(_ text: String) throws(ParseError) -> (ChartQuery, String?) {
    let tokens = text.replacingOccurrences(of: ",", with: " , ").replacingOccurrences(of: "=", with: " = ")
      .split(whereSeparator: \.isWhitespace).map(String.init)
    var i = 0
    func peek() -> String? { i < tokens.count ? tokens[i] : nil }
    func next() -> String? {
      defer { i += 1 }
      return peek()
    }
    func list(_ choices: [String], kind: String) throws(ParseError) -> [String] {
      var out: [String] = []
      repeat {
        guard let w = next() else { throw .expected(kind, found: nil) }
        guard choices.contains(w) else { throw .unknown(kind: kind, word: w, choices: choices) }
        out.append(w)
      } while peek() == "," && next() != nil
      return out
    }
    let metrics = try list(ChartQuery.metrics, kind: "metric")
    var q = ChartQuery(metrics: metrics, dimensions: [])
    var scenario: String?
    while let word = next() {
      switch word {
      case "by":
        q.dimensions = try list(ChartQuery.dimensions, kind: "dimension")
        if q.dimensions.count > 2 { throw .expected("one or two dimensions", found: q.dimensions[2]) }
      case "where":
        repeat {
          guard let dim = next() else { throw .expected("a dimension", found: nil) }
          guard ChartQuery.dimensions.contains(dim) else {
            throw .unknown(kind: "dimension", word: dim, choices: ChartQuery.dimensions)
          }
          guard next() == "=" else {
            throw .expected("'='", found: tokens.indices.contains(i - 1) ? tokens[i - 1] : nil)
          }
          guard let value = next() else { throw .expected("a value", found: nil) }
          q.filters[dim] = value
        } while peek() == "," && next() != nil
      case "top":
        guard let n = next().flatMap(Int.init), (1...1000).contains(n) else {
          throw .expected("a number 1-1000 after top", found: tokens.indices.contains(i - 1) ? tokens[i - 1] : nil)
        }
        q.top = n
      case "as":
        guard let t = next() else { throw .expected("a chart type", found: nil) }
        guard ChartQuery.types.contains(t) else {
          throw .unknown(kind: "chart type", word: t, choices: ChartQuery.types)
        }
        q.type = t
      case "on":
        guard let s = next() else { throw .expected("a scenario name", found: nil) }
        scenario = s
      case "for":
        repeat {
          guard let plan = next() else { throw .expected("a plan name", found: nil) }
          q.plans.append(plan)
        } while peek() == "," && next() != nil
      default:
        throw .expected("by, where, top, as, for or on", found: word)
      }
    }
    do { try q.validate() } catch { throw .invalid(error) }
    return (q, scenario)
  }
}

extension ChartError {
  /// The error with the command it came from and a caret under the culprit (a `where`
  /// value that matched nothing), as a compiler shows a source line.
  public func located(in command: String) -> String {
    guard case .noMatch(let dimension, let value, _, _) = self,
      let range = Self.valueRange(of: dimension, value: value, in: command)
    else { return description }
    let column = command.distance(from: command.startIndex, to: range.lowerBound)
    return description + "\n  \(command)\n  " + String(repeating: " ", count: column)
      + String(repeating: "^", count: max(1, value.count))
  }

  /// Where `value` stands after `dimension =` in `command`.
  static func valueRange(of dimension: String, value: String, in command: String) -> Range<String.Index>? {
    var from = command.startIndex
    while let d = command.range(of: dimension, range: from..<command.endIndex) {
      let rest = command[d.upperBound...].drop { $0 == " " }
      if rest.first == "=" {
        let start = rest.dropFirst().drop { $0 == " " }
        if start.hasPrefix(value) { return start.startIndex..<command.index(start.startIndex, offsetBy: value.count) }
      }
      from = d.upperBound
    }
    return nil
  }
}
