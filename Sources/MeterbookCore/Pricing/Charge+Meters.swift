/// A charge's counters: what billing counts per customer per period for it, and its amount
/// from them.
///
/// Most charges read one counter (their metric's units). Tiering by another metric reads a
/// second (`tiers_by`'s units), seats read the customer's activity and their organization's
/// active seats, and a price matrix reads four per rate (`PriceMatrix`). `PlanUsage` keeps the
/// counters of a plan's charges one after another, in charge order.
extension Charge {
  /// How many counters this charge reads.
  public var meterCount: Int {
    if case .matrix(let m) = model { return m.rates.count * PriceMatrix.countersPerRate }
    return tiersBy == nil && metric != Self.seats ? 1 : 2
  }

  /// The metric name of a per-seat charge.
  public static let seats = "seats"

  /// The charge's amount from its `meterCount` counters.
  ///
  /// - A seat charge bills one seat when the customer made a billable call in the period (on
  ///   any day: the seat counts once), at the tier their organization's active seats reach.
  /// - `tiers_by`: the tier the second counter (the other metric's period total) reaches
  ///   prices every billable unit of the charge's own metric, plus that tier's `flat`.
  public func amount(meters: ArraySlice<Int64>) -> Money {
    if case .matrix(let m) = model { return m.amount(meters) }
    let own = meters.first ?? 0
    guard meterCount == 2 else { return amount(units: own) }
    let units = metric == Self.seats ? min(own, 1) : own
    return amount(units: units, tierUnits: meters.dropFirst().first ?? 0)
  }

  /// `units` priced at the tier that `tierUnits` reaches (tiers by another count).
  func amount(units: Int64, tierUnits: Int64) -> Money {
    let billable = max(0, units - included)
    switch model {
    case .graduated(let tiers), .volume(let tiers):
      guard billable > 0, let last = tiers.last else { return .zero }
      let tier = tiers.first { ($0.upTo ?? .max) >= tierUnits } ?? last
      return tier.unitPrice * billable + tier.flat
    default:
      return amount(units: units)
    }
  }
}
