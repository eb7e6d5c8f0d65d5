import Foundation

/// The models one task type of a run could run on, judged on the task's own calls, and the
/// cheapest one that keeps quality and meets the latency SLA.
///
/// Quality and p95 latency are observed (the calls' `quality_score` and `latency_ms`) when the
/// data has at least `minimumObservedCalls` calls of a model on the task; otherwise they are the
/// catalog's estimates, which the catalog itself calls estimates, and the candidate says so.
public struct TaskModelChoice: Sendable, Hashable {
  /// One model priced and judged on the task's calls.
  public struct Candidate: Sendable, Hashable {
    public var model: String
    /// The task's calls priced at this model's list prices.
    public var cost: Money
    public var quality: Double
    public var qualityObserved: Bool
    public var p95Ms: Double
    public var latencyObserved: Bool
  }

  public var task: TaskType
  /// Calls of the task that the switch would move (failed calls are not billed and stay put).
  public var calls: Int
  /// What the task's calls cost today.
  public var cost: Money
  /// The task's quality today: the mean observed score, else the catalog's estimate of its mix.
  public var quality: Double
  public var qualityObserved: Bool
  /// Every catalog model, cheapest first (ties by id).
  public var candidates: [Candidate]
  /// The cheapest candidate within the quality tolerance and the SLA that costs less than today.
  public var best: Candidate?

  /// The saving of moving every call of the task to `best`, over the run's period.
  public var saving: Money { best.map { cost - $0.cost } ?? .zero }
}

extension TaskModelChoice {
  /// Judges every task type of `usage` against every model of `catalog`.
  static func all(_ usage: LedgerUsage, catalog: ModelCatalog, assumptions: ActionAssumptions) -> [TaskModelChoice] {
    let specs = usage.dimensions.models.map { catalog.model($0.id) }
    let byTask = TaskTokens.all(usage)
    return TaskType.all.compactMap { task in
      guard task.index < byTask.count, byTask[task.index].calls > 0 else { return nil }
      let tokens = byTask[task.index]
      let observed = ObservedModelStats(usage, task: task)
      let today = observed.taskQuality ?? tokens.catalogQuality(specs: specs, task: task)
      let candidates = catalog.models.map { m in
        observed.candidate(
          m, cost: Money(nanos: tokens.totalCost(at: m, usage: usage)), minimum: assumptions.minimumObservedCalls)
      }.sorted { ($0.cost, $0.model) < ($1.cost, $1.model) }
      let best = candidates.first {
        $0.cost < tokens.cost && $0.quality >= today - assumptions.qualityTolerance
          && $0.p95Ms <= assumptions.slaP95Ms
      }
      return TaskModelChoice(
        task: task, calls: Int(tokens.calls), cost: tokens.cost, quality: today,
        qualityObserved: observed.taskQuality != nil, candidates: candidates, best: best)
    }
  }
}

/// A task's billable calls as token sums per long-context band, and per model the calls that
/// weight the catalog's quality estimate: what pricing a candidate model on the task reads.
struct TaskTokens {
  var calls: Int64 = 0
  /// What the task's calls cost today.
  var cost = Money.zero
  /// Sums by band, indexed by band.
  var bands: [LedgerUsage.Sums] = []
  /// Billable calls per model of the usage.
  var callsByModel: [Int64] = []

  /// Every task type's sums, indexed by task id.
  static func all(_ usage: LedgerUsage) -> [TaskTokens] {
    var out = [TaskTokens](
      repeating: TaskTokens(
        bands: Array(repeating: .init(), count: usage.thresholds.count + 1),
        callsByModel: Array(repeating: 0, count: usage.dimensions.models.count)),
      count: usage.dimensions.taskTypes.count)
    for (k, s) in zip(usage.days.keys, usage.days.sums) where s.calls > 0 {
      let t = Int(k.task)
      out[t].calls += s.calls
      out[t].cost.nanos += Int128(s.billableCost)
      out[t].bands[Int(k.band)] += s
      out[t].callsByModel[Int(k.model)] += s.calls
    }
    return out
  }

  /// The calls' total cost at `model`'s list prices, in nano-dollars: each band's sums priced
  /// at the rates that band pays on the model, rounded once per band.
  func totalCost(at model: ModelSpec, usage: LedgerUsage) -> Int128 {
    bands.indices.reduce(Int128(0)) { total, b in
      bands[b].calls == 0
        ? total : total + bands[b].cost(at: model, long: usage.isLong(band: UInt8(truncatingIfNeeded: b), at: model))
    }
  }

  /// The catalog's quality estimate for the task, weighted by today's model mix.
  func catalogQuality(specs: [ModelSpec?], task: TaskType) -> Double {
    let sum = callsByModel.indices.reduce(0.0) { $0 + Double(callsByModel[$1]) * (specs[$1]?.quality(for: task) ?? 0) }
    return sum / Double(max(1, calls))
  }
}
