import Testing

@testable import MeterbookCore

/// Known answers for the free tier: its own outcome counts the paying customers who would fit
/// inside it, and an offer that does not pay for itself is never recommended.
struct FreeTierTests {
  /// Ten light customers using 10, 20, …, 100 calls a month at $0.001 a call and paying $0.10 a
  /// call, and ten heavy ones using 5,000 calls for $500.
  static let population: [CustomerMonth] =
    (1...10).map { k in
      CustomerMonth(
        calls: Double(10 * k), cost: Money(nanos: 10_000_000 * k), bill: Money(dollars: Int64(k)), isLight: true)
    }
    + (0..<10).map { _ in
      CustomerMonth(calls: 5000, cost: Money(dollars: 5), bill: Money(dollars: 500), isLight: false)
    }

  @Test func anOfferThatPaysIsRecommendedWithItsNet() throws {
    var a = FreeTierAssumptions()
    (a.freeUsersPerLightCustomer, a.conversion) = (30, 0.05)
    // Coverages 50…90% of the light months are 50, 60, 70, 80, 90 calls → allowances 50 and 100.
    #expect(FreeTierOffer.candidates(Self.population, assumptions: a) == [50, 100])
    let offers = [50, 100].map { FreeTierOffer.evaluate(allowance: $0, customers: Self.population, assumptions: a) }
    // 50 calls: a free user costs the mean of 10…50 calls and 50 calls for the rest at $0.001 = $0.04;
    // 300 free users → $12; 15 conversions × the median light bill $5 = $75; the five light
    // customers at ≤ 50 calls paid $1 + … + $5 = $15. Net 75 − 12 − 15 = $48.
    let fifty = offers[0]
    #expect(fifty.freeUsers == 300 && fifty.costPerFreeUser == Money(nanos: 40_000_000))
    #expect(fifty.conversions == 15 && fifty.revenuePerConversion == Money(dollars: 5))
    #expect(fifty.cannibalizedCustomers == 5 && fifty.cannibalizedRevenue == Money(dollars: 15))
    #expect(fifty.net == Money(dollars: 48) && fifty.lightCovered == 0.5)
    // 100 calls: $0.055 × 300 = $16.50 of free usage, all ten light customers ($55) inside: net $3.50.
    #expect(offers[1].net == Money(dollars: 3, cents: 50))
    let best = try #require(FreeTierOptimizer().recommended(offers))
    #expect(best.allowance == 50 && best.net == Money(dollars: 48))
  }

  @Test func anOfferThatCannibalizesMoreThanItConvertsIsNotRecommended() {
    // Default assumptions: 30 free users, 1 conversion at $5, against $15 or $55 of bills lost.
    let a = FreeTierAssumptions()
    let offers = FreeTierOffer.candidates(Self.population, assumptions: a).map {
      FreeTierOffer.evaluate(allowance: $0, customers: Self.population, assumptions: a)
    }
    #expect(
      offers.map(\.net) == [
        Money(dollars: 5) - Money(dollars: 1, cents: 20) - Money(dollars: 15),
        Money(dollars: 5) - Money(nanos: 1_650_000_000) - Money(dollars: 55),
      ])
    #expect(FreeTierOptimizer().recommended(offers) == nil)
    #expect(FreeTierOffer.best(offers)?.allowance == 50)
  }

  @Test func importedUsageSizesTheTierOnObservedCallsAndCountsWhoWouldStopPaying() throws {
    // An import: ten customers with 1 call a day, ten with 10, all on a $29 flat plan.
    var b = RunBuilder(days: 31, customers: 20)
    for day in 0..<31 {
      for c in 0..<20 { b.add(day: day, customer: c, count: c < 10 ? 1 : 10) }
    }
    let c = AnalysisContext(
      imported: b.finished(), catalog: Fixtures.catalog, plans: [Plan(name: "flat", fees: ["*": Money(dollars: 29)])])
    let optimizer = FreeTierOptimizer()
    let (months, rule) = optimizer.customerMonths(c)
    #expect(rule == .lighterHalf)
    // 31 calls over the import's period, per calendar month (Jan 5 to Feb 4: 27/31 + 4/28 months).
    let perMonth = 31 / (27.0 / 31 + 4.0 / 28)
    #expect(
      months.filter(\.isLight).count == 10 && months.filter(\.isLight).allSatisfy { abs($0.calls - perMonth) < 1e-9 })
    let offers = optimizer.offers(c)
    #expect(offers.map(\.allowance) == [50])
    // All ten light customers fit in 50 calls: $290 of bills lost against one conversion at $29.
    #expect(offers[0].cannibalizedCustomers == 10)
    #expect(abs(offers[0].cannibalizedRevenue.dollars - 290) < 0.000_01)
    #expect(offers[0].conversions == 1 && abs(offers[0].conversionRevenue.dollars - 29) < 0.000_01)
    #expect(optimizer.recommended(offers) == nil)
    let r = optimizer.report(c)
    #expect(r.impact.hasPrefix("No free tier pays for itself under these assumptions"))
    #expect(r.recommendation.hasPrefix("Do not offer a free tier"))
  }

  @Test func allowancesRoundUpToANiceNumber() {
    #expect(FreeTierOffer.nice(37) == 50)
    #expect(FreeTierOffer.nice(180) == 200)
    #expect(FreeTierOffer.nice(1000) == 1000)
    #expect(FreeTierOffer.nice(0) == 10)
  }
}
