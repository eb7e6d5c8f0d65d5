extension Charge {
  /// The amount this charge bills for `units` (for `cost` metrics: nano-dollars of AI cost).
  public func amount(units: Int64) -> Money {
    let billable = max(0, units - included)
    switch model {
    case .perUnit(let price, let per):
      return price.scaled(by: billable, per: per)
    case .package(let price, let size):
      return price * ((billable + size - 1) / size)
    case .graduated(let tiers):
      var total = Money.zero
      var lower: Int64 = 0
      for tier in tiers {
        guard billable > lower else { break }
        let upper = tier.upTo.map { min($0, billable) } ?? billable
        total += tier.unitPrice * (upper - lower) + tier.flat
        lower = tier.upTo ?? billable
      }
      return total
    case .volume(let tiers):
      guard billable > 0 else { return .zero }
      let tier = tiers.first { ($0.upTo ?? .max) >= billable } ?? tiers[tiers.count - 1]
      return tier.unitPrice * billable + tier.flat
    case .markup(let m):
      return Money(nanos: units).scaled(by: Int64(saturating: (1 + m) * 1_000_000), per: 1_000_000)
    case .matrix:
      // A matrix prices several counters at once, never one count: `amount(meters:)`.
      return .zero
    }
  }
}
