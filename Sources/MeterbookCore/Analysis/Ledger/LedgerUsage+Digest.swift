extension LedgerUsage {
  /// The ledger's usage of a streamed file, folded from the digest's cells: the same groups and
  /// sums as the calls would give (`init(_:catalog:period:)` on the run), in the digest's
  /// period, banded at its catalog's thresholds.
  ///
  /// Percentiles come from the cells' latency histograms and each task's output-token
  /// histogram, within 1/128 of the calls' exact values (`LatencyHistogram`).
  public init(_ digest: UsageDigest) {
    let d = digest.cube.dimensions
    let (tasks, models) = (d.taskTypes.count, d.models.count)
    self.init(
      dimensions: d, period: digest.period, thresholds: Self.thresholds(digest.catalog),
      outputP95: (0..<tasks).map { t in t < digest.outputTokens.count ? digest.outputTokens[t].quantile(0.95) : 0 })
    var latency = Array(repeating: Array(repeating: LatencyHistogram(), count: models), count: tasks)
    for (c, cell) in digest.cube.cells.enumerated() {
      let (t, m) = (Int(cell.key.task), Int(cell.key.model))
      let tokens = c < digest.tokens.count ? digest.tokens[c] : UsageDigest.CellTokens()
      var rest = Sums()
      (rest.calls, rest.input, rest.fresh, rest.cached) = (
        cell.billableCalls, cell.billableInput, tokens.fresh, cell.billableCached
      )
      (rest.output, rest.billableCost, rest.cost) = (tokens.output, cell.billableCost, cell.cost)
      let k = cell.key
      for b in tokens.long {
        rest -= b.sums
        add(b.sums, task: k.task, model: k.model, band: b.band, customer: k.customer, epochSeconds: k.hour * 3600)
      }
      if rest != Sums() {
        add(rest, task: k.task, model: k.model, band: 0, customer: k.customer, epochSeconds: k.hour * 3600)
      }
      latency[t][m].merge(digest.latency[c])
      observed[t][m].qualitySum += digest.quality[c]
      observed[t][m].successes += cell.calls - cell.errors - cell.timeouts
      observed[t][m].calls += cell.calls
      hasQuality = hasQuality || digest.quality[c] > 0
    }
    for t in 0..<tasks {
      for m in 0..<models where observed[t][m].calls > 0 { observed[t][m].p95Ms = latency[t][m].percentile(0.95) }
    }
  }
}
