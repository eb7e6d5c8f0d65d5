extension SweepRequest {
  /// Parses the words after `sweep`.
  ///
  /// The shape is `PATH FROM TO [steps N | by STEP] [and PATH FROM TO [steps N | by STEP]]
  /// [on SCENARIO] [show FIGURE, ...]`. Only the shape is checked here; names,
  /// numbers and ranges are checked when the sweep runs, against the workbook.
  public static func parse(_ words: [String]) throws(WhatIfError) -> SweepRequest {
    var i = 0
    func axis() throws(WhatIfError) -> Axis {
      guard i + 2 < words.count, !keywords.contains(words[i]) else {
        throw WhatIfError(
          "expected PATH FROM TO, e.g. scenarios.baseline.customers 200 400"
            + (i < words.count ? "; got '\(words[i...].joined(separator: " "))'" : ""))
      }
      let path = Override.components(of: words[i])
      var a = Axis(path: path, from: words[i + 1], to: words[i + 2])
      i += 3
      if i < words.count, words[i] == "steps" || words[i] == "by" {
        guard i + 1 < words.count else {
          throw WhatIfError("'\(words[i])' needs a value, e.g. \(words[i] == "steps" ? "steps 9" : "by 0.005")")
        }
        if words[i] == "steps" {
          guard let n = Int(words[i + 1]) else {
            throw WhatIfError("steps '\(words[i + 1])'; expected a whole number of points, e.g. steps 9")
          }
          a.spacing = .steps(n)
        } else {
          a.spacing = .by(words[i + 1])
        }
        i += 2
      }
      return a
    }
    var request = SweepRequest(axes: [try axis()])
    while i < words.count {
      switch words[i] {
      case "and":
        guard request.axes.count == 1 else {
          throw WhatIfError("a grid has two parameters; expected at most one 'and'")
        }
        i += 1
        request.axes.append(try axis())
      case "on":
        guard i + 1 < words.count else { throw WhatIfError("expected 'on SCENARIO'") }
        request.scenario = words[i + 1]
        i += 2
      case "show":
        let end = words[(i + 1)...].firstIndex(of: "on") ?? words.count
        request.show = figureNames(Array(words[(i + 1)..<end]))
        guard !request.show.isEmpty else { throw WhatIfError("'show' needs figures, e.g. show margin.flat, AI cost") }
        i = end
      case "steps", "by":
        throw WhatIfError(
          "'\(words[i])' given twice for \(request.axes.last?.dottedPath ?? "the parameter"); expected one of steps N or by STEP"
        )
      default:
        throw WhatIfError(
          "unexpected '\(words[i])'; expected steps N, by STEP, and PATH FROM TO, on SCENARIO or show FIGURES")
      }
    }
    return request
  }

  static let keywords: Set<String> = ["steps", "by", "and", "on", "show"]

  /// Figure names as typed: separated by commas (`margin.flat, AI cost`), or by spaces when
  /// a piece is not one of the two-word names (`margin.flat margin.usage`).
  public static func figureNames(_ words: [String]) -> [String] {
    let twoWords: Set<String> = ["aicost", "activecustomers", "errorrate"]
    return words.joined(separator: " ").split(separator: ",").flatMap { piece -> [String] in
      let trimmed = piece.trimmingCharacters(in: .whitespaces)
      let key = trimmed.lowercased().filter { $0 != " " && $0 != "_" && $0 != "-" }
      return twoWords.contains(key) ? [trimmed] : trimmed.split(separator: " ").map(String.init)
    }.filter { !$0.isEmpty }
  }
}
