extension UsageCube {
  /// This cube and `other` as one, as `UsageCube(run, grain:)` sums the calls of both runs joined.
  ///
  /// `other`'s ids are translated into this cube's tables as `Run.append` translates them (the
  /// tables gain its new names in first-appearance order), and cells of equal keys are summed,
  /// in key order. A period cube's cells move to the earlier of the two first hours, as the
  /// joined calls' cube would have them.
  ///
  /// - Returns: the cube, and where each of `other`'s ids landed.
  /// - Throws: `Run.TooManyNames` when a joined table outgrows its id width.
  func merging(_ other: UsageCube, grain: Grain) throws(Run.TooManyNames) -> (UsageCube, Run.DimensionRemap) {
    var joined = Run(dimensions: dimensions)
    let ids = try joined.append(Run(dimensions: other.dimensions))
    let firstHour = (cells + other.cells).map(\.key.hour).min() ?? 0
    var index: [Key: Int] = [:]
    var merged: [Cell] = []
    func add(_ cell: Cell, _ key: Key) {
      var key = key
      if grain == .period { key.hour = firstHour }
      if let found = index[key] {
        merged[found].merge(cell)
      } else {
        index[key] = merged.count
        var copy = cell
        copy.key = key
        merged.append(copy)
      }
    }
    for cell in cells { add(cell, cell.key) }
    for cell in other.cells {
      var key = cell.key
      key.customer = UInt32(truncatingIfNeeded: ids.customers[Int(key.customer)])
      key.model = UInt16(truncatingIfNeeded: ids.models[Int(key.model)])
      key.task = UInt8(truncatingIfNeeded: ids.tasks[Int(key.task)])
      key.feature = UInt16(truncatingIfNeeded: ids.features[Int(key.feature)])
      add(cell, key)
    }
    merged.sort { a, b in
      let (x, y) = (a.key, b.key)
      return (x.hour, x.customer, x.model, x.task, x.feature) < (y.hour, y.customer, y.model, y.task, y.feature)
    }
    return (UsageCube(cells: merged, dimensions: joined.dimensions), ids)
  }
}
