/// Pricing plans compared over many seeds: each plan's figures as bands, how often it earns
/// the most, its paired difference against the current plan, and whether the evidence is
/// strong enough to recommend one.
///
/// Every plan of a seed is billed on that seed's very same calls, so the difference between
/// two plans is taken seed by seed (a paired difference) before it is banded. Pairing is what
/// makes a small, steady advantage visible: two plans' margins can each move by thousands
/// with the seed while one beats the other by a few hundred in every seed. Plans are judged,
/// as by `PlanChoice`, on margin after expected price-sensitive churn.
public struct PlanOdds: Sendable, Hashable {
  public struct Entry: Sendable, Hashable {
    public var plan: String
    public var revenue: Band<Money>
    public var margin: Band<Money>
    /// Margin as a share of revenue (seeds without revenue left out).
    public var marginShare: Band<Double>?
    public var negativeCustomers: Band<Double>
    public var revenueAfterChurn: Band<Money>
    public var marginAfterChurn: Band<Money>
    /// Share of seeds in which this plan has the highest margin after churn; a tie of k
    /// plans gives each 1/k of that seed.
    public var winRate: Double
    /// This plan's margin after churn minus the current plan's, seed by seed.
    public var versusCurrent: Band<Money>
    /// Share of seeds in which it beats the current plan (ties count half).
    public var beatsCurrent: Double
  }

  /// What the comparison can conclude.
  public enum Verdict: Sendable, Hashable {
    /// `plan` leads; it beats the runner-up in `confidence` of the seeds (1 without a runner-up).
    case recommend(plan: String, runnerUp: String?, confidence: Double)
    /// The two leaders are too close: the runner-up wins in more seeds than the tolerance allows.
    case undecided(leader: String, runnerUp: String, leaderWins: Double)
  }

  public var entries: [Entry]
  public var seeds: Int
  public var uncertainty: Uncertainty
  public var verdict: Verdict

  /// The odds from each seed's figures (`perSeed[k]`, the compared plans in the same order,
  /// the first being the current plan); `nil` without seeds or plans.
  public init?(_ perSeed: [WhatIfFigures], uncertainty: Uncertainty) {
    guard let first = perSeed.first, let current = first.plans.first?.plan else { return nil }
    let names = first.plans.map(\.plan)
    func values<T>(_ plan: Int, _ key: (WhatIfFigures.PlanResult) -> T) -> [T] {
      perSeed.compactMap { $0.plans.indices.contains(plan) ? key($0.plans[plan]) : nil }
    }
    var wins = [Double](repeating: 0, count: names.count)
    for seed in perSeed {
      let best = seed.plans.map(\.marginAfterChurn).max() ?? .zero
      let leaders = seed.plans.indices.filter { seed.plans[$0].marginAfterChurn == best }
      for p in leaders where p < wins.count { wins[p] += 1 / Double(leaders.count) }
    }
    let n = Double(perSeed.count)
    entries = names.indices.compactMap { p in
      let after = values(p, \.marginAfterChurn)
      let base = values(0, \.marginAfterChurn)
      let differences = zip(after, base).map { $0 - $1 }
      guard let revenue = Band(values(p, \.revenue), uncertainty), let margin = Band(values(p, \.margin), uncertainty),
        let negative = Band(values(p) { Double($0.negativeCustomers) }, uncertainty),
        let revenueAfter = Band(values(p, \.revenueAfterChurn), uncertainty),
        let marginAfter = Band(after, uncertainty), let versus = Band(differences, uncertainty)
      else { return nil }
      let shares = values(p) { $0.revenue > .zero ? $0.margin.share(of: $0.revenue) : nil }.compactMap { $0 }
      return Entry(
        plan: names[p], revenue: revenue, margin: margin, marginShare: Band(shares, uncertainty),
        negativeCustomers: negative, revenueAfterChurn: revenueAfter, marginAfterChurn: marginAfter,
        winRate: wins[p] / n, versusCurrent: versus, beatsCurrent: Self.share(differences) { $0 > .zero })
    }
    seeds = perSeed.count
    self.uncertainty = uncertainty
    verdict = Self.verdict(entries, perSeed: perSeed, current: current, tolerance: uncertainty.tolerance)
  }

  /// The leader by median margin after churn (ties keep the current plan, then the name
  /// decides), and how often it beats the runner-up seed by seed.
  static func verdict(_ entries: [Entry], perSeed: [WhatIfFigures], current: String, tolerance: Double) -> Verdict {
    let ranked = entries.sorted { a, b in
      let (x, y) = (a.marginAfterChurn.median, b.marginAfterChurn.median)
      if x != y { return x > y }
      if (a.plan == current) != (b.plan == current) { return a.plan == current }
      return a.plan < b.plan
    }
    guard let leader = ranked.first else { return .recommend(plan: current, runnerUp: nil, confidence: 1) }
    guard ranked.count > 1 else { return .recommend(plan: leader.plan, runnerUp: nil, confidence: 1) }
    let runnerUp = ranked[1]
    let pairs = perSeed.compactMap { seed -> Money? in
      guard let a = seed.plan(leader.plan), let b = seed.plan(runnerUp.plan) else { return nil }
      return a.marginAfterChurn - b.marginAfterChurn
    }
    let leaderWins = share(pairs) { $0 > .zero }
    return leaderWins >= 1 - tolerance
      ? .recommend(plan: leader.plan, runnerUp: runnerUp.plan, confidence: leaderWins)
      : .undecided(leader: leader.plan, runnerUp: runnerUp.plan, leaderWins: leaderWins)
  }

  /// Share of `differences` above zero, an exact zero counting half.
  static func share(_ differences: [Money], _ above: (Money) -> Bool) -> Double {
    guard !differences.isEmpty else { return 0 }
    let score = differences.reduce(0.0) { $0 + (above($1) ? 1 : $1 == .zero ? 0.5 : 0) }
    return score / Double(differences.count)
  }

  public func entry(_ plan: String) -> Entry? { entries.first { $0.plan == plan } }
}
