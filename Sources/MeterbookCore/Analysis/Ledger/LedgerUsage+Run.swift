extension LedgerUsage {
  /// The ledger's usage of a run held in memory, in one pass over its calls; percentiles are
  /// exact (selection, not histograms).
  ///
  /// - Parameters:
  ///   - catalog: Whose long-context thresholds split the groups into bands.
  ///   - period: The span whose days and halves the groups are keyed by.
  public init(_ run: Run, catalog: ModelCatalog, period: Period) {
    let tasks = run.dimensions.taskTypes.count
    let models = run.dimensions.models.count
    self.init(
      observed: Array(repeating: Array(repeating: Observed(), count: models), count: tasks),
      outputP95: Array(repeating: 0, count: tasks), thresholds: Self.thresholds(catalog), dimensions: run.dimensions,
      period: period, hasQuality: false)
    var index: [Key: Int32] = [:]
    index.reserveCapacity(run.count / 16)
    var latencies = Array(repeating: Array(repeating: [UInt32](), count: models), count: tasks)
    var outputs = Array(repeating: [UInt32](), count: tasks)
    for i in 0..<run.count {
      let (t, m, status) = (Int(run.task[i]), Int(run.model[i]), run.status[i])
      let k = key(
        task: run.task[i], model: run.model[i], customer: run.customer[i], input: run.inputTokens[i],
        epochSeconds: run.timestamp[i])
      let g: Int
      if let found = index[k] {
        g = Int(found)
      } else {
        g = keys.count
        index[k] = Int32(truncatingIfNeeded: g)
        keys.append(k)
        sums.append(Sums())
      }
      sums[g].add(
        input: run.inputTokens[i], output: run.outputTokens[i], cached: run.cachedTokens[i], cost: run.cost[i],
        status: status)
      latencies[t][m].append(run.latencyMs[i])
      if status != 1 { outputs[t].append(status == 2 ? 0 : run.outputTokens[i]) }
      if status == 0 {
        observed[t][m].qualitySum += Int64(run.quality[i])
        observed[t][m].successes += 1
        hasQuality = hasQuality || run.quality[i] > 0
      }
    }
    for t in 0..<tasks {
      outputP95[t] = OrderStatistic.quantile(outputs[t], 0.95)
      for m in 0..<models where !latencies[t][m].isEmpty {
        observed[t][m].calls = Int64(latencies[t][m].count)
        observed[t][m].p95Ms = OrderStatistic.nearestRankP95(latencies[t][m])
      }
    }
  }
}
