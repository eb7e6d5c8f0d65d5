/// Quality scores and latencies the data shows per task type and model, from one pass over a run.
struct ObservedModelStats {
  private let run: Run
  /// `[task][run model]`: sum of quality scores of successful calls and their count.
  private var qualitySum: [[Double]]
  private var qualityCount: [[Int]]
  /// `[task][run model]`: latencies of all calls.
  private var latencies: [[[UInt32]]]
  /// Whether any call carries a quality score (imports often have none).
  let hasQuality: Bool

  init(_ run: Run) {
    self.run = run
    let tasks = TaskType.all.count
    let models = run.dimensions.models.count
    qualitySum = Array(repeating: Array(repeating: 0, count: models), count: tasks)
    qualityCount = Array(repeating: Array(repeating: 0, count: models), count: tasks)
    latencies = Array(repeating: Array(repeating: [], count: models), count: tasks)
    var anyQuality = false
    for i in 0..<run.count {
      let t = Int(run.task[i])
      let m = Int(run.model[i])
      guard t < tasks else { continue }
      latencies[t][m].append(run.latencyMs[i])
      if run.status[i] == 0 {
        qualitySum[t][m] += Double(run.quality[i]) / 10_000
        qualityCount[t][m] += 1
        anyQuality = anyQuality || run.quality[i] > 0
      }
    }
    hasQuality = anyQuality
  }

  /// The task's mean observed quality today, or `nil` when the data has no scores.
  func taskQuality(_ task: TaskType) -> Double? {
    guard hasQuality else { return nil }
    let n = qualityCount[task.index].reduce(0, +)
    return n == 0 ? nil : qualitySum[task.index].reduce(0, +) / Double(n)
  }

  /// `model` judged on the task's calls: observed quality and p95 where the data has enough
  /// calls of it on the task, the catalog's estimates otherwise.
  func candidate(_ model: ModelSpec, task: TaskType, calls: TaskCalls, minimum: Int) -> TaskModelChoice.Candidate {
    let cost = Money(nanos: calls.totalCost(at: model))
    let m = run.dimensions.models.firstIndex { $0.id == model.id }
    var quality = model.quality(for: task)
    var qualityObserved = false
    if hasQuality, let m, qualityCount[task.index][m] >= max(1, minimum) {
      quality = qualitySum[task.index][m] / Double(qualityCount[task.index][m])
      qualityObserved = true
    }
    var p95 = calls.estimatedP95(model)
    var latencyObserved = false
    if let m, latencies[task.index][m].count >= max(1, minimum) {
      p95 = Self.p95(latencies[task.index][m])
      latencyObserved = true
    }
    return .init(
      model: model.id, cost: cost, quality: quality, qualityObserved: qualityObserved, p95Ms: p95,
      latencyObserved: latencyObserved)
  }

  /// The nearest-rank 95th percentile.
  static func p95(_ values: [UInt32]) -> Double { OrderStatistic.nearestRankP95(values) }
}
