extension AnalysisContext {
  /// This context with the run's AI costs and the current plan's bills in the display currency.
  ///
  /// The analyzers that set revenue against cost (profitability, features, free tier, real
  /// time) read costs call by call and bills customer by customer; converting the run once
  /// lets them compute margins in one currency without knowing about rates. Each call's cost
  /// converts at the rate of its UTC day (rounded once per call to the nano-unit), each
  /// invoice at its period's last day (`revenueByCustomer`), and `rates` names every quote
  /// used. With USD shown the context is returned as it is, so an all-USD workbook's reports
  /// do not change. A missing rate (which the workbook loader refuses) keeps USD as well.
  public func inDisplayCurrency() -> AnalysisContext {
    guard money.display != currency || currentPlan.currency != currency else { return self }
    var ledger = RateLedger()
    do {
      let days = max(1, period.days)
      let factors = try (0..<days).map { try ledger.factor(money, from: currency, on: period.day($0)) }
      for billing in currentPlan.billing.periods(overlapping: period) {
        _ = try ledger.factor(money, from: currentPlan.currency, on: billing.lastDay)
      }
      var c = self
      for i in 0..<run.count where money.display != currency {
        let offset = (run.timestamp[i] - period.start.epochSeconds) / 86_400
        let day = Int(clamping: min(max(offset, 0), Int64(days - 1)))
        c.run.cost[i] = Int64(clamping: factors[day].apply(Money(nanos: run.cost[i])).nanos)
      }
      c.currency = money.display
      c.rates = ledger.used
      return c
    } catch {
      return self
    }
  }

  /// The line naming the display currency and the quotes used; `nil` when nothing converted.
  var ratesNote: String? { money.ratesNote(rates) }
}
