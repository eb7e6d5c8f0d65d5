extension Simulator {
  /// Generates the same calls as `run()` but only sums them, into the period usage cube and
  /// per-day totals: no call is kept, sorted or written to a column, so memory does not grow
  /// with the calls and many seeds can be measured at once.
  ///
  /// The work is split in blocks of 64 customers, each customer going through all days (its
  /// calls of a day drawn exactly as `run()` draws them); blocks are joined in customer order,
  /// which is the cube's order, and day totals are integer sums, so the result is identical on
  /// any number of threads.
  ///
  /// - Parameters:
  ///   - threads: worker threads (default: every active core; at least 1).
  ///   - isCancelled: polled before every customer and every 16,384 calls; when it returns `true`
  ///     the measure stops and `CancellationError` is thrown.
  ///   - budget: the memory the measure may ask for, checked against the cells it may hold
  ///     (at most one per customer × model × task type × feature, and one per call).
  /// - Throws: `SimulationLimitError` for a scenario past `Limits` or whose calls cost more than
  ///   `Limits.runCost`, `BudgetError`, `CancellationError`.
  /// - Complexity: O(calls + customers × days) time, O(cells + days × threads) memory.
  public func measure(
    threads: Int = Simulator.defaultThreads, isCancelled: @escaping @Sendable () -> Bool = { false },
    budget: MemoryBudget = .current
  ) throws -> SimulationMeasure {
    if let refusal { throw refusal }
    if let data { return try data.measure(threads: threads, isCancelled: isCancelled, budget: budget) }
    try budget.check(measureEstimate())
    let customers = plan.members.buffer.count
    let days = scenario.days
    let blockSize = 64
    let byDay = scenario.usageGrain == .day
    let blocks = SlotBox<[UsageCube.Cell]>(count: (customers + blockSize - 1) / blockSize, empty: [])
    let workers = WorkerPool.run(
      items: (customers + blockSize - 1) / blockSize, threads: threads,
      state: { [plan] in
        (
          CustomerCells(models: plan.modelCount, features: plan.featureCount, days: days),
          SimulationPlan.Scratch()
        )
      },
      work: { [plan] worker, block in
        var cells: [UsageCube.Cell] = []
        var sinceCheck = 0
        for c in (block * blockSize)..<min(customers, (block + 1) * blockSize) {
          // Polled per customer too: a small scenario has one block and few calls.
          guard !isCancelled() else {
            worker.0.cancelled = true
            return false
          }
          worker.0.customer = c
          for day in 0..<days {
            let n = plan.callCount(customer: c, day: day)
            guard n > 0 else { continue }
            sinceCheck += n
            if sinceCheck >= 16_384 {
              sinceCheck = 0
              if isCancelled() {
                worker.0.cancelled = true
                return false
              }
            }
            worker.0.dayStart = plan.dayStart.buffer[day]
            let before = worker.0.spent
            plan.generateCalls(customer: c, day: day, count: n, scratch: &worker.1, into: &worker.0)
            worker.0.dailyCalls[day] += n
            worker.0.dailyCost[day] += worker.0.spent - before
            // A day cube closes the customer's cells every day.
            if byDay { worker.0.flush(into: &cells) }
          }
          worker.0.flush(into: &cells)
          if worker.0.spent > Limits.runCost.nanos { return false }
        }
        blocks.store(block, cells)
        return true
      })
    let sinks = workers.map(\.0)
    if sinks.contains(where: \.cancelled) || isCancelled() { throw CancellationError() }
    try Self.checkCost(sinks.reduce(Int128(0)) { $0 + $1.spent })
    let earliest = sinks.map(\.earliest).min() ?? .max
    let hour = earliest == .max ? 0 : earliest / 3600
    var cells: [UsageCube.Cell] = []
    for b in 0..<((customers + blockSize - 1) / blockSize) {
      for var cell in blocks.take(b) {
        if !byDay { cell.key.hour = hour }
        cells.append(cell)
      }
    }
    // Within Limits.runCost (checked above) every day's cost fits in 64 bits.
    let dailyCost = (0..<days).map { d in Int64(clamping: sinks.reduce(Int128(0)) { $0 + $1.dailyCost[d] }) }
    return SimulationMeasure(
      scenario: scenario, population: plan.population, cube: UsageCube(cells: cells, dimensions: plan.dimensions),
      dailyCalls: (0..<days).map { d in sinks.reduce(0) { $0 + $1.dailyCalls[d] } }, dailyCost: dailyCost)
  }

  /// What `measure()` holds: the cube's cells (at most one per customer × model × task ×
  /// feature, and never more than the expected calls; twice, while blocks are joined), and
  /// each worker's day totals and cell index.
  func measureEstimate() -> MemoryEstimate {
    var estimate = memoryEstimate()
    let calls = plan.expectedCallsPerDay().reduce(0, +)
    let combinations =
      Double(scenario.population.customers) * Double(plan.modelCount) * Double(TaskType.all.count)
      * Double(max(1, plan.featureCount))
    let cells = min(calls, combinations) * Double(2 * MemoryLayout<UsageCube.Cell>.stride)
    let perWorker = Double(scenario.days * 24 + CustomerCells.denseCells * 4)
    let bytes = cells + Double(Simulator.defaultThreads) * perWorker
    estimate.work = "measuring '\(scenario.name)'"
    estimate.bytes = bytes.isFinite && bytes < 0x1p62 ? Int(bytes) : Int(1) << 62
    return estimate
  }
}
