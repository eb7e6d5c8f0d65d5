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
    var factors: [FXTable.Factor] = []
    var epochOfDay: [Int] = []
    for d in 0..<period.days {
      let f = try factor(money, from: .usd, on: period.day(d))
      if factors.last.map({ $0.numerator != f.numerator || $0.denominator != f.denominator }) ?? true {
        factors.append(f)
      }
      epochOfDay.append(factors.count - 1)
    }
    var sums = [[Int128]](repeating: [Int128](repeating: 0, count: customers), count: factors.count)
    for i in 0..<run.count {
      let c = Int(run.customer[i])
      guard c < customers, let d = period.dayIndex(epochSeconds: run.timestamp[i]) else { continue }
      sums[epochOfDay[d]][c] += Int128(run.cost[i])
    }
    return (0..<customers).map { c in
      factors.indices.reduce(Money.zero) { $0 + factors[$1].apply(Money(nanos: sums[$1][c])) }
    }
  }
}
