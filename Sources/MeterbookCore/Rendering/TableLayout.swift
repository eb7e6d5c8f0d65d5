/// Where a table's columns land at a given width, and what gave way to get there.
///
/// The steps, each tried only when the one before does not fit: headers wrap at word
/// boundaries and abbreviate their long words; money from $100 up drops its cents;
/// columns are hidden in the table's `hideOrder` (one column besides the identifiers always
/// stays); identifying cells wrap onto continuation lines. Nothing is ever cut with `…`. A
/// table whose identifying columns cannot fit even wrapped is `nil`, and the renderer shows
/// it one record per block.
struct TableLayout {
  /// The visible columns, in table order.
  var columns: [Int]
  /// Each visible column's width, in characters.
  var widths: [Int]
  /// Whether money cells were rounded to whole dollars.
  var wholeDollars: Bool
  /// The hidden columns, in table order.
  var hidden: [Int]
  /// The width at which every column shows, identifiers whole (headers may wrap).
  var fullWidth: Int

  /// The narrowest a wrapped text column gets: a model id or a short phrase per line.
  static let wrappedTextWidth = 16

  /// Columns the box drawing takes beyond the cells: `│ ` before each cell, ` │` after the last.
  static func overhead(_ count: Int) -> Int { 3 * count + 1 }

  init?(_ t: Table, width: Int) {
    let identifiers = Set(t.fit.identifiers(of: t))
    let order = t.fit.hideOrder(of: t)
    let cellWidths = { (whole: Bool) in
      t.columns.indices.map { c in t.cells.map { Self.text($0, c, whole: whole).count }.max() ?? 0 }
    }
    let exact = cellWidths(false)
    let rounded = cellWidths(true)
    func solve(_ visible: [Int], whole: Bool, wrapIdentifiers: Bool) -> [Int]? {
      let cells = whole ? rounded : exact
      let natural = visible.map { max(t.columns[$0].count, cells[$0]) }
      let floors = visible.map { c -> Int in
        let header = Self.headerFloor(t.columns[c], cellWidth: cells[c])
        let wraps = !t.numeric[c] && (!identifiers.contains(c) || wrapIdentifiers)
        return max(header, wraps ? min(cells[c], Self.wrappedTextWidth) : cells[c])
      }
      var widths = natural
      let budget = width - Self.overhead(visible.count)
      while widths.reduce(0, +) > budget,
        let widest = widths.indices.filter({ widths[$0] > floors[$0] }).max(by: { (widths[$0], $0) < (widths[$1], $1) })
      {
        widths[widest] -= 1
      }
      return widths.reduce(0, +) <= budget ? widths : nil
    }
    let all = Array(t.columns.indices)
    let fullWidth =
      all.map { max(Self.headerFloor(t.columns[$0], cellWidth: exact[$0]), exact[$0]) }.reduce(0, +)
      + Self.overhead(all.count)
    var visible = all
    var hidden: [Int] = []
    var whole = false
    var found = solve(visible, whole: false, wrapIdentifiers: false)
    if found == nil {
      whole = true
      found = solve(visible, whole: true, wrapIdentifiers: false)
    }
    // Hide columns in order, keeping at least one that is not an identifier.
    var queue = order[...]
    while found == nil, let next = queue.first, visible.filter({ !identifiers.contains($0) }).count > 1 {
      queue = queue.dropFirst()
      visible.removeAll { $0 == next }
      hidden.append(next)
      found = solve(visible, whole: true, wrapIdentifiers: false)
    }
    if found == nil { found = solve(visible, whole: true, wrapIdentifiers: true) }
    guard let widths = found else { return nil }
    self.columns = visible
    self.widths = widths
    self.wholeDollars = whole
    self.hidden = hidden.sorted()
    self.fullWidth = fullWidth
  }

  /// A cell's text as laid out: money from $100 up in whole dollars when `whole`.
  static func text(_ row: [TableCell], _ c: Int, whole: Bool) -> String {
    guard c < row.count else { return "" }
    let cell = row[c]
    guard whole, cell.unit == .usd, FormattedNumber.parse(cell.text)?.unit == .usd, let v = cell.value,
      let m = Money(approximating: v)
    else { return cell.text }
    return Format.bandMoney(m)
  }

  /// The narrowest a header may get: its longest word, abbreviated when the word is wider
  /// than the column's values.
  static func headerFloor(_ header: String, cellWidth: Int) -> Int {
    header.split(separator: " ").map { word in
      let w = String(word)
      return w.count > cellWidth ? max(cellWidth, abbreviated(w).count) : w.count
    }.max() ?? 0
  }

  /// A header's lines at `width`: words wrap, a word too long for the column is abbreviated.
  static func headerLines(_ header: String, width: Int) -> [String] {
    guard header.count > width else { return [header] }
    let words = header.split(separator: " ").map { $0.count > width ? abbreviated(String($0)) : String($0) }
    return wrap(words.joined(separator: " "), width: width, indent: 0).flatMap { wrapCell($0, width: width) }
  }

  /// Long header words and their usual abbreviations.
  private static let abbreviations: [String: String] = [
    "customers": "cust.", "customer": "cust.", "revenue": "rev.", "margin": "mgn", "average": "avg",
    "change": "chg", "quality": "qual.", "success": "succ.", "threshold": "thresh.", "recommended": "rec.",
    "negative-margin": "neg.mgn", "unprofitable": "unprof.", "allowance": "allow.", "latency": "lat.",
    "forecast": "fcst", "projected": "proj.", "monthly": "mo.", "utilization": "util.", "commitment": "commit.",
    "cost/success": "cost/succ.", "allocated": "alloc.", "unallocated": "unalloc.", "remaining": "left",
  ]

  private static func abbreviated(_ word: String) -> String {
    if let short = abbreviations[word.lowercased()] { return short }
    // "after", "share", … are short already; a hyphenated word abbreviates its parts.
    guard word.contains("-") else { return word }
    return word.split(separator: "-").map { abbreviations[$0.lowercased()] ?? String($0) }.joined(separator: "-")
  }
}

/// `text` in lines of at most `width` characters, broken after a space, `/`, `-`, `.`, `_`,
/// `:`, `,` or `|` where one falls in the line, else at the width: a long model id or customer
/// name continues on the next line, never cut.
func wrapCell(_ text: String, width: Int) -> [String] {
  let width = max(1, width)
  var lines: [String] = []
  var rest = Substring(text)
  while rest.count > width {
    let head = rest.prefix(width + 1)
    if let space = head.lastIndex(of: " "), space > rest.startIndex {
      lines.append(String(rest[..<space]))
      rest = rest[rest.index(after: space)...]
      continue
    }
    let window = rest.prefix(width)
    let cut =
      window.lastIndex(where: { "/-._:,|".contains($0) }).map { rest.index(after: $0) } ?? window.endIndex
    lines.append(String(rest[..<cut]))
    rest = rest[cut...]
  }
  if !rest.isEmpty || lines.isEmpty { lines.append(String(rest)) }
  return lines
}
