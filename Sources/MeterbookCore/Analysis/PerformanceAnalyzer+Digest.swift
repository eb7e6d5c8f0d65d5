extension PerformanceAnalyzer {
  /// Each model's calls, cost, quality and latency percentiles from a digest's cells: the
  /// sums are exact, the percentiles come from the merged latency histograms (within 0.8% of
  /// the calls' nearest-rank values, exact under 128 ms; see `LatencyHistogram`).
  public func stats(_ digest: UsageDigest) -> [ModelStats] {
    let models = digest.cube.dimensions.models.count
    var latency = [LatencyHistogram](repeating: LatencyHistogram(), count: models)
    var calls = [Int64](repeating: 0, count: models)
    var ok = [Int64](repeating: 0, count: models)
    var cost = [Int128](repeating: 0, count: models)
    var quality = [Int64](repeating: 0, count: models)
    for (k, c) in digest.cube.cells.enumerated() {
      let m = Int(c.key.model)
      latency[m].merge(digest.latency[k])
      calls[m] += c.calls
      ok[m] += c.calls - c.errors - c.timeouts
      cost[m] += Int128(c.cost)
      quality[m] += digest.quality[k]
    }
    return (0..<models).filter { calls[$0] > 0 }.map { m in
      ModelStats(
        model: digest.cube.dimensions.models[m].id, calls: Int(calls[m]), ok: Int(ok[m]), cost: Money(nanos: cost[m]),
        quality: ok[m] == 0 ? 0 : Double(quality[m]) / 10_000 / Double(ok[m]), p50: latency[m].percentile(0.5),
        p95: latency[m].percentile(0.95), p99: latency[m].percentile(0.99))
    }.sorted { ($0.cost, $1.model) > ($1.cost, $0.model) }
  }

  /// Performance of a streamed file: the report on the calls, its percentiles from the merged
  /// histograms and its model choices from the digest's ledger, with a note on what the
  /// digest approximates.
  public func report(_ digest: UsageDigest, assumptions: ActionAssumptions = ActionAssumptions()) -> Report {
    let s = stats(digest)
    guard !s.isEmpty else {
      return Report(
        title: "Performance tracking", domain: "FinOps: Performance tracking", blocks: [.note("The run has no calls.")])
    }
    guard digest.grain <= .day else {
      let sla = assumptions.slaP95Ms
      return Report(
        title: "Performance tracking", domain: "FinOps: Performance tracking (model efficiency)",
        problem: latencyProblem(s, sla: sla),
        outcome: "Latency percentiles come from per-cell histograms, within 0.8% of the exact values.",
        blocks: [
          .table(modelTable(s, sla: sla)), .bars(latencyBars(s, sla: sla)),
          .note(UsageDigest.coarseNote(left: "The model per task type and the cost/quality frontier are", digest)),
        ])
    }
    var report = report(s, ledger: ActionLedger(digest, assumptions: assumptions), assumptions: assumptions)
    report.blocks.append(.note(UsageDigest.callsNote(for: .performance)))
    return report
  }
}
