/// The conversion factors a report used, looked up through the workbook's rates and
/// remembered, so the report can say which quotes it applied.
struct RateLedger {
  private(set) var used: [FXTable.Used] = []

  mutating func factor(_ money: MoneySettings, from currency: Currency, on day: CalendarDay) throws -> FXTable.Factor {
    do throws(FXError) {
      let f = try money.factor(from: currency, on: day)
      for q in f.quotes where !used.contains(q) {
        used.append(q)
        used.sort { ($0.pair, $0.rate.from) < ($1.pair, $1.rate.from) }
      }
      return f
    } catch {
      throw ProjectionError.exchange(error)
    }
  }

  /// Each customer's AI cost (USD) in the display currency: a call's cost at the rate of its
  /// day, summed per customer over the days that share a rate and converted once per sum.
  mutating func displayCost(_ run: Run, period: Period, customers: Int, money: MoneySettings) throws -> [Money] {
    let epochs = try costEpochs(period: period, money: money)
    var sums = [[Int128]](repeating: [Int128](repeating: 0, count: customers), count: epochs.factors.count)
    for i in 0..<run.count {
      let c = Int(run.customer[i])
      guard c < customers, let d = period.dayIndex(epochSeconds: run.timestamp[i]) else { continue }
      sums[epochs.ofDay[d]][c] += Int128(run.cost[i])
    }
    return epochs.apply(sums, customers: customers)
  }

  /// The same from a cube: a cell's cost at the rate of its day (a day cube's cells carry
  /// their day; a period cube's, the run's first, which is exact while one rate covers the
  /// run — `MoneySettings.grain` asks for a day cube otherwise).
  mutating func displayCost(_ cube: UsageCube, period: Period, customers: Int, money: MoneySettings) throws -> [Money] {
    let epochs = try costEpochs(period: period, money: money)
    var sums = [[Int128]](repeating: [Int128](repeating: 0, count: customers), count: epochs.factors.count)
    for cell in cube.cells where Int(cell.key.customer) < customers {
      let day = Int(clamping: cell.key.hour / 24) - period.start.daysSinceEpoch
      sums[epochs.ofDay[min(max(day, 0), epochs.ofDay.count - 1)]][Int(cell.key.customer)] += Int128(cell.cost)
    }
    return epochs.apply(sums, customers: customers)
  }

  /// The run's days grouped into spans that share a USD → display factor.
  mutating func costEpochs(period: Period, money: MoneySettings) throws -> CostEpochs {
    var epochs = CostEpochs()
    for d in 0..<max(1, period.days) {
      let f = try factor(money, from: .usd, on: period.day(d))
      if epochs.factors.last.map({ $0.numerator != f.numerator || $0.denominator != f.denominator }) ?? true {
        epochs.factors.append(f)
      }
      epochs.ofDay.append(epochs.factors.count - 1)
    }
    return epochs
  }

  /// `bill` in the display currency: each invoice's lines at the rate in effect on its
  /// period's last day (invoices are finalized at the end of the period), each line rounded
  /// once, so the converted invoice still adds up.
  mutating func displayBill(_ bill: Bill, from currency: Currency, money: MoneySettings) throws -> Bill {
    var out = bill
    for i in out.invoices.indices {
      let f = try factor(money, from: currency, on: out.invoices[i].period.lastDay)
      for j in out.invoices[i].lines.indices {
        out.invoices[i].lines[j].amount = f.apply(out.invoices[i].lines[j].amount)
      }
    }
    return out
  }
}

/// Spans of days that share one conversion factor, and per-customer sums to convert per span.
struct CostEpochs {
  var factors: [FXTable.Factor] = []
  var ofDay: [Int] = []

  /// Each customer's sums, each converted once with its span's factor, added.
  func apply(_ sums: [[Int128]], customers: Int) -> [Money] {
    (0..<customers).map { c in
      factors.indices.reduce(Money.zero) { $0 + factors[$1].apply(Money(nanos: sums[$1][c])) }
    }
  }
}
