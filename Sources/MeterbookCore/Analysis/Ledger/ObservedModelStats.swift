import Foundation

/// Quality scores and latencies the data shows for one task type, per model: the observed
/// side of a `TaskModelChoice`.
struct ObservedModelStats {
  private let usage: LedgerUsage
  private let task: TaskType

  init(_ usage: LedgerUsage, task: TaskType) {
    self.usage = usage
    self.task = task
  }

  /// The models' observations on the task, indexed like the usage's models.
  private var row: [LedgerUsage.Observed] {
    task.index < usage.observed.count ? usage.observed[task.index] : []
  }

  /// The task's mean observed quality today, or `nil` when the data has no scores.
  var taskQuality: Double? {
    guard usage.hasQuality else { return nil }
    let n = row.reduce(Int64(0)) { $0 + $1.successes }
    return n == 0 ? nil : Double(row.reduce(Int64(0)) { $0 + $1.qualitySum }) / 10_000 / Double(n)
  }

  /// `model` judged on the task's calls, which cost `cost` on it: observed quality and p95
  /// where the data has enough calls of it on the task, the catalog's estimates otherwise.
  func candidate(_ model: ModelSpec, cost: Money, minimum: Int) -> TaskModelChoice.Candidate {
    let seen = usage.dimensions.models.firstIndex { $0.id == model.id }.flatMap { $0 < row.count ? row[$0] : nil }
    var quality = model.quality(for: task)
    var qualityObserved = false
    if usage.hasQuality, let seen, seen.successes >= max(1, minimum) {
      quality = Double(seen.qualitySum) / 10_000 / Double(seen.successes)
      qualityObserved = true
    }
    var p95 = Self.estimatedP95(model, outputP95: task.index < usage.outputP95.count ? usage.outputP95[task.index] : 0)
    var latencyObserved = false
    if let seen, seen.calls >= max(1, minimum) {
      p95 = seen.p95Ms
      latencyObserved = true
    }
    return .init(
      model: model.id, cost: cost, quality: quality, qualityObserved: qualityObserved, p95Ms: p95,
      latencyObserved: latencyObserved)
  }

  /// Estimates the p95 latency `model` would show on the task's calls from its latency profile.
  ///
  /// Time to first token plus time per output token at the calls' 95th-percentile output, times
  /// the log-normal spread's 95th percentile.
  ///
  /// An estimate: the simulator draws the same shape.
  static func estimatedP95(_ model: ModelSpec, outputP95: Double) -> Double {
    // The base latency grows with output tokens, so its 95th percentile is at theirs.
    let base = model.latency.timeToFirstTokenMs + model.latency.msPerOutputToken * outputP95
    let s = model.latency.spread
    return base * exp(1.645 * s - s * s / 2)
  }
}
