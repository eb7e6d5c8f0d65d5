import Testing

@testable import MeterbookCore

/// Each pattern's effect is visible in the data.
struct TrafficPatternTests {
  func run(_ traffic: [TrafficPattern], customers: Int = 150, days: Int = 28) throws -> (Scenario, Run) {
    let s = Fixtures.scenario(customers: customers, days: days, traffic: traffic)
    return (s, try Simulator(scenario: s).run().run)
  }

  func perDay(_ s: Scenario, _ r: Run) -> [Int] {
    var days = [Int](repeating: 0, count: s.days)
    for t in r.timestamp { days[Int((t - s.start.epochSeconds) / 86_400)] += 1 }
    return days
  }

  @Test func businessHoursConcentrateCallsInLocalDaytime() throws {
    let (_, r) = try run([.businessHours(BusinessHours())], customers: 100, days: 7)
    let regions = PopulationSpec.defaultRegions
    var inHours = 0
    for i in 0..<r.count {
      let local = ((Int(r.timestamp[i] % 86_400) / 3600 + regions[Int(r.region[i])].utcOffset) % 24 + 24) % 24
      if (9...17).contains(local) { inHours += 1 }
    }
    // 9 of 24 hours carry weight 1 against 4 × 0.4 + 11 × 0.08: about 78% of calls.
    #expect(Double(inHours) / Double(r.count) > 0.7)
  }

  @Test func weeklySeasonPeaksOnItsPeakDay() throws {
    let (s, r) = try run([.seasonal(cycle: .weekly, amplitude: 0.5, peakDay: 3)])
    let days = perDay(s, r)
    #expect(days[3] > days[0] && days[10] > days[7] && Double(days[3]) > 1.8 * Double(days[0]))
  }

  @Test func multiTenantSpreadsOrganizationVolume() throws {
    let flat = try run([], customers: 400, days: 7).1
    let spread = try run([.multiTenant(spread: 10)], customers: 400, days: 7).1
    func perCustomerMaxOverMin(_ r: Run) -> Double {
      var counts = [UInt32: Int]()
      for c in r.customer { counts[c, default: 0] += 1 }
      let perCall = counts.values.sorted()
      return Double(perCall[perCall.count * 9 / 10]) / Double(max(1, perCall[perCall.count / 10]))
    }
    #expect(perCustomerMaxOverMin(spread) > perCustomerMaxOverMin(flat))
  }

  @Test func featureLaunchHasNoUsageBeforeItsDayAndGrowsAfter() throws {
    let (s, r) = try run([.featureLaunch(feature: "code", day: 10, adoption: 0.5, rampDays: 5, lift: 0.5)])
    let code = UInt16(PopulationSpec.defaultFeatures.firstIndex { $0.name == "code" }!)
    var byDay = [Int](repeating: 0, count: s.days)
    for i in 0..<r.count where r.feature[i] == code {
      byDay[Int((r.timestamp[i] - s.start.epochSeconds) / 86_400)] += 1
    }
    #expect(byDay[0..<10].allSatisfy { $0 == 0 })
    #expect(byDay[10] > 0 && byDay[20] > byDay[10])
  }

  @Test func costOptimizationShortensPromptsAndCutsCostPerCall() throws {
    let (s, r) = try run([.costOptimization(startDay: 14, shift: 0.6, promptReduction: 0.3)])
    let split = s.start.epochSeconds + 14 * 86_400
    var before = (cost: Int64(0), input: 0, n: 0)
    var after = (cost: Int64(0), input: 0, n: 0)
    for i in 0..<r.count {
      if r.timestamp[i] < split {
        before.cost += r.cost[i]
        before.input += Int(r.inputTokens[i])
        before.n += 1
      } else {
        after.cost += r.cost[i]
        after.input += Int(r.inputTokens[i])
        after.n += 1
      }
    }
    let inputRatio = (Double(after.input) / Double(after.n)) / (Double(before.input) / Double(before.n))
    #expect(abs(inputRatio - 0.7) < 0.08)
    #expect(Double(after.cost) / Double(after.n) < 0.6 * Double(before.cost) / Double(before.n))
  }

  @Test func declineLosesCustomersAndGrowthGainsVolume() throws {
    let (s1, d) = try run([.decline(monthlyChurn: 0.5)])
    let dd = perDay(s1, d)
    #expect(Double(dd[21..<28].reduce(0, +)) < 0.8 * Double(dd[0..<7].reduce(0, +)))
    let (s2, g) = try run([.growth(monthly: 0.5)])
    let gd = perDay(s2, g)
    #expect(Double(gd[21..<28].reduce(0, +)) > 1.25 * Double(gd[0..<7].reduce(0, +)))
  }

  @Test func baseJitterVariesDaysWithoutChangingTheMean() throws {
    let (s0, flat) = try run([], customers: 200, days: 28)
    let (s1, noisy) = try run([.base(jitter: 0.3)], customers: 200, days: 28)
    #expect(abs(Double(noisy.count) / Double(flat.count) - 1) < 0.05)
    _ = (s0, s1)
  }
}
