/// "Did you mean" suggestions: the candidate nearest to a misspelt word.
public enum Suggestion {
  /// The closest candidate within a distance that still looks like a typo, or `nil`.
  public static func nearest(to word: String, in candidates: some Sequence<String>) -> String? {
    let target = Array(word.lowercased())
    var best: (String, Int)?
    for candidate in candidates {
      let d = distance(target, Array(candidate.lowercased()))
      if d < best?.1 ?? .max { best = (candidate, d) }
    }
    guard let (name, d) = best else { return nil }
    let limit = max(2, target.count / 3)
    return d <= limit ? name : nil
  }

  /// Levenshtein distance with adjacent transpositions (optimal string alignment).
  static func distance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var prev2 = [Int](repeating: 0, count: b.count + 1)
    var prev = Array(0...b.count)
    var cur = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      cur[0] = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          cur[j] = min(cur[j], prev2[j - 2] + 1)
        }
      }
      (prev2, prev, cur) = (prev, cur, prev2)
    }
    return prev[b.count]
  }
}
