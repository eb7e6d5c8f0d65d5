import Foundation
import Testing

@testable import MeterbookCore

/// A streamed file whose hourly cells outgrow their allowance keeps days, then one bucket:
/// coarser time, the same sums.
struct DigestGrainTests {
  func write(_ run: Run) throws -> URL { try StreamingImportTests().write(try Fixtures.csv(run)) }

  /// Cells in one order whatever order a cube keeps them in.
  func sorted(_ cells: [UsageCube.Cell]) -> [UsageCube.Cell] {
    cells.sorted {
      ($0.key.hour, $0.key.customer, $0.key.model, $0.key.task, $0.key.feature)
        < ($1.key.hour, $1.key.customer, $1.key.model, $1.key.task, $1.key.feature)
    }
  }

  /// An importer whose cell allowance holds `cells` cells.
  func importer(allowingCells cells: Int) -> UsageImporter {
    var importer = UsageImporter(catalog: Fixtures.catalog)
    importer.budget = MemoryBudget(bytes: cells * UsageDigest.bytesPerCell * 2)
    return importer
  }

  @Test func hourlyCellsPastTheAllowanceAreKeptByDayWithTheSameSums() throws {
    let sim = try Simulator(scenario: Fixtures.scenario(customers: 12, days: 6)).run().run
    let url = try write(sim)
    let (run, _) = try UsageImporter(catalog: Fixtures.catalog).read(contentsOf: url)
    let hourly = UsageCube(run, grain: .hour, threads: 1).cells.count
    let daily = UsageCube(run, grain: .day, threads: 1).cells.count
    try #require(daily * 3 / 2 < hourly, "the days must hold visibly fewer cells than the hours")
    let (digest, _) = try importer(allowingCells: (daily + hourly) / 2).digest(contentsOf: url, parallel: false)
    #expect(digest.grain == .day)
    #expect(digest.cube.cells == sorted(UsageCube(run, grain: .day, threads: 1).cells))
    #expect(digest.calls == sim.count)
    #expect(digest.period == Period(spanning: run))
    // Each day's histogram is the merge of its calls' latencies.
    let byDay = Dictionary(grouping: 0..<run.count) {
      UsageCube.Key(
        customer: run.customer[$0], model: run.model[$0], task: run.task[$0], feature: run.feature[$0],
        hour: run.timestamp[$0] / 86_400 * 24)
    }
    #expect(
      digest.cube.cells.indices.allSatisfy { k in
        digest.latency[k] == LatencyHistogram(byDay[digest.cube.cells[k].key, default: []].map { run.latencyMs[$0] })
      })
  }

  @Test func dailyCellsPastTheAllowanceAreKeptForTheWholeFile() throws {
    let sim = try Simulator(scenario: Fixtures.scenario(customers: 12, days: 6)).run().run
    let url = try write(sim)
    let (run, _) = try UsageImporter(catalog: Fixtures.catalog).read(contentsOf: url)
    let whole = UsageCube(run, grain: .period, threads: 1).cells
    let daily = UsageCube(run, grain: .day, threads: 1).cells.count
    try #require(whole.count < daily)
    let (digest, _) = try importer(allowingCells: whole.count).digest(contentsOf: url, parallel: false)
    #expect(digest.grain == .period)
    #expect(digest.cube.cells == sorted(whole))
    #expect(digest.period == Period(spanning: run))
  }

  @Test func wholeFileCellsPastTheAllowanceKeepCustomerAndModelOnly() throws {
    let sim = try Simulator(scenario: Fixtures.scenario(customers: 12, days: 6)).run().run
    let url = try write(sim)
    let (run, _) = try UsageImporter(catalog: Fixtures.catalog).read(contentsOf: url)
    var pairs: [UInt64: (calls: Int64, cost: Int64, latency: LatencyHistogram)] = [:]
    for i in 0..<run.count {
      let key = UInt64(run.customer[i]) << 16 | UInt64(run.model[i])
      pairs[key, default: (0, 0, LatencyHistogram())].calls += 1
      pairs[key, default: (0, 0, LatencyHistogram())].cost += run.cost[i]
      pairs[key, default: (0, 0, LatencyHistogram())].latency.record(run.latencyMs[i])
    }
    try #require(pairs.count < UsageCube(run, grain: .period, threads: 1).cells.count)
    let (digest, _) = try importer(allowingCells: pairs.count).digest(contentsOf: url, parallel: false)
    #expect(digest.grain == .customerModel)
    #expect(digest.cube.cells.count == pairs.count)
    #expect(digest.cube.cells.allSatisfy { $0.key.task == 0 && $0.key.feature == 0 })
    for (k, cell) in digest.cube.cells.enumerated() {
      let expected = pairs[UInt64(cell.key.customer) << 16 | UInt64(cell.key.model)]
      #expect(expected?.calls == cell.calls && expected?.cost == cell.cost && expected?.latency == digest.latency[k])
    }
  }

  @Test func theDigestReportsAreTheSameAtEveryGrain() throws {
    let sim = try Simulator(scenario: Fixtures.scenario(customers: 30, days: 5)).run().run
    let url = try write(sim)
    let (run, _) = try UsageImporter(catalog: Fixtures.catalog).read(contentsOf: url)
    let hourly = try UsageImporter(catalog: Fixtures.catalog).digest(contentsOf: url).0
    #expect(hourly.grain == .hour)
    let pairs = Set((0..<run.count).map { UInt64(run.customer[$0]) << 16 | UInt64(run.model[$0]) }).count
    let allowances = [
      UsageCube(run, grain: .day, threads: 1).cells.count, UsageCube(run, grain: .period, threads: 1).cells.count,
      pairs,
    ]
    let coarse = try allowances.map { try importer(allowingCells: $0).digest(contentsOf: url, parallel: false).0 }
    #expect(coarse.map(\.grain) == [.day, .period, .customerModel])
    func tables(_ r: Report?) -> [String: Table] {
      Dictionary(
        (r?.blocks ?? []).compactMap { if case .table(let t) = $0 { (t.title, t) } else { nil } },
        uniquingKeysWith: { a, _ in a })
    }
    for digest in coarse {
      for name in AnalyzerName.allCases {
        let report = name.report(digest, catalog: Fixtures.catalog)
        let full = name.report(hourly, catalog: Fixtures.catalog)
        // The summary leaves its ledger out past hours, performance its model per task past days.
        let partial = (name == .summary && digest.grain > .hour) || (name == .performance && digest.grain > .day)
        switch name.coarsestDigestGrain {
        case nil: #expect(report == nil)
        case _ where partial:
          // Every table kept is the hourly one.
          let kept = tables(report)
          #expect(!kept.isEmpty && kept.allSatisfy { tables(full)[$0.key] == $0.value }, "\(name)")
          #expect(kept.count < tables(full).count, "\(name) by \(digest.grain) leaves a part out")
          #expect(
            report?.blocks.contains { if case .note(let n) = $0 { n.contains("left out") } else { false } } == true)
        case let coarsest? where digest.grain <= coarsest:
          #expect(report == full, "\(name) by \(digest.grain)")
        default:
          #expect(report?.title == "\(name.rawValue): needs finer cells", "\(name) by \(digest.grain)")
        }
      }
    }
  }

  @Test func partsParsedOnSeveralCoresJoinAtTheCoarserGrain() throws {
    let sim = try Simulator(scenario: Fixtures.scenario(customers: 120, days: 14)).run().run
    let url = try write(sim)
    let size = try #require(try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int)
    try #require(size >= 8 << 20, "the file must be large enough to be split into parts")
    let (run, _) = try UsageImporter(catalog: Fixtures.catalog).read(contentsOf: url)
    let daily = UsageCube(run, grain: .day, threads: 1).cells
    let (digest, _) = try importer(allowingCells: daily.count * 3 / 2).digest(contentsOf: url)
    #expect(digest.grain == .day || digest.grain == .period)
    let grain: UsageCube.Grain = digest.grain == .day ? .day : .period
    #expect(digest.cube.cells == sorted(UsageCube(run, grain: grain, threads: 1).cells))
    #expect(digest.cube.totalCost == Money(nanos: run.cost.reduce(Int128(0)) { $0 + Int128($1) }))
  }

  @Test func anExportedCubeKeepsHoursAndIsRefusedRatherThanCoarsened() throws {
    let sim = try Simulator(scenario: Fixtures.scenario(customers: 10, days: 2)).run().run
    let url = try write(sim)
    let capped = importer(allowingCells: 10)
    #expect(UsageCube(sim, grain: .hour, threads: 1).cells.count > 20)
    #expect {
      _ = try RunExport.stream(url, importer: capped, format: "cube", catalog: Fixtures.catalog, to: MemorySink())
    } throws: { error in
      "\(error)".contains("cells by hour so far")
    }
  }
}

struct CellAllowanceTests {
  @Test func theAllowanceIsHalfASmallBudgetAndAThirtySecondOfALargeOne() {
    #expect(UsageDigest.cellAllowance(budget: 2 << 20) == 1 << 20)
    #expect(UsageDigest.cellAllowance(budget: 4 << 30) == 160 << 20)
    #expect(UsageDigest.cellAllowance(budget: 1 << 30) == 160 << 20)
    #expect(UsageDigest.cellAllowance(budget: 64 << 30) == 2 << 30)
  }
}
