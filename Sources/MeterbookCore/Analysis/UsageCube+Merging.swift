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
    let moved = other.cells.map { cell in
      var cell = cell
      cell.key.customer = UInt32(truncatingIfNeeded: ids.customers[Int(cell.key.customer)])
      cell.key.model = UInt16(truncatingIfNeeded: ids.models[Int(cell.key.model)])
      cell.key.task = UInt8(truncatingIfNeeded: ids.tasks[Int(cell.key.task)])
      cell.key.feature = UInt16(truncatingIfNeeded: ids.features[Int(cell.key.feature)])
      return cell
    }
    let merged = Self.summed(
      (cells + moved).map { cell in
        var cell = cell
        if grain == .period { cell.key.hour = firstHour }
        return cell
      })
    return (UsageCube(cells: merged, dimensions: joined.dimensions), ids)
  }

  /// `cells` with the cells of equal keys summed into one, in the cube's key order (hour,
  /// customer, model, task, feature).
  static func summed(_ cells: [Cell]) -> [Cell] {
    var index: [Key: Int] = [:]
    var out: [Cell] = []
    for cell in cells {
      if let found = index[cell.key] {
        out[found].merge(cell)
      } else {
        index[cell.key] = out.count
        out.append(cell)
      }
    }
    return out.sorted { a, b in
      let (x, y) = (a.key, b.key)
      return (x.hour, x.customer, x.model, x.task, x.feature) < (y.hour, y.customer, y.model, y.task, y.feature)
    }
  }
}
