extension MoneySettings {
  /// The cube grain billing and converted costs need over `period`.
  ///
  /// Billing needs days when a plan has several billing periods in the run; converting the
  /// USD AI costs needs them too when the rate to the display currency changes inside the
  /// run, since each day's costs convert at that day's rate. Otherwise one bucket serves.
  public func grain(for plans: [Plan], period: Period) -> UsageCube.Grain {
    let billing = PricingEngine.grain(for: plans, period: period)
    guard billing == .period, display != .usd else { return billing }
    let factors = (0..<period.days).map { try? factor(from: .usd, on: period.day($0)) }
    return factors.allSatisfy({ $0 == factors.first }) ? .period : .day
  }
}
