import Foundation

/// A free tier of `allowance` calls a month, and what it would earn and cost, as values.
///
/// Its own outcome, per month: `net = conversions' revenue − free users' AI cost −
/// cannibalized revenue`. Cannibalized revenue is what paying customers whose whole month fits
/// in the allowance pay today: they could stop paying. An offer whose net is not positive does
/// not pay for itself and is never recommended.
public struct FreeTierOffer: Sendable, Hashable {
  /// Free calls a month.
  public var allowance: Int
  /// Share of light customers whose month fits in the allowance.
  public var lightCovered: Double
  public var freeUsers: Int
  /// Monthly AI cost of one free user: a light customer's usage, capped at the allowance.
  public var costPerFreeUser: Money
  public var conversions: Int
  /// What a converted user pays a month: the median paying light customer's bill.
  public var revenuePerConversion: Money
  /// Paying customers whose month fits in the allowance.
  public var cannibalizedCustomers: Int
  /// Their monthly bills, times the share assumed to downgrade.
  public var cannibalizedRevenue: Money

  public var freeCost: Money { costPerFreeUser * Int64(freeUsers) }
  public var conversionRevenue: Money { revenuePerConversion * Int64(conversions) }
  /// The offer's own monthly outcome.
  public var net: Money { conversionRevenue - freeCost - cannibalizedRevenue }
  public var paysForItself: Bool { net > .zero }
}

/// The free-tier model's assumptions, stated in the report.
public struct FreeTierAssumptions: Sendable, Hashable {
  /// Free sign-ups per light customer today (the free tier's audience is wider).
  public var freeUsersPerLightCustomer = 3.0
  /// Share of free users who convert to paying each month.
  public var conversion = 0.04
  /// Share of paying customers whose month fits in the allowance who stop paying.
  public var downgradeShare = 1.0
  /// Shares of light customers the candidate allowances cover.
  public var coverages = [0.5, 0.6, 0.7, 0.8, 0.9]
  public init() {}
}

/// One customer's month as the free-tier model sees it.
public struct CustomerMonth: Sendable, Hashable {
  /// Billable calls a month.
  public var calls: Double
  /// AI cost a month.
  public var cost: Money
  /// Bill under the current plan, a month.
  public var bill: Money
  public var isLight: Bool
  public init(calls: Double, cost: Money, bill: Money, isLight: Bool) {
    self.calls = calls
    self.cost = cost
    self.bill = bill
    self.isLight = isLight
  }
}

extension FreeTierOffer {
  /// The offer of `allowance` calls a month to the audience `customers` imply.
  public static func evaluate(
    allowance: Int, customers: [CustomerMonth], assumptions a: FreeTierAssumptions
  ) -> FreeTierOffer {
    let light = customers.filter(\.isLight)
    let cap = Double(allowance)
    // A light customer's cost scaled to the allowance: cost × cap / calls, one rounding.
    let capped = light.map { x -> Money in
      x.calls <= cap || x.calls <= 0
        ? x.cost
        : x.cost.scaled(
          by: Int64(saturating: (cap * 1_000_000).rounded()), per: Int64(saturating: (x.calls * 1_000_000).rounded()))
    }
    let paying = customers.filter { $0.bill > .zero && $0.calls <= cap }
    let freeUsers = Int((Double(light.count) * a.freeUsersPerLightCustomer).rounded())
    let scale: Int64 = 1_000_000
    return FreeTierOffer(
      allowance: allowance,
      lightCovered: light.isEmpty ? 0 : Double(light.filter { $0.calls <= cap }.count) / Double(light.count),
      freeUsers: freeUsers,
      costPerFreeUser: light.isEmpty ? .zero : Money.sum(capped).scaled(by: 1, per: light.count),
      conversions: Int((Double(freeUsers) * a.conversion).rounded()),
      revenuePerConversion: median(light.map(\.bill).filter { $0 > .zero }),
      cannibalizedCustomers: paying.count,
      cannibalizedRevenue: Money.sum(paying.map(\.bill)).scaled(
        by: Int64(saturating: (a.downgradeShare * Double(scale)).rounded()), per: scale))
  }

  /// Allowances covering each of `assumptions.coverages` of light customers' months, rounded
  /// up to 1, 2 or 5 × 10ⁿ, without repeats, smallest first.
  public static func candidates(_ customers: [CustomerMonth], assumptions: FreeTierAssumptions) -> [Int] {
    let calls = customers.filter(\.isLight).map(\.calls).sorted()
    guard !calls.isEmpty else { return [] }
    let raw = assumptions.coverages.map { q in
      calls[min(calls.count - 1, max(0, Int((q * Double(calls.count)).rounded(.up)) - 1))]
    }
    return Array(Set(raw.map(nice))).sorted()
  }

  /// The offer with the highest net (ties: the smaller allowance); `nil` without candidates.
  public static func best(_ offers: [FreeTierOffer]) -> FreeTierOffer? {
    offers.min { ($1.net, $0.allowance) < ($0.net, $1.allowance) }
  }

  /// Rounds up to 1, 2 or 5 times a power of ten (37 → 50, 180 → 200); 10 for nothing.
  public static func nice(_ x: Double) -> Int {
    guard x > 0, x.isFinite else { return 10 }
    let p = pow(10, floor(log10(x)))
    for m in [1.0, 2, 5, 10] where m * p >= x { return Int(m * p) }
    return Int(10 * p)
  }

  /// The median amount (the lower middle for an even count, an amount someone pays); zero when empty.
  static func median(_ values: [Money]) -> Money {
    let s = values.sorted()
    return s.isEmpty ? .zero : s[(s.count - 1) / 2]
  }
}
