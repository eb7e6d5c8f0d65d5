extension UsageCube {
  /// The cube's cells by customer index (`count` customers; a cell of another is left out).
  ///
  /// A projection bills parts of a month on their own (the days before a plan change, a
  /// leaver's days up to their leaving day), each for a few customers: split once, each part
  /// reads only its customers' cells (`cells(_:of:during:)`).
  func cellsByCustomer(count: Int) -> [[Cell]] {
    var split = [[Cell]](repeating: [], count: count)
    for cell in cells where Int(cell.key.customer) < count { split[Int(cell.key.customer)].append(cell) }
    return split
  }

  /// A cube of the cells, from `byCustomer` (`cellsByCustomer(count:)`), of `customers` on the
  /// days of `period`, renumbered: the *i*th customer's cells become customer *i*'s.
  ///
  /// The cube must keep days (`Grain.day`: a day cell carries its day's first hour); a period
  /// cube holds no days to select.
  func cells(_ byCustomer: [[Cell]], of customers: [Int], during period: Period) -> UsageCube {
    var part = self
    part.cells = customers.enumerated().flatMap { i, c in
      (byCustomer.indices.contains(c) ? byCustomer[c] : []).compactMap { cell -> Cell? in
        let day = Int(clamping: cell.key.hour / 24)
        guard day >= period.start.daysSinceEpoch && day < period.end.daysSinceEpoch else { return nil }
        var cell = cell
        cell.key.customer = UInt32(truncatingIfNeeded: i)
        return cell
      }
    }
    return part
  }
}
