/// FinOps domain 2, performance tracking: cost per task and per successful task, latency
/// percentiles against an SLA, quality per dollar, the cost/quality Pareto frontier, and the
/// recommended model per task type with its monthly saving and quality change.
public struct PerformanceAnalyzer {
  /// p95 latency target in milliseconds.
  public var slaP95Ms = 20_000.0
  /// Largest acceptable drop in expected quality when switching models.
  public var qualityTolerance = 0.02
  public init() {}

  public struct ModelStats: Sendable {
    public var model: String
    public var calls: Int
    public var ok: Int
    public var cost: Money
    public var quality: Double
    public var p50: Double, p95: Double, p99: Double
    public var costPerCall: Money { cost.scaled(by: 1, per: Int64(max(1, calls))) }
    public var costPerSuccess: Money { cost.scaled(by: 1, per: Int64(max(1, ok))) }
  }

  public func stats(_ run: Run) -> [ModelStats] {
    var latencies = [[UInt32]](repeating: [], count: run.dimensions.models.count)
    var cost = [Int64](repeating: 0, count: latencies.count)
    var ok = [Int](repeating: 0, count: latencies.count)
    var quality = [Double](repeating: 0, count: latencies.count)
    for i in 0..<run.count {
      let m = Int(run.model[i])
      latencies[m].append(run.latencyMs[i])
      cost[m] += run.cost[i]
      if run.status[i] == 0 {
        ok[m] += 1
        quality[m] += Double(run.quality[i]) / 10_000
      }
    }
    return latencies.indices.filter { !latencies[$0].isEmpty }.map { m in
      let sorted = latencies[m].sorted()
      func q(_ p: Double) -> Double {
        Double(sorted[min(sorted.count - 1, max(0, Int((p * Double(sorted.count)).rounded(.up)) - 1))])
      }
      return ModelStats(
        model: run.dimensions.models[m].id, calls: sorted.count, ok: ok[m], cost: Money(nanos: cost[m]),
        quality: ok[m] == 0 ? 0 : quality[m] / Double(ok[m]), p50: q(0.5), p95: q(0.95), p99: q(0.99))
    }.sorted { ($0.cost, $1.model) > ($1.cost, $0.model) }
  }

  /// A task type's best switch: from the run's mix to the cheapest catalog model whose
  /// quality for the task is within tolerance of what the task gets today.
  public struct Switch: Sendable, Hashable {
    public var task: String
    public var to: String
    public var saving: Money
    public var qualityChange: Double
    public var calls: Int
  }

  public func switches(_ c: AnalysisContext) -> [Switch] {
    let run = c.run
    let catalog = c.scenario.catalog
    let specs = run.dimensions.models.map { catalog.model($0.id) }
    return TaskType.all.compactMap { task -> Switch? in
      let t = UInt8(task.index)
      var calls: [Int] = []
      // The task's tokens gathered into contiguous columns once, so each candidate's pass reads
      // them in order (this loop is the analyzer's hot path: candidates × calls).
      var inputs: [Int] = []
      var outputs: [Int] = []
      var cachedTokens: [Int] = []
      var qualitySum = 0.0
      for i in 0..<run.count where run.task[i] == t && run.status[i] != 1 {
        calls.append(i)
        inputs.append(Int(run.inputTokens[i]))
        outputs.append(run.status[i] == 2 ? 0 : Int(run.outputTokens[i]))
        cachedTokens.append(Int(run.cachedTokens[i]))
        qualitySum += specs[Int(run.model[i])]?.quality(for: task) ?? 0
      }
      guard !calls.isEmpty else { return nil }
      let today = qualitySum / Double(calls.count)
      let candidates = catalog.models.filter { $0.quality(for: task) >= today - qualityTolerance }
      var best: (ModelSpec, Money)?
      for m in candidates {
        var total = Int128(0)
        let rates = m.price.flat
        let hasCache = m.price.cachedInput != nil
        for k in inputs.indices {
          total += Int128(rates.cost(input: inputs[k], output: outputs[k], cached: hasCache ? cachedTokens[k] : 0))
        }
        if best.map({ Money(nanos: total) < $0.1 }) ?? true { best = (m, Money(nanos: total)) }
      }
      guard let (m, newCost) = best else { return nil }
      let oldCost = Money(nanos: calls.reduce(Int128(0)) { $0 + Int128(run.cost[$1]) })
      return Switch(
        task: task.rawValue, to: m.id, saving: c.monthly(oldCost - newCost),
        qualityChange: m.quality(for: task) - today, calls: calls.count)
    }.sorted { ($0.saving, $1.task) > ($1.saving, $0.task) }
  }

  /// Models no other model beats on both cost per call and quality.
  public func frontier(_ stats: [ModelStats]) -> [ModelStats] {
    stats.filter { a in
      !stats.contains { b in
        b.costPerCall <= a.costPerCall && b.quality >= a.quality
          && (b.costPerCall < a.costPerCall || b.quality > a.quality)
      }
    }
    .sorted { $0.costPerCall < $1.costPerCall }
  }

  public func report(_ c: AnalysisContext) -> Report {
    let s = stats(c.run)
    guard !s.isEmpty else {
      return Report(
        title: "Performance tracking", domain: "FinOps: Performance tracking", blocks: [.note("The run has no calls.")])
    }
    let sw = switches(c)
    let front = frontier(s)
    let slow = s.filter { $0.p95 > slaP95Ms }
    let totalSaving = Money.sum(sw.map(\.saving).filter { $0 > .zero })
    let top = sw.first
    return Report(
      title: "Performance tracking",
      domain: "FinOps: Performance tracking (model efficiency)",
      problem: slow.isEmpty
        ? "Every model meets the \(Format.integer(Int(slaP95Ms))) ms p95 latency target."
        : "\(slow.count) of \(s.count) models miss the \(Format.integer(Int(slaP95Ms))) ms p95 latency target (\(slow.prefix(3).map(\.model).joined(separator: ", "))).",
      impact:
        "Routing each task type to its cheapest model of equal quality (within \(Format.fixed(qualityTolerance, places: 2))) saves \(Format.money(totalSaving))/month.",
      recommendation: top.map {
        "Start with \($0.task): move it to \($0.to) (\(Format.money($0.saving))/month, quality \($0.qualityChange >= 0 ? "+" : "")\(Format.fixed($0.qualityChange, places: 3)))."
      } ?? "No switch found.",
      outcome:
        "\(front.count) models form the cost/quality frontier: \(front.prefix(5).map(\.model).joined(separator: ", "))\(front.count > 5 ? ", …" : "").",
      blocks: [
        .table(
          Table(
            title: "Models (cost per task, latency, quality)",
            columns: [
              "model", "calls", "cost/call", "cost/success", "p50 ms", "p95 ms", "p99 ms", "SLA", "quality",
              "quality per $1k",
            ],
            numeric: [false, true, true, true, true, true, true, false, true, true],
            rows: s.prefix(15).map { m in
              [
                m.model, Format.integer(m.calls), Format.money(m.costPerCall), Format.money(m.costPerSuccess),
                Format.integer(Int(m.p50)),
                Format.integer(Int(m.p95)), Format.integer(Int(m.p99)), m.p95 <= slaP95Ms ? "ok" : "miss",
                Format.fixed(m.quality, places: 3),
                Format.fixed(m.quality / max(m.costPerCall.dollars * 1000, 1e-9), places: 2),
              ]
            })),
        .bars(
          BarChart(
            title: "p95 latency by model (target ┊)",
            items: s.sorted { $0.p95 > $1.p95 }.prefix(12).map {
              .init(label: $0.model, value: $0.p95, display: Format.integer(Int($0.p95)) + " ms")
            }, target: slaP95Ms)),
        .table(
          Table(
            title: "Recommended model per task type",
            columns: ["task type", "calls", "recommended", "saving / month", "quality change"],
            numeric: [false, true, false, true, true],
            rows: sw.map {
              [
                $0.task, Format.integer($0.calls), $0.to, Format.money($0.saving),
                ($0.qualityChange >= 0 ? "+" : "") + Format.fixed($0.qualityChange, places: 3),
              ]
            })),
        .table(
          Table(
            title: "Cost/quality Pareto frontier", columns: ["model", "cost/call", "quality"],
            numeric: [false, true, true],
            rows: front.map { [$0.model, Format.money($0.costPerCall), Format.fixed($0.quality, places: 3)] })),
      ])
  }
}
