extension Charge {
  /// Units of this charge's metric in a cube cell. Failed calls (status error) are not billed.
  func units(_ cell: UsageCube.Cell) -> Int64 {
    switch metric {
    case "calls": return cell.billableCalls
    case "tokens": return cell.billableInput + cell.billableOutput
    case "input_tokens": return cell.billableInput
    case "output_tokens": return cell.billableOutput
    case "cached_input_tokens": return cell.billableCached
    default: return cell.cost
    }
  }

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
    }
  }
}
