extension UsageImporter {
  /// The import report: what an import read, kept and skipped (by reason), which models it
  /// could not find or found through an alias, and which fields it did not read from a column.
  ///
  /// Returned as a value beside the run, so the CLI, the REPL and a workbook's data scenario show
  /// the same facts; `description` is its text form.
  public struct Summary: Sendable, Hashable, CustomStringConvertible {
    /// Data rows read (the header and blank lines not counted).
    public var read = 0
    /// Rows kept.
    public var kept = 0
    /// Calls kept: more than `kept` when rows aggregate calls (a `calls:` column).
    public var calls = 0
    public var skippedByReason: [String: Int] = [:]
    /// The first bad rows: (row number, reason).
    public var examples: [Row] = []
    /// Whether any cost was computed from the catalog rather than read.
    public var costComputed = false
    /// Kept rows priced at batch rates.
    public var batchRows = 0
    /// Whether the file has token counts; a costs-only export does not.
    public var tokensKnown = true
    /// Models the catalog lacks, by rows (their calls are kept when the file gives their cost).
    public var unknownModels: [UnknownModel] = []
    /// Logged model names that reached the catalog through an alias rule.
    public var aliased: [AliasedModel] = []
    /// Fields not read from a column, and how they were filled.
    public var inferred: [InferredField] = []
    /// The earliest and latest call with their row numbers, for the span limit.
    var earliest: (time: Int64, row: Int)?
    var latest: (time: Int64, row: Int)?
    /// Sum of the kept rows' costs, checked against `Limits.runCost`.
    var totalCost: Int128 = 0

    public struct Row: Sendable, Hashable {
      public var row: Int
      public var reason: String
    }

    /// A model name the catalog has no entry for, reported once.
    public struct UnknownModel: Sendable, Hashable {
      public var provider: String
      public var name: String
      public var rows: Int
      public var calls: Int
      /// The cost of its kept calls (zero when cost is computed: such rows cannot be priced).
      public var cost: Money
      /// The nearest catalog id, if one is close.
      public var suggestion: String?
    }

    /// A logged model name and the catalog model it resolved to.
    public struct AliasedModel: Sendable, Hashable {
      public var logged: String
      public var catalogID: String
      public var rule: ModelResolver.Rule
    }

    /// A field the file did not give, and what the import used instead.
    public struct InferredField: Sendable, Hashable {
      public var field: String
      public var how: String
    }

    public var skipped: Int { skippedByReason.values.reduce(0, +) }

    public static func == (a: Summary, b: Summary) -> Bool {
      (a.read, a.kept, a.calls, a.batchRows) == (b.read, b.kept, b.calls, b.batchRows)
        && (a.costComputed, a.tokensKnown) == (b.costComputed, b.tokensKnown)
        && a.skippedByReason == b.skippedByReason && a.examples == b.examples
        && a.unknownModels == b.unknownModels && a.aliased == b.aliased && a.inferred == b.inferred
    }

    public func hash(into h: inout Hasher) {
      h.combine(read)
      h.combine(kept)
      h.combine(calls)
      h.combine(examples)
    }

    public var description: String {
      var s = "read \(Format.integer(read)) rows: \(Format.integer(kept)) kept, \(Format.integer(skipped)) skipped"
      if !skippedByReason.isEmpty {
        s +=
          " ("
          + skippedByReason.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.value) \($0.key)" }
          .joined(separator: ", ") + ")"
      }
      if calls != kept { s += "; the kept rows hold \(Format.integer(calls)) calls" }
      if costComputed { s += "; cost computed from the catalog" }
      if batchRows > 0 { s += " (\(Self.count(batchRows, "row")) at batch rates)" }
      var lines = [s]
      lines += examples.map { "  row \($0.row): \($0.reason)" }
      for u in unknownModels {
        let cost = u.cost == .zero ? "" : ", \(Self.exact(u.cost))"
        lines.append(
          "  unknown model '\(u.provider == "unknown" ? "" : u.provider + " ")\(u.name)': \(Self.count(u.rows, "row")), \(Self.count(u.calls, "call"))\(cost)"
            + (u.suggestion.map { "; did you mean '\($0)'?" } ?? "; add it to the catalog or to the mapping's aliases:")
        )
      }
      for a in aliased { lines.append("  model '\(a.logged)' read as \(a.catalogID) (\(a.rule.rawValue))") }
      if !tokensKnown {
        lines.append("  no token counts in the file: reports that need tokens say so")
      }
      for f in inferred { lines.append("  \(f.field): \(f.how)") }
      return lines.joined(separator: "\n")
    }

    /// `1 row`, `2 rows`.
    private static func count(_ n: Int, _ noun: String) -> String { "\(Format.integer(n)) \(noun)\(n == 1 ? "" : "s")" }

    /// Dollars with as many decimals as the amount needs (at least two): `$0.0000012`, `$0.75`.
    private static func exact(_ m: Money) -> String {
      var text = m.decimalString(places: 9)
      while text.hasSuffix("0"), let dot = text.firstIndex(of: "."), text.distance(from: dot, to: text.endIndex) > 3 {
        text.removeLast()
      }
      return "$" + text
    }
  }
}
