import Foundation

/// The free tier: the monthly call allowance that covers a chosen share of light users, what
/// it costs, and a free → paid funnel under stated assumptions.
public struct FreeTierOptimizer {
  /// Share of light users whose whole month fits in the allowance.
  public var coverage = 0.8
  /// Free sign-ups per light customer today (the free tier's audience is wider).
  public var freeUsersPerLightCustomer = 3.0
  /// Share of free users who convert to the cheapest paid tier per month.
  public var conversion = 0.04
  public init() {}

  public func report(_ c: AnalysisContext) -> Report {
    let run = c.run
    let pop = c.population
    guard let light = pop.spec.archetypes.firstIndex(where: { $0.name == "light" }) ?? pop.spec.archetypes.indices.first
    else {
      return Report(title: "Free-tier optimizer", blocks: [.note("No archetypes to size a free tier for.")])
    }
    var calls = [Int](repeating: 0, count: pop.customers.count)
    var cost = [Money](repeating: .zero, count: pop.customers.count)
    for i in 0..<run.count where run.status[i] != 1 {
      calls[Int(run.customer[i])] += 1
      cost[Int(run.customer[i])].nanos += Int128(run.cost[i])
    }
    let lights = pop.customers.filter { $0.archetype == light }
    guard !lights.isEmpty else {
      return Report(title: "Free-tier optimizer", blocks: [.note("No light users in this run.")])
    }
    let monthlyCalls = lights.map { Double(calls[$0.index]) / c.months }.sorted()
    let raw = monthlyCalls[min(monthlyCalls.count - 1, Int((coverage * Double(monthlyCalls.count)).rounded(.up)) - 1)]
    let allowance = Self.nice(raw)
    // Cost of serving one free user: their calls up to the allowance at their own cost per call.
    let freeCost = lights.map { x -> Money in
      let n = Double(calls[x.index]) / c.months
      guard n > 0 else { return .zero }
      return c.monthly(cost[x.index]).scaled(
        by: Int64(saturating: min(n, Double(allowance)) * 1000), per: Int64(saturating: n * 1000))
    }
    let perFreeUser = Money.sum(freeCost).scaled(by: 1, per: Int64(lights.count))
    let freeUsers = Int((Double(lights.count) * freeUsersPerLightCustomer).rounded())
    let converted = Int((Double(freeUsers) * conversion).rounded())
    let cheapest = pop.spec.tiers.min { $0.fee < $1.fee }
    let fee = cheapest?.fee ?? .zero
    let freeCostTotal = perFreeUser * Int64(freeUsers)
    let newRevenue = fee * Int64(converted)
    let net = newRevenue - freeCostTotal
    let covered = monthlyCalls.filter { $0 <= Double(allowance) }.count
    return Report(
      title: "Free-tier optimizer",
      domain: "Usage-based revenue: free tier and conversion",
      problem: "A free tier must cover what light users do in a month without giving away what paying users need.",
      impact:
        "A \(Format.integer(allowance))-call monthly allowance covers \(Format.percent(Double(covered) / Double(lights.count), places: 0)) of light users at \(Format.money(perFreeUser)) of AI cost per free user per month.",
      recommendation:
        "Offer \(Format.integer(allowance)) free calls a month, then the \(cheapest?.name ?? "cheapest") tier at \(Format.money(fee)).",
      outcome:
        "With \(Format.integer(freeUsers)) free users and \(Format.percent(conversion)) monthly conversion: +\(Format.money(newRevenue))/month from \(converted) conversions against \(Format.money(freeCostTotal))/month of free usage: net \(Format.money(net))/month.",
      blocks: [
        .histogram(HistogramChart(title: "Light users' calls per month", values: monthlyCalls, unit: .count)),
        .table(
          Table(
            title:
              "Funnel (assumptions: \(Format.fixed(freeUsersPerLightCustomer, places: 1)) free users per light customer, \(Format.percent(conversion)) convert per month)",
            columns: ["step", "users", "per user", "total / month"], numeric: [false, true, true, true],
            rows: [
              ["free users", Format.integer(freeUsers), Format.money(perFreeUser), "-" + Format.money(freeCostTotal)],
              [
                "convert to \(cheapest?.name ?? "paid")", Format.integer(converted), Format.money(fee),
                Format.money(newRevenue),
              ],
              ["net", "", "", Format.money(net)],
            ])),
      ])
  }

  /// Rounds up to 1, 2 or 5 times a power of ten (37 → 50, 180 → 200).
  static func nice(_ x: Double) -> Int {
    guard x > 0 else { return 10 }
    let p = pow(10, floor(log10(x)))
    for m in [1.0, 2, 5, 10] where m * p >= x { return Int(m * p) }
    return Int(10 * p)
  }
}
