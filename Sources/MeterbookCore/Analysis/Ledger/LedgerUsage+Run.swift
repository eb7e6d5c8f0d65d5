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
      dimensions: run.dimensions, period: period, thresholds: Self.thresholds(catalog),
      outputP95: Array(repeating: 0, count: tasks))
    var latencies = Array(repeating: Array(repeating: [UInt32](), count: models), count: tasks)
    var outputs = Array(repeating: [UInt32](), count: tasks)
    for i in 0..<run.count {
      let (t, m, status) = (Int(run.task[i]), Int(run.model[i]), run.status[i])
      let (g, c) = groups(
        task: run.task[i], model: run.model[i], band: Self.band(run.inputTokens[i], thresholds: thresholds),
        customer: run.customer[i], epochSeconds: run.timestamp[i])
      let (input, output, cached, cost) = (run.inputTokens[i], run.outputTokens[i], run.cachedTokens[i], run.cost[i])
      days.sums[g].add(input: input, output: output, cached: cached, cost: cost, status: status)
      customers.sums[c].add(input: input, output: output, cached: cached, cost: cost, status: status)
      latencies[t][m].append(run.latencyMs[i])
      if status != 1 { outputs[t].append(status == 2 ? 0 : output) }
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
