extension AnalysisContext {
  /// This context with the run's AI costs and the current plan's bills in the display currency.
  ///
  /// The analyzers that set revenue against cost (profitability, features, free tier, real
  /// time) read costs call by call and bills customer by customer; converting the run once
  /// lets them compute margins in one currency without knowing about rates. Costs convert as
  /// `RateLedger.displayCost` does: each customer's costs over the days that share a rate are
  /// summed and converted once, so a customer's total is exactly the one `compare` shows; that
  /// total is then shared among the calls in proportion to their USD cost (`shared`). Each
  /// invoice converts at its period's last day (`revenueByCustomer`), and `rates` names every
  /// quote used. With USD shown and the plan in USD the context is returned as it is, so an
  /// all-USD workbook's reports do not change. A missing rate (which the workbook loader
  /// refuses) keeps the context as it is too.
  public func inDisplayCurrency() -> AnalysisContext {
    guard money.display != currency || currentPlan.currency != currency else { return self }
    var ledger = RateLedger()
    do {
      var c = self
      if money.display != currency {
        let epochs = try ledger.costEpochs(period: period, money: money)
        c.run.cost = shared(epochs)
      }
      for billing in currentPlan.billing.periods(overlapping: period) {
        _ = try ledger.factor(money, from: currentPlan.currency, on: billing.lastDay)
      }
      c.currency = money.display
      c.rates = ledger.used
      return c
    } catch {
      return self
    }
  }

  /// Each call's cost converted: per customer and span of days sharing a rate, the span's sum
  /// converted once, then given out call by call by rounding the converted running sum
  /// (`running × converted / sum`), so the calls add up to the converted sum exactly.
  private func shared(_ epochs: CostEpochs) -> [Int64] {
    let width = run.customer.max().map { Int($0) + 1 } ?? 0
    let days = max(1, epochs.ofDay.count)
    let epoch = run.timestamp.map { t in
      epochs.ofDay[Int(clamping: min(max((t - period.start.epochSeconds) / 86_400, 0), Int64(days - 1)))]
    }
    let zero = [[Int128]](repeating: [Int128](repeating: 0, count: width), count: epochs.factors.count)
    var sums = zero
    for i in 0..<run.count { sums[epoch[i]][Int(run.customer[i])] += Int128(run.cost[i]) }
    var running = zero
    var given = zero
    return (0..<run.count).map { i in
      let (e, c) = (epoch[i], Int(run.customer[i]))
      let sum = sums[e][c]
      // A span whose costs cancel out (refunds) has no proportion to share by.
      guard sum > 0 else { return Int64(clamping: epochs.factors[e].apply(Money(nanos: run.cost[i])).nanos) }
      running[e][c] += Int128(run.cost[i])
      let upTo = Money(nanos: running[e][c]).scaled(by: epochs.factors[e].apply(Money(nanos: sum)).nanos, per: sum)
      defer { given[e][c] = upTo.nanos }
      return Int64(clamping: upTo.nanos - given[e][c])
    }
  }

  /// The line naming the display currency and the quotes used; `nil` when nothing converted.
  var ratesNote: String? { money.ratesNote(rates) }
}
