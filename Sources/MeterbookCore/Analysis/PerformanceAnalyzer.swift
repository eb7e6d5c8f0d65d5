/// FinOps domain 2, performance tracking: cost per task and per successful task, latency
/// percentiles against an SLA, quality per dollar, the cost/quality Pareto frontier, and the
/// recommended model per task type with its monthly saving (the action ledger's) and quality.
public struct PerformanceAnalyzer {
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

  /// The cost/quality Pareto frontier of one task type: models meeting the SLA that no other
  /// such model beats on both the task's cost and its quality, cheapest first.
  public func frontier(_ choice: TaskModelChoice, sla: Double) -> [TaskModelChoice.Candidate] {
    var best = -Double.infinity
    var result: [TaskModelChoice.Candidate] = []
    for m in choice.candidates where m.p95Ms <= sla && m.quality > best {
      result.append(m)
      best = m.quality
    }
    return result
  }

  public func report(_ c: AnalysisContext) -> Report {
    let s = stats(c.run)
    guard !s.isEmpty else {
      return Report(
        title: "Performance tracking", domain: "FinOps: Performance tracking", blocks: [.note("The run has no calls.")])
    }
    return report(s, ledger: ActionLedger(c), assumptions: c.assumptions)
  }

  /// The report of the models' `s` and the model choices of `ledger`.
  func report(_ s: [ModelStats], ledger: ActionLedger, assumptions: ActionAssumptions) -> Report {
    let sla = assumptions.slaP95Ms
    let switches = ledger.actions(.routeSimpleTasks, .switchModel)
    return Report(
      title: "Performance tracking",
      domain: "FinOps: Performance tracking (model efficiency)",
      problem: latencyProblem(s, sla: sla),
      impact: switches.isEmpty
        ? "No task type has a cheaper model of equal quality within the SLA that repays its migration."
        : "Moving \(switches.count) task type\(switches.count == 1 ? "" : "s") to the cheapest model of equal quality "
          + "within the SLA saves \(Format.money(Money.sum(switches.map(\.monthlySaving))))/month.",
      recommendation: switches.max { ($0.monthlySaving, $1.key) < ($1.monthlySaving, $0.key) }.map {
        "Start with: \($0.title) (\(Format.money($0.monthlySaving))/month)."
      } ?? "Keep today's models.",
      outcome: "Quality is the observed quality_score where the data has \(assumptions.minimumObservedCalls)+ calls "
        + "of a model on a task, else the catalog's estimate; latency likewise.",
      blocks: [
        .table(modelTable(s, sla: sla)),
        .bars(latencyBars(s, sla: sla)),
        .table(choiceTable(ledger)),
        .table(frontierTable(ledger.choices, sla: sla)),
      ])
  }

  /// How many models miss the p95 latency target, naming the first three.
  func latencyProblem(_ s: [ModelStats], sla: Double) -> String {
    let slow = s.filter { $0.p95 > sla }
    return slow.isEmpty
      ? "Every model meets the \(Format.integer(Int(sla))) ms p95 latency target."
      : "\(slow.count) of \(s.count) models miss the \(Format.integer(Int(sla))) ms p95 latency target "
        + "(\(slow.prefix(3).map(\.model).joined(separator: ", ")))."
  }

  /// The twelve slowest models' p95 latency against the SLA.
  func latencyBars(_ s: [ModelStats], sla: Double) -> BarChart {
    BarChart(
      title: "p95 latency by model (target ┊)",
      items: s.sorted { ($0.p95, $1.model) > ($1.p95, $0.model) }.prefix(12).map {
        .init(label: $0.model, value: $0.p95, display: Format.integer(Int($0.p95)) + " ms")
      }, target: sla)
  }

  /// Every model of the run: cost per call and per success, latency, quality.
  func modelTable(_ s: [ModelStats], sla: Double) -> Table {
    Table(
      title: "Models (cost per task, latency, observed quality)",
      columns: [
        "model", "calls", "cost/call", "cost/success", "p50 ms", "p95 ms", "p99 ms", "SLA", "quality",
        "quality per $1k",
      ],
      numeric: [false, true, true, true, true, true, true, false, true, true],
      cells: s.prefix(15).map { m in
        [
          TableCell(m.model), .count(m.calls), .money(m.costPerCall), .money(m.costPerSuccess),
          .count(Int(m.p50)), .count(Int(m.p95)), .count(Int(m.p99)), TableCell(m.p95 <= sla ? "ok" : "miss"),
          .number(m.quality, places: 3),
          m.costPerCall > .zero ? .number(m.quality / (m.costPerCall.dollars * 1000), places: 2) : TableCell("–"),
        ]
      },
      // On a narrow terminal the model's cost, p95 against the SLA and quality stay longest.
      fit: TableFit(hideOrder: [3, 4, 6, 9, 1, 7, 8, 5, 2]))
  }

  /// Each task type's choice: the recommended model and its netted saving, or why none.
  func choiceTable(_ ledger: ActionLedger) -> Table {
    Table(
      title: "Model per task type (cheapest of equal quality within the SLA)",
      columns: ["task type", "calls", "quality today", "recommended", "quality", "p95 ms", "saving / month"],
      numeric: [false, true, true, false, true, true, true],
      cells: ledger.choices.map { choice in
        let action = ledger.actions.first { $0.key == "switch:\(choice.task.rawValue)" }
        guard let best = choice.best, let action else {
          let why = choice.best == nil ? "keep (none cheaper)" : "keep (saving does not repay migration)"
          return [
            TableCell(choice.task.rawValue), .count(choice.calls), .number(choice.quality, places: 3), TableCell(why),
            TableCell(""), TableCell(""), TableCell(""),
          ]
        }
        return [
          TableCell(choice.task.rawValue), .count(choice.calls), .number(choice.quality, places: 3),
          TableCell(best.model),
          TableCell(Format.fixed(best.quality, places: 3) + (best.qualityObserved ? "" : " (est.)")),
          TableCell(Format.integer(Int(best.p95Ms)) + (best.latencyObserved ? "" : " (est.)")),
          .money(action.monthlySaving),
        ]
      })
  }

  /// The Pareto frontier of each task type, cheapest first.
  func frontierTable(_ choices: [TaskModelChoice], sla: Double) -> Table {
    Table(
      title: "Cost/quality Pareto frontier per task type (models meeting the SLA)",
      columns: ["task type", "frontier: model (quality, cost of the task's calls)"], numeric: [false, false],
      cells: choices.map { choice in
        let items = frontier(choice, sla: sla).map {
          "\($0.model) (\(Format.fixed($0.quality, places: 3)), \(Format.money($0.cost)))"
        }
        return [TableCell(choice.task.rawValue), TableCell(items.joined(separator: " → "))]
      })
  }
}
