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
  /// Judges every task type of `run` against every model of `catalog`.
  static func all(_ run: Run, catalog: ModelCatalog, assumptions: ActionAssumptions) -> [TaskModelChoice] {
    let observed = ObservedModelStats(run)
    let specs = run.dimensions.models.map { catalog.model($0.id) }
    return TaskType.all.compactMap { task in
      let calls = TaskCalls(run, task: task)
      guard !calls.indices.isEmpty else { return nil }
      let cost = Money(nanos: calls.indices.reduce(Int128(0)) { $0 + Int128(run.cost[$1]) })
      let today = observed.taskQuality(task) ?? calls.catalogQuality(run, specs: specs, task: task)
      let candidates = catalog.models.map { m in
        observed.candidate(m, task: task, calls: calls, minimum: assumptions.minimumObservedCalls)
      }.sorted { ($0.cost, $0.model) < ($1.cost, $1.model) }
      let best = candidates.first {
        $0.cost < cost && $0.quality >= today - assumptions.qualityTolerance && $0.p95Ms <= assumptions.slaP95Ms
      }
      return TaskModelChoice(
        task: task, calls: calls.indices.count, cost: cost, quality: today,
        qualityObserved: observed.taskQuality(task) != nil, candidates: candidates, best: best)
    }
  }
}

/// A task's billed calls with their tokens gathered into contiguous columns, so pricing each
/// candidate reads them in order (candidates × calls is the hot path of model choice).
struct TaskCalls {
  var indices: [Int] = []
  var inputs: [Int] = []
  var outputs: [Int] = []
  var cached: [Int] = []
  /// The 95th percentile of the calls' output tokens (latency grows with them).
  var outputP95 = 0.0
  /// Token totals and bounds, so a candidate is priced from sums when prices are linear.
  var inputSum = Int128(0)
  var outputSum = Int128(0)
  var cachedSum = Int128(0)
  var maxInput = 0
  var cachedWithinInput = true

  init(_ run: Run, task: TaskType) {
    let t = UInt8(task.index)
    for i in 0..<run.count where run.task[i] == t && run.status[i] != 1 {
      indices.append(i)
      inputs.append(Int(run.inputTokens[i]))
      outputs.append(run.status[i] == 2 ? 0 : Int(run.outputTokens[i]))
      cached.append(Int(run.cachedTokens[i]))
    }
    outputP95 = OrderStatistic.quantile(outputs, 0.95)
    for k in inputs.indices {
      inputSum += Int128(inputs[k])
      outputSum += Int128(outputs[k])
      cachedSum += Int128(cached[k])
      maxInput = max(maxInput, inputs[k])
      cachedWithinInput = cachedWithinInput && cached[k] <= inputs[k]
    }
  }

  /// The calls' total cost at `model`'s list prices, in nanodollars.
  ///
  /// When no call reaches the model's long-context threshold and no call caches more than it
  /// sends, a call's price is linear in its tokens, so the total comes from the token sums,
  /// rounded once (within half a nanodollar per call of the call-by-call sum); otherwise call
  /// by call. This keeps judging 32 models on a million calls to a few sums.
  func totalCost(at model: ModelSpec) -> Int128 {
    let rates = model.price.flat
    let hasCache = model.price.cachedInput != nil
    if maxInput <= rates.threshold && cachedWithinInput {
      let cachedTokens = hasCache ? cachedSum : 0
      let micro =
        (inputSum - cachedTokens) * Int128(rates.input) + outputSum * Int128(rates.output)
        + cachedTokens * Int128(rates.cached)
      let (q, r) = micro.quotientAndRemainder(dividingBy: 1_000_000)
      return q + (r * 2 >= 1_000_000 ? 1 : 0)
    }
    var total = Int128(0)
    for k in inputs.indices {
      total += Int128(rates.cost(input: inputs[k], output: outputs[k], cached: hasCache ? cached[k] : 0))
    }
    return total
  }

  /// Each call's cost at `model`'s list prices, in nanodollars.
  func costs(at model: ModelSpec) -> [Int64] {
    let rates = model.price.flat
    let hasCache = model.price.cachedInput != nil
    return inputs.indices.map { k in
      rates.cost(input: inputs[k], output: outputs[k], cached: hasCache ? cached[k] : 0)
    }
  }

  /// The catalog's quality estimate for the task, weighted by today's model mix.
  func catalogQuality(_ run: Run, specs: [ModelSpec?], task: TaskType) -> Double {
    let sum = indices.reduce(0.0) { $0 + (specs[Int(run.model[$1])]?.quality(for: task) ?? 0) }
    return sum / Double(max(1, indices.count))
  }

  /// Estimates the p95 latency `model` would show on these calls from its latency profile.
  ///
  /// Time to first token plus time per output token at the calls' 95th-percentile output, times
  /// the log-normal spread's 95th percentile.
  ///
  /// An estimate: the simulator draws the same shape.
  func estimatedP95(_ model: ModelSpec) -> Double {
    // The base latency grows with output tokens, so its 95th percentile is at theirs.
    let base = model.latency.timeToFirstTokenMs + model.latency.msPerOutputToken * outputP95
    let s = model.latency.spread
    return base * exp(1.645 * s - s * s / 2)
  }
}
