import Synchronization

/// The bills already computed on one usage cube, by plan.
///
/// After a `set`, the run summary and the plan comparison of the same run bill the same plans
/// on the same cube; billing twice was a tenth of the what-if loop. A book belongs to one
/// cube and population (its owner drops it when the run changes). Bills depend on the plan,
/// on the other plans (per-tier plans bill a tier on another plan) and on the run's period,
/// so all three are the key.
public final class BillBook: Sendable {
  private struct Key: Hashable {
    var plan: Plan
    var plans: [Plan]
    var period: Period
  }

  private let memo = Mutex<[Key: [Bill]]>([:])

  public init() {}

  /// `engine.bills(plan, cube: cube, population: population)`, computed once per key.
  func bills(_ plan: Plan, engine: PricingEngine, cube: UsageCube, population: Population) -> [Bill] {
    let key = Key(plan: plan, plans: engine.plans, period: engine.period)
    if let known = memo.withLock({ $0[key] }) { return known }
    let bills = engine.bills(plan, cube: cube, population: population)
    memo.withLock { $0[key] = bills }
    return bills
  }
}

extension PricingEngine {
  /// Bills from `cube`, through `book` when there is one.
  func bills(_ plan: Plan, cube: UsageCube, population: Population, book: BillBook?) -> [Bill] {
    book?.bills(plan, engine: self, cube: cube, population: population)
      ?? bills(plan, cube: cube, population: population)
  }
}
