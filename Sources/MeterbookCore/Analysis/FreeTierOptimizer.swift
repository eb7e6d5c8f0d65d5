/// The free tier: candidate monthly allowances sized on light customers' observed usage, each
/// with its own outcome (conversions' revenue − free users' cost − revenue of paying customers
/// who would fit inside it), and a recommendation only for an offer that pays for itself.
///
/// Usage is each customer's observed billable calls per calendar month, never an archetype's
/// nominal range. Light customers are the `light` archetype of a simulation; data without one
/// (an import) uses the lighter half of customers by calls per month.
public struct FreeTierOptimizer {
  public var assumptions = FreeTierAssumptions()
  public init() {}

  /// Who counts as light, for the report.
  public enum LightRule: String, Sendable, Hashable {
    case archetype = "the 'light' archetype"
    case lighterHalf = "the lighter half of customers by calls per month (the data has no 'light' archetype)"
  }

  /// Every customer's month and how light customers were chosen.
  public func customerMonths(_ c: AnalysisContext) -> (months: [CustomerMonth], rule: LightRule) {
    let n = c.population.customers.count
    var calls = [Int](repeating: 0, count: n)
    for i in 0..<c.run.count where c.run.status[i] != 1 && Int(c.run.customer[i]) < n {
      calls[Int(c.run.customer[i])] += 1
    }
    let cost = c.costByCustomer
    let bills = c.revenueByCustomer
    let perMonth = calls.map { Double($0) / max(c.months, 1e-9) }
    let light = c.population.spec.archetypes.firstIndex { $0.name == "light" }
    let sorted = perMonth.sorted()
    let median = sorted.isEmpty ? 0 : sorted[(sorted.count - 1) / 2]
    let months = c.population.customers.map { x in
      CustomerMonth(
        calls: perMonth[x.index], cost: c.monthly(cost[x.index]), bill: c.monthly(bills[x.index]),
        isLight: light.map { x.archetype == $0 } ?? (perMonth[x.index] <= median))
    }
    return (months, light == nil ? .lighterHalf : .archetype)
  }

  /// Every candidate offer, smallest allowance first.
  public func offers(_ c: AnalysisContext) -> [FreeTierOffer] {
    let months = customerMonths(c).months
    return FreeTierOffer.candidates(months, assumptions: assumptions).map {
      FreeTierOffer.evaluate(allowance: $0, customers: months, assumptions: assumptions)
    }
  }

  /// The offer to recommend: the best one, if it pays for itself.
  public func recommended(_ offers: [FreeTierOffer]) -> FreeTierOffer? {
    FreeTierOffer.best(offers).flatMap { $0.paysForItself ? $0 : nil }
  }
}
