extension UnderstandingAnalyzer {
  /// The understanding report of a streamed file, from its digest: the same report as of its
  /// calls in memory.
  ///
  /// Spend by provider, task type and customer, token efficiency and the daily series are sums
  /// over the cube's cells, exact to the nano-dollar. The cube does not key organization and
  /// product, so the allocation tree files each customer's whole cost under the organization
  /// and product of its first call (`UsageDigest.customers`), as the imported population does:
  /// it differs from the calls only for a customer whose calls name several organizations or
  /// products, where the calls split the customer's cost between them.
  public func report(_ digest: UsageDigest, catalog: ModelCatalog) -> Report {
    let cube = digest.cube
    guard !cube.cells.isEmpty else { return Self.noCalls }
    let period = digest.period
    let d = cube.dimensions
    var calls = [Int64](repeating: 0, count: d.customers.count)
    var nanos = [Int128](repeating: 0, count: d.customers.count)
    for cell in cube.cells where calls.indices.contains(Int(cell.key.customer)) {
      calls[Int(cell.key.customer)] += cell.calls
      nanos[Int(cell.key.customer)] += Int128(cell.cost)
    }
    func name(_ names: [String], _ id: Int) -> String { names.indices.contains(id) ? names[id] : "unknown" }
    let allocation = d.customers.indices.filter { calls[$0] > 0 }.map { c -> (path: [String], cost: Money) in
      let a = digest.customers.indices.contains(c) ? digest.customers[c] : CustomerAttributes()
      return (
        [name(d.organizations, Int(a.organization)), name(d.products, Int(a.product)), d.customers[c]],
        Money(nanos: nanos[c])
      )
    }
    return report(
      Usage(
        total: cube.totalCost, customers: Breakdown(cube, by: "customer"), providers: Breakdown(cube, by: "provider"),
        tasks: Breakdown(cube, by: "task_type"), tokens: TokenEfficiency(cube, catalog: catalog),
        daily: TimeSeries.dailyCost(cube, start: period.start, days: period.days), allocation: allocation),
      start: period.start)
  }
}
