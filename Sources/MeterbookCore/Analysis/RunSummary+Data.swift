extension RunSummary {
  /// What a data scenario's run is made of: the imported calls and where they came from, the
  /// calls its patterns added (or that it has no randomness), and the import report, so the
  /// rows skipped and the models the catalog lacks are seen wherever the workbook runs.
  static func dataNotes(_ s: Scenario, calls: Int, _ data: UsageData) -> [ReportBlock] {
    let real = data.callCount
    let added = calls - real
    let grows = s.traffic.contains { if case .growth = $0 { true } else { false } }
    var what: [String] = []
    if grows { what.append("growth of the real customers") }
    if data.newCustomers > 0 { what.append("\(Format.integer(data.newCustomers)) new customers") }
    let source = "'\(data.file)'" + (data.mapping.map { " (map \($0))" } ?? "")
    let head =
      "Real calls from \(source): \(Format.integer(real)) calls of \(Format.integer(data.dimensions.customers.count)) customers over \(s.days) days from \(s.start), catalog \(s.catalog.name) (prices of \(s.catalog.priceDate))."
    let tail =
      what.isEmpty
      ? " No simulated calls: the figures are the data's, the same under every seed."
      : " Added: \(Format.integer(added)) simulated calls (\(what.joined(separator: ", "))), seed \(s.seed); the real calls are unchanged."
    let patterns = s.traffic.isEmpty ? "" : " Patterns: " + s.traffic.map(\.name).joined(separator: ", ") + "."
    let sums = data.digest.map { " " + SumsOnlyError.keptNote($0) } ?? ""
    var lines = data.summary.description.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
    if !data.customerTiers.isEmpty {
      lines =
        lines.filter { !$0.hasPrefix("subscription_tier:") } + ["subscription_tier: from the workbook's customer_tiers"]
    }
    let report = lines.map { [$0] }
    return [
      .note(head + tail + patterns + sums),
      .table(Table(title: "Import report", columns: ["import of '\(data.file)'"], numeric: [false], rows: report)),
    ]
  }
}
