/// FinOps domain 3, real-time decisions: spend anomalies by hour (overall and per customer)
/// with a likely cause, customers over a cost threshold or a share of their revenue, customers
/// on track to exhaust their tier's allocation, premium models on simple tasks, and the
/// revenue at risk in the portfolio with its trend.
public struct RealtimeAnalyzer {
  public var detector = AnomalyDetector()
  /// Flag customers whose AI cost passes this share of their bill.
  public var revenueShare = 0.3
  /// Output price (per 1M tokens) from which a model counts as premium.
  public var premiumOutputPrice = Money(dollars: 10)
  /// The day "now" falls on (0-based); `nil` means two thirds through the period.
  public var asOfDay: Int?
  public init() {}

  public func report(_ c: AnalysisContext) -> Report {
    let run = c.run
    let days = c.scenario.days
    let now = min(days, asOfDay ?? max(1, days * 2 / 3))
    let start = c.scenario.start
    let hourly = TimeSeries.hourlyCost(run, start: start, days: days)
    var found: [(String, AnomalyDetector.Anomaly, UInt32?)] = []
    let overall = AnomalyDetector(
      window: detector.window, threshold: detector.threshold, minimum: max(detector.minimum, hourly.mean * 2))
    for a in overall.detect(hourly.values) { found.append(("all", a, nil)) }
    let topCustomers = Breakdown(run, by: "customer").rows.prefix(100).map(\.key)
    let index = Dictionary(uniqueKeysWithValues: run.dimensions.customers.enumerated().map { ($1, UInt32($0)) })
    var perCustomer = [UInt32: [Double]]()
    for key in topCustomers { perCustomer[index[key]!] = [Double](repeating: 0, count: days * 24) }
    for i in 0..<run.count {
      let h = Int((run.timestamp[i] - start.epochSeconds) / 3600)
      if h >= 0 && h < days * 24, perCustomer[run.customer[i]] != nil {
        perCustomer[run.customer[i]]![h] += Double(run.cost[i]) / 1e9
      }
    }
    for (cust, series) in perCustomer.sorted(by: { $0.key < $1.key }) {
      for a in detector.detect(series) { found.append((run.dimensions.customers[Int(cust)], a, cust)) }
    }
    found.sort { ($0.1.value - $0.1.expected, $1.0) > ($1.1.value - $1.1.expected, $0.0) }
    // Causes take a scan of the run each: only for the anomalies shown.
    let anomalies = found.prefix(15).map { ($0.0, $0.1, cause(run, start: start, hour: $0.1.index, customer: $0.2)) }

    // Thresholds and allocation, as of `now`.
    let cutoff = start.adding(days: now).epochSeconds
    var costSoFar = [Money](repeating: .zero, count: c.population.customers.count)
    var callsSoFar = [Int](repeating: 0, count: c.population.customers.count)
    for i in 0..<run.count where run.timestamp[i] < cutoff {
      costSoFar[Int(run.customer[i])].nanos += Int128(run.cost[i])
      callsSoFar[Int(run.customer[i])] += 1
    }
    let bills = c.revenueByCustomer
    let over = c.population.customers.filter {
      bills[$0.index] > .zero && costSoFar[$0.index].dollars > revenueShare * bills[$0.index].dollars
    }
    let tiers = c.population.spec.tiers
    let allocation = c.population.customers.compactMap { cust -> (Customer, Double, Double)? in
      guard tiers.indices.contains(cust.tier), let limit = tiers[cust.tier].includedCalls, limit > 0 else { return nil }
      let used = Double(callsSoFar[cust.index]) / Double(limit)
      let projected = Double(callsSoFar[cust.index]) / Double(max(1, now)) * Double(days) / Double(limit)
      return used >= 0.8 || projected >= 1 ? (cust, used, projected) : nil
    }.sorted { $0.1 > $1.1 }

    // Premium models on simple tasks.
    let catalog = c.scenario.catalog
    let cheapest = catalog.cheapestByProvider
    var waste: [String: (calls: Int, saving: Money)] = [:]
    let specs = run.dimensions.models.map { catalog.model($0.id) }
    for i in 0..<run.count
    where run.status[i] != 1
      && (run.task[i] == UInt8(TaskType.classification.index) || run.task[i] == UInt8(TaskType.extraction.index))
    {
      guard let spec = specs[Int(run.model[i])], spec.price.output >= premiumOutputPrice,
        let target = cheapest[spec.providerKey]
      else { continue }
      let cached = target.price.cachedInput == nil ? 0 : Int(run.cachedTokens[i])
      let newCost = target.price.cost(
        input: Int(run.inputTokens[i]), output: run.status[i] == 2 ? 0 : Int(run.outputTokens[i]), cached: cached)
      waste[spec.id, default: (0, .zero)].calls += 1
      waste[spec.id, default: (0, .zero)].saving += Money(nanos: run.cost[i]) - newCost
    }
    let wasteRows = waste.sorted { ($0.value.saving, $1.key) > ($1.value.saving, $0.key) }
    let wasteTotal = c.monthly(Money.sum(waste.values.map(\.saving)))

    // Portfolio risk: unprofitable customers and those whose cost rose > 50% week over week.
    let weekAgo = start.adding(days: max(0, now - 7)).epochSeconds
    let twoWeeksAgo = start.adding(days: max(0, now - 14)).epochSeconds
    var lastWeek = [Int64](repeating: 0, count: costSoFar.count)
    var weekBefore = lastWeek
    for i in 0..<run.count where run.timestamp[i] < cutoff && run.timestamp[i] >= twoWeeksAgo {
      if run.timestamp[i] >= weekAgo {
        lastWeek[Int(run.customer[i])] += run.cost[i]
      } else {
        weekBefore[Int(run.customer[i])] += run.cost[i]
      }
    }
    let projectedCost = costSoFar.map { $0.scaled(by: Int64(days), per: Int64(max(1, now))) }
    let unprofitable = c.population.customers.filter { projectedCost[$0.index] > bills[$0.index] }
    let rising = c.population.customers.filter {
      weekBefore[$0.index] > 0 && Double(lastWeek[$0.index]) > 1.5 * Double(weekBefore[$0.index])
    }
    let risky = Set(unprofitable.map(\.index)).union(rising.map(\.index))
    let atRisk = Money.sum(risky.map { bills[$0] })
    let totalLast = lastWeek.reduce(0, +)
    let totalBefore = weekBefore.reduce(0, +)
    let arrow =
      totalBefore == 0
      ? "→"
      : Double(totalLast) > 1.1 * Double(totalBefore) ? "↑" : Double(totalLast) < 0.9 * Double(totalBefore) ? "↓" : "→"
    let daysLeft = days - now
    func hourLabel(_ h: Int) -> String { "\(start.adding(days: h / 24)) \(h % 24 < 10 ? "0" : "")\(h % 24):00" }

    return Report(
      title: "Real-time decisions",
      domain: "FinOps: Real-time decision making (anomalies, thresholds, portfolio risk)",
      problem: anomalies.isEmpty
        ? "No spend anomaly in the period."
        : "\(found.count) hourly spend anomal\(found.count == 1 ? "y" : "ies"); the largest: \(anomalies[0].0) at \(hourLabel(anomalies[0].1.index)), \(Format.money(dollars: anomalies[0].1.value)) against \(Format.money(dollars: anomalies[0].1.expected)) expected (\(anomalies[0].2)).",
      impact:
        "\(Format.money(atRisk)) of revenue at risk \(arrow) from \(risky.count) unprofitable or fast-rising customers; \(Format.money(wasteTotal))/month spent on premium models for simple tasks.",
      recommendation: allocation.first.map {
        "\($0.0.id) is at \(Format.percent($0.1, places: 0)) of its \(tiers[$0.0.tier].name) allocation with \(daysLeft) days left: contact them about an upgrade."
      }
        ?? (wasteTotal > .zero ? "Route simple tasks off premium models." : "No customer is near its allocation."),
      outcome:
        "As of \(start.adding(days: now)) (day \(now) of \(days)): \(over.count) customers above \(Format.percent(revenueShare, places: 0)) of revenue, \(allocation.count) on track to exhaust their allocation.",
      blocks: [
        .line(
          LineChart(
            title: "Hourly AI cost (anomalies listed below)", labels: (0..<(days * 24)).map { hourLabel($0) },
            series: [.init(name: "cost per hour", values: hourly.values.map { $0 })], unit: .dollars)),
        .table(
          Table(
            title:
              "Anomalies (rolling median + \(Format.fixed(detector.threshold, places: 0))×MAD over \(detector.window) h)",
            columns: ["scope", "hour", "spend", "expected", "× expected", "likely cause"],
            numeric: [false, false, true, true, true, false],
            rows: anomalies.prefix(15).map {
              [
                $0.0, hourLabel($0.1.index), Format.money(dollars: $0.1.value), Format.money(dollars: $0.1.expected),
                Format.fixed($0.1.ratio, places: 1), $0.2,
              ]
            })),
        .table(
          Table(
            title: "Allocation: customers at ≥ 80% or projected past 100% of their tier's calls",
            columns: ["customer", "tier", "used", "projected at period end", "days left"],
            numeric: [false, false, true, true, true],
            rows: allocation.prefix(15).map {
              [
                $0.0.id, tiers[$0.0.tier].name, Format.percent($0.1, places: 0), Format.percent($0.2, places: 0),
                String(daysLeft),
              ]
            })),
        .table(
          Table(
            title: "Customers whose AI cost passed \(Format.percent(revenueShare, places: 0)) of their bill",
            columns: ["customer", "cost so far", "bill", "share"],
            numeric: [false, true, true, true],
            rows: over.sorted {
              costSoFar[$0.index].dollars / bills[$0.index].dollars > costSoFar[$1.index].dollars
                / bills[$1.index].dollars
            }.prefix(15).map {
              [
                $0.id, Format.money(costSoFar[$0.index]), Format.money(bills[$0.index]),
                Format.percent(costSoFar[$0.index].dollars / bills[$0.index].dollars),
              ]
            })),
        .table(
          Table(
            title: "Premium models on simple tasks (classification, extraction)",
            columns: ["model", "calls", "saving on the provider's cheapest model"],
            numeric: [false, true, true],
            rows: wasteRows.map { [$0.key, Format.integer($0.value.calls), Format.money($0.value.saving)] })),
      ])
  }

  /// Why hour `hour` spiked: more calls (a burst), dearer calls (a model change), or a
  /// feature that was not there before (a new feature).
  func cause(_ run: Run, start: CalendarDay, hour: Int, customer: UInt32?) -> String {
    let from = start.epochSeconds + Int64(hour) * 3600
    let windowStart = from - 48 * 3600
    var calls = 0
    var cost = Int64(0)
    var pastCalls = 0
    var pastCost = Int64(0)
    var features = Set<UInt16>()
    var pastFeatures = Set<UInt16>()
    var models = [UInt16: Int]()
    var pastModels = [UInt16: Int]()
    for i in 0..<run.count
    where run.timestamp[i] >= windowStart && run.timestamp[i] < from + 3600
      && (customer == nil || run.customer[i] == customer!)
    {
      if run.timestamp[i] >= from {
        calls += 1
        cost += run.cost[i]
        features.insert(run.feature[i])
        models[run.model[i], default: 0] += 1
      } else {
        pastCalls += 1
        pastCost += run.cost[i]
        pastFeatures.insert(run.feature[i])
        pastModels[run.model[i], default: 0] += 1
      }
    }
    // Ties are broken by id, never by Set or Dictionary order, so a report renders the same bytes in every process.
    if let f = features.subtracting(pastFeatures).min() { return "new feature '\(run.dimensions.features[Int(f)])'" }
    let perCall = Double(cost) / Double(max(1, calls))
    let pastPerCall = Double(pastCost) / Double(max(1, pastCalls))
    func busiest(_ counts: [UInt16: Int]) -> UInt16? { counts.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key }
    let top = busiest(models)
    let pastTop = busiest(pastModels)
    if perCall > 2 * pastPerCall, let top, top != pastTop {
      return "model change to \(run.dimensions.models[Int(top)].id)"
    }
    if perCall > 2 * pastPerCall {
      return "dearer calls (×\(Format.fixed(perCall / max(pastPerCall, 1e-9), places: 1)) per call)"
    }
    return "burst (\(calls) calls against about \(pastCalls / 48) an hour)"
  }
}
