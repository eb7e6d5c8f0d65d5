extension UsageCube {
  /// The cells of the customers flagged in `customers` (by index) on the days of `period`.
  ///
  /// A projection bills part of a month on its own (the days before a plan change, a leaver's
  /// days up to their leaving day), so it needs only those customers' usage on those days. The
  /// cube must keep days (`Grain.day`: a day cell carries its day's first hour); a period cube
  /// holds no days to select.
  func cells(of customers: [Bool], during period: Period) -> UsageCube {
    var part = self
    part.cells = cells.filter { cell in
      let c = Int(cell.key.customer)
      let day = Int(clamping: cell.key.hour / 24)
      return customers.indices.contains(c) && customers[c] && day >= period.start.daysSinceEpoch
        && day < period.end.daysSinceEpoch
    }
    return part
  }
}
