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
      observed: Array(repeating: Array(repeating: Observed(), count: models), count: tasks),
      outputP95: (0..<tasks).map { t in t < digest.outputTokens.count ? digest.outputTokens[t].quantile(0.95) : 0 },
      thresholds: Self.thresholds(digest.catalog), dimensions: d, period: digest.period, hasQuality: false)
    var latency = Array(repeating: Array(repeating: LatencyHistogram(), count: models), count: tasks)
    var index: [Key: Int32] = [:]
    func add(_ k: Key, _ s: Sums) {
      if let g = index[k] {
        sums[Int(g)] += s
      } else {
        index[k] = Int32(truncatingIfNeeded: keys.count)
        keys.append(k)
        sums.append(s)
      }
    }
    for (c, cell) in digest.cube.cells.enumerated() {
      let (t, m) = (Int(cell.key.task), Int(cell.key.model))
      let tokens = c < digest.tokens.count ? digest.tokens[c] : UsageDigest.CellTokens()
      var rest = Sums()
      (rest.calls, rest.input, rest.fresh, rest.cached) = (
        cell.billableCalls, cell.billableInput, tokens.fresh, cell.billableCached
      )
      (rest.output, rest.billableCost, rest.cost) = (tokens.output, cell.billableCost, cell.cost)
      var k = key(
        task: cell.key.task, model: cell.key.model, customer: cell.key.customer, input: 0,
        epochSeconds: cell.key.hour * 3600)
      for b in tokens.long {
        rest -= b.sums
        k.band = b.band
        add(k, b.sums)
      }
      k.band = 0
      if rest != Sums() { add(k, rest) }
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
