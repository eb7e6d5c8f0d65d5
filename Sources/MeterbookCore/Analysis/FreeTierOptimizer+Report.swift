extension FreeTierOptimizer {
  /// The free-tier report: the best candidate's outcome, recommended only when positive.
  public func report(_ c: AnalysisContext) -> Report {
    let (months, rule) = customerMonths(c)
    let all = FreeTierOffer.candidates(months, assumptions: assumptions).map {
      FreeTierOffer.evaluate(allowance: $0, customers: months, assumptions: assumptions)
    }
    guard let best = FreeTierOffer.best(all) else {
      return Report(title: "Free-tier optimizer", blocks: [.note("No light customers to size a free tier for.")])
    }
    let paying = months.filter { $0.bill > .zero }.count
    let pays = best.paysForItself
    let currency = c.currency
    return Report(
      title: "Free-tier optimizer",
      domain: "Usage-based revenue: free tier and conversion",
      problem:
        "A free tier must cover what light customers do in a month without giving away what paying customers pay for: \(best.cannibalizedCustomers) of \(paying) paying customers (\(ShareText.percent(best.cannibalizedCustomers, of: paying))) use no more than \(Format.integer(best.allowance)) calls a month and could stop paying.",
      impact: pays
        ? "A \(Format.integer(best.allowance))-call monthly allowance nets \(Format.money(best.net, in: currency))/month under the stated assumptions."
        : "No free tier pays for itself under these assumptions: the best candidate (\(Format.integer(best.allowance)) calls a month) nets \(Format.money(best.net, in: currency))/month.",
      recommendation: pays
        ? "Offer \(Format.integer(best.allowance)) free calls a month."
        : "Do not offer a free tier; revisit if conversion exceeds \(breakEven(best).map { Format.percent($0) } ?? "any rate") a month or light customers pay less than their cost to serve.",
      outcome: outcome(best, in: currency),
      blocks: [
        .histogram(
          HistogramChart(
            title: "Light customers' calls per month", values: months.filter(\.isLight).map(\.calls).sorted(),
            unit: .count)),
        .table(candidateTable(all, in: currency)),
        .note(
          "Assumptions: light customers are \(rule.rawValue); \(Format.fixed(assumptions.freeUsersPerLightCustomer, places: 1)) free users per light customer, each using what a light customer uses up to the allowance; \(Format.percent(assumptions.conversion)) of free users convert each month and pay the median paying light customer's bill; \(Format.percent(assumptions.downgradeShare, places: 0)) of paying customers whose month fits in the allowance stop paying. Net = conversions' revenue − free users' AI cost − cannibalized revenue; an offer is recommended only when its net is positive."
        ),
      ] + (c.ratesNote.map { [.note($0)] } ?? []))
  }

  func outcome(_ o: FreeTierOffer, in currency: Currency) -> String {
    "\(o.conversions) conversions × \(Format.money(o.revenuePerConversion, in: currency)) = \(Format.money(o.conversionRevenue, in: currency)), − \(Format.money(o.freeCost, in: currency)) of AI cost for \(Format.integer(o.freeUsers)) free users, − \(Format.money(o.cannibalizedRevenue, in: currency)) from \(o.cannibalizedCustomers) paying customers who fit inside it: net \(Format.money(o.net, in: currency))/month."
  }

  /// The monthly conversion rate at which `o` would break even; `nil` when conversions earn nothing.
  func breakEven(_ o: FreeTierOffer) -> Double? {
    guard o.freeUsers > 0, o.revenuePerConversion > .zero else { return nil }
    let needed = (o.freeCost + o.cannibalizedRevenue).dollars / o.revenuePerConversion.dollars
    return needed / Double(o.freeUsers)
  }

  func candidateTable(_ offers: [FreeTierOffer], in currency: Currency) -> Table {
    Table(
      title: "Candidate allowances (per month)",
      columns: [
        "free calls", "light covered", "free users", "AI cost/free user", "conversions", "conversion revenue",
        "paying customers inside", "cannibalized revenue", "net",
      ],
      numeric: [true, true, true, true, true, true, true, true, true],
      cells: offers.map { o in
        [
          .count(o.allowance), .percent(o.lightCovered, places: 0), .count(o.freeUsers),
          .money(o.costPerFreeUser, in: currency),
          .count(o.conversions), .money(o.conversionRevenue, in: currency), .count(o.cannibalizedCustomers),
          .money(-o.cannibalizedRevenue, in: currency), .money(o.net, in: currency),
        ]
      })
  }
}
