extension UsageDigest {
  /// The digest's cells summed to a cube of `grain`, as `UsageCube(run, grain:)` sums the
  /// calls: hours kept, each day's cells under the day's first hour, or one bucket under the
  /// first call's hour; `nil` when the digest's cells are coarser than `grain`.
  ///
  /// Every sum is exact, so a plan bills the result exactly as it bills the calls' cube.
  public func cube(at grain: UsageCube.Grain) -> UsageCube? {
    let needed: Grain =
      switch grain {
      case .hour: .hour
      case .day: .day
      case .period: .period
      }
    guard self.grain <= needed else { return nil }
    if self.grain == needed && grain != .period { return cube }
    func hour(_ h: Int64) -> Int64 {
      switch grain {
      case .hour: h
      case .day: h.floorDivided(by: 24) * 24
      case .period: hours.lowerBound
      }
    }
    let cells = UsageCube.summed(
      cube.cells.map { cell in
        var cell = cell
        cell.key.hour = hour(cell.key.hour)
        return cell
      })
    return UsageCube(cells: cells, dimensions: cube.dimensions)
  }

  /// Calls and cost per day of `period` (index 0 its first day); `nil` when the cells are
  /// coarser than days.
  func dailyTotals(over period: Period) -> (calls: [Int], cost: [Int64])? {
    guard grain <= .day else { return nil }
    var calls = [Int](repeating: 0, count: period.days)
    var cost = [Int64](repeating: 0, count: period.days)
    let first = Int64(period.start.daysSinceEpoch)
    for cell in cube.cells {
      let day = Int(clamping: cell.key.hour.floorDivided(by: 24) - first)
      guard calls.indices.contains(day) else { continue }
      calls[day] += Int(clamping: cell.calls)
      // Within Limits.runCost (checked by the import) every day's cost fits in 64 bits.
      cost[day] &+= cell.cost
    }
    return (calls, cost)
  }
}
