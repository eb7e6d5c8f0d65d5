import Testing

@testable import MeterbookCore

/// `simulate --shard i/n`: each shard simulates only its customers, and the shards together are
/// the whole run.
struct ShardTests {
  /// Patterns that draw per customer and per day (bursts, organizations, churn, a migration), so
  /// a shard that leaned on another customer's draws would show.
  static let scenario = Fixtures.scenario(
    customers: 45, days: 6, seed: 31,
    traffic: [
      .base(jitter: 0.2), .burst(probability: 0.1, multiplier: 2...4), .multiTenant(spread: 4),
      .decline(monthlyChurn: 0.3),
      .modelMigration(from: "openai/gpt-4o", to: "anthropic/claude-sonnet-4-5", startDay: 1, overDays: 3, share: 0.5),
    ])

  @Test func shardsParseAsIOfNAndRefuseAnythingElse() {
    #expect(Shard("3/8").map { ($0.index, $0.count) } ?? (0, 0) == (3, 8))
    #expect(Shard("1/1") == .whole)
    for bad in ["0/3", "4/3", "3", "1/0", "-1/2", "a/b", "1/2/3", "", "1/1000001"] {
      #expect(Shard(bad) == nil, "\(bad)")
    }
  }

  @Test func customersAreDealtOutInTurn() {
    let shard = Shard("2/3")
    #expect((0..<9).filter { shard?.contains(customer: $0) == true } == [1, 4, 7])
  }

  @Test(arguments: [1, 2, 7])
  func theShardsCallsSortedAreTheWholeRunByteForByte(n: Int) throws {
    let simulator = Simulator(scenario: Self.scenario)
    let whole = try Fixtures.csv(simulator.run().run)
    var rows: [Substring] = []
    var header: Substring = ""
    for i in 1...n {
      let shard = try #require(Shard("\(i)/\(n)"))
      let part = try simulator.run(shard: shard).run
      // Each shard holds only its own customers.
      #expect(part.customer.allSatisfy { shard.contains(customer: Int($0)) })
      let lines = try Fixtures.csv(part).split(separator: "\r\n")
      header = lines[0]
      rows += lines.dropFirst()
    }
    let wholeLines = whole.split(separator: "\r\n")
    #expect(wholeLines.count > 1_000)
    #expect(header == wholeLines[0])
    #expect(rows.count == wholeLines.count - 1)
    #expect(rows.sorted() == wholeLines.dropFirst().sorted())
  }

  @Test(arguments: [1, 2, 7])
  func theShardsCubesTogetherAreTheWholeCube(n: Int) throws {
    let simulator = Simulator(scenario: Self.scenario)
    let whole = UsageCube(try simulator.run().run)
    var cells: [UsageCube.Cell] = []
    for i in 1...n { cells += UsageCube(try simulator.run(shard: try #require(Shard("\(i)/\(n)"))).run).cells }
    func order(_ a: UsageCube.Cell, _ b: UsageCube.Cell) -> Bool {
      (a.key.hour, a.key.customer, a.key.model, a.key.task, a.key.feature)
        < (b.key.hour, b.key.customer, b.key.model, b.key.task, b.key.feature)
    }
    // A customer is in one shard, so no cell is split: the cells partition the whole cube.
    #expect(cells.sorted(by: order) == whole.cells)
    #expect(cells.reduce(0) { $0 + $1.cost } == whole.cells.reduce(0) { $0 + $1.cost })
  }

  @Test func aShardsMemoryEstimateIsItsShareOfTheWhole() {
    // Large enough that the calls, not the fixed per-thread rows, drive the estimate.
    let simulator = Simulator(scenario: Fixtures.scenario(customers: 20_000, days: 30))
    let whole = simulator.memoryEstimate().bytes
    let part = simulator.memoryEstimate(shard: Shard("1/4") ?? .whole).bytes
    #expect(part < whole / 3)
  }
}
