import Foundation

/// Fits a population and mix from real usage, so a workbook can `use:` it and simulate
/// what-ifs that start from reality: archetype shares and calls-per-day ranges (k-means on
/// log daily rates, k = 3), tier, region and feature shares, products, the model mix per task
/// type, log-normal token distributions and cache share per task, and the weekday and
/// business-hour profile.
///
/// The method is in `specs/analyzers.md`.
public struct Calibration: Sendable {
  public struct Group: Sendable, Hashable {
    public var name: String
    public var share: Double
    public var low: Double
    public var high: Double
  }
  public var customers: Int
  public var organizations: Int
  public var archetypes: [Group]
  public var tiers: [(name: String, share: Double, fee: Money)]
  public var regions: [(name: String, share: Double, offset: Int)]
  public var features: [(name: String, popularity: Double, tasks: [(String, Double)])]
  public var products: [String]
  public var providers: [(String, Double)]
  public var byTask: [(String, [(String, Double)])]
  public var tokens:
    [(task: String, inputMedian: Double, inputSigma: Double, outputMedian: Double, outputSigma: Double, cached: Double)]
  public var weekendFactor: Double
  public var jitter: Double
  public var businessHours: Bool

  public init(_ c: AnalysisContext) {
    let run = c.run
    let d = run.dimensions
    let days = max(1, c.scenario.days)
    func shares(_ column: (Int) -> Int, _ n: Int) -> [Double] {
      var counts = [Double](repeating: 0, count: n)
      for i in 0..<run.count { counts[column(i)] += 1 }
      let total = max(1, counts.reduce(0, +))
      return counts.map { $0 / total }
    }
    // Weekday profile: weekend volume per day against weekdays.
    var weekday = 0.0
    var weekend = 0.0
    var weekdays = 0
    var weekends = 0
    var perDay = [Double](repeating: 0, count: days)
    for i in 0..<run.count {
      let day = Int((run.timestamp[i] - c.scenario.start.epochSeconds) / 86_400)
      if day >= 0 && day < days { perDay[day] += 1 }
    }
    for t in 0..<days {
      if c.scenario.start.adding(days: t).isWeekend {
        weekend += perDay[t]
        weekends += 1
      } else {
        weekday += perDay[t]
        weekdays += 1
      }
    }
    let wf =
      weekends > 0 && weekdays > 0 && weekday > 0 ? (weekend / Double(weekends)) / (weekday / Double(weekdays)) : 1
    weekendFactor = (wf * 100).rounded() / 100
    let weekdayVolumes = (0..<days).filter { !c.scenario.start.adding(days: $0).isWeekend }.map { perDay[$0] }
    let m = weekdayVolumes.reduce(0, +) / Double(max(1, weekdayVolumes.count))
    let sd = (weekdayVolumes.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(max(1, weekdayVolumes.count - 1)))
      .squareRoot()
    jitter = m > 0 ? (min(1, sd / m) * 100).rounded() / 100 : 0.1
    // Hours: how concentrated calls are in 9:00-17:59 UTC-shifted by region defaults.
    let offsets = Dictionary(
      PopulationSpec.defaultRegions.map { ($0.name, $0.utcOffset) }, uniquingKeysWith: { a, _ in a })
    var inHours = 0
    for i in 0..<run.count {
      let local =
        ((Int(run.timestamp[i] % 86_400) / 3600 + (offsets[d.regions[Int(run.region[i])]] ?? 0)) % 24 + 24) % 24
      if (9...17).contains(local) { inHours += 1 }
    }
    businessHours = Double(inHours) / Double(max(1, run.count)) > 0.5

    // Archetypes: k-means on log calls per (weekday-equivalent) day.
    let dayFactor = (Double(weekdays) + Double(weekends) * wf) / Double(days)
    var calls = [Double](repeating: 0, count: d.customers.count)
    for i in 0..<run.count { calls[Int(run.customer[i])] += 1 }
    let rates = calls.map { $0 / Double(days) / max(dayFactor, 0.05) }
    let logs = rates.map { log(max($0, 0.01)) }
    var centers = [0.35, 0.8, 0.95].map { quantile(logs, $0) }
    var assignment = [Int](repeating: 0, count: logs.count)
    for _ in 0..<50 {
      assignment = logs.map { x in centers.indices.min { abs(x - centers[$0]) < abs(x - centers[$1]) }! }
      let next = centers.indices.map { k -> Double in
        let members = logs.indices.filter { assignment[$0] == k }.map { logs[$0] }
        return members.isEmpty ? centers[k] : members.reduce(0, +) / Double(members.count)
      }
      if next == centers { break }
      centers = next
    }
    let names = ["light", "power", "heavy"]
    let order = centers.indices.sorted { centers[$0] < centers[$1] }
    archetypes = order.enumerated().compactMap { (rank, k) -> Group? in
      let members = rates.indices.filter { assignment[$0] == k }.map { rates[$0] }
      guard !members.isEmpty else { return nil }
      return Group(
        name: names[rank], share: Double(members.count) / Double(rates.count), low: quantile(members, 0.05).rounded(),
        high: max(quantile(members, 0.95).rounded(), quantile(members, 0.05).rounded() + 1))
    }
    let total = archetypes.reduce(0) { $0 + $1.share }
    archetypes = archetypes.map {
      var g = $0
      g.share = (g.share / total * 1000).rounded() / 1000
      return g
    }
    if let last = archetypes.indices.last {
      archetypes[last].share = ((1 - archetypes.dropLast().reduce(0) { $0 + $1.share }) * 1000).rounded() / 1000
    }

    let customerCount = d.customers.count
    customers = customerCount
    organizations = max(1, d.organizations.count)
    let defaultFees = Dictionary(PopulationSpec.defaultTiers.map { ($0.name, $0.fee) }, uniquingKeysWith: { a, _ in a })
    let customerTier = c.population.customers.map(\.tier)
    let tierShares = d.tiers.indices.map { t in
      Double(customerTier.filter { $0 == t }.count) / Double(max(1, customerCount))
    }
    tiers = Self.normalized(d.tiers.indices.map { (d.tiers[$0], tierShares[$0]) }).map {
      ($0.0, $0.1, defaultFees[$0.0] ?? .zero)
    }
    let customerRegion = c.population.customers.map(\.region)
    regions = Self.normalized(
      d.regions.indices.map { r in
        (d.regions[r], Double(customerRegion.filter { $0 == r }.count) / Double(max(1, customerCount)))
      }
    )
    .map { ($0.0, $0.1, offsets[$0.0] ?? 0) }
    let featureShares = shares({ Int(run.feature[$0]) }, d.features.count)
    var taskByFeature = [[Double]](repeating: [Double](repeating: 0, count: d.taskTypes.count), count: d.features.count)
    for i in 0..<run.count { taskByFeature[Int(run.feature[i])][Int(run.task[i])] += 1 }
    features = d.features.indices.filter { featureShares[$0] > 0 }.map { f in
      let row = taskByFeature[f]
      let sum = max(1, row.reduce(0, +))
      return (
        d.features[f], (featureShares[f] * 1000).rounded() / 1000,
        row.indices.filter { row[$0] > 0 && TaskType(rawValue: d.taskTypes[$0]) != nil }.map {
          (d.taskTypes[$0], (row[$0] / sum * 1000).rounded() / 1000)
        }
      )
    }
    products = d.products
    // Mix: provider shares and model weights per task type.
    var providerCalls: [String: Double] = [:]
    var taskModel: [String: [String: Double]] = [:]
    for i in 0..<run.count {
      let ref = d.models[Int(run.model[i])]
      guard c.scenario.catalog.model(ref.id) != nil else { continue }
      providerCalls[ref.providerKey, default: 0] += 1
      taskModel[d.taskTypes[Int(run.task[i])], default: [:]][ref.id, default: 0] += 1
    }
    providers = Self.normalized(providerCalls.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    byTask = taskModel.sorted { $0.key < $1.key }.filter { TaskType(rawValue: $0.key) != nil }.map { task, models in
      let sum = models.values.reduce(0, +)
      return (task, models.sorted { $0.key < $1.key }.map { ($0.key, ($0.value / sum * 10_000).rounded() / 10_000) })
    }
    // Tokens: log-normal fit per task on successful calls.
    tokens = TaskType.all.compactMap { task in
      guard let t = d.taskTypes.firstIndex(of: task.rawValue) else { return nil }
      var li: [Double] = []
      var lo: [Double] = []
      var input = 0.0
      var cached = 0.0
      for i in 0..<run.count where Int(run.task[i]) == t && run.status[i] == 0 {
        li.append(log(Double(max(1, run.inputTokens[i]))))
        lo.append(log(Double(max(1, run.outputTokens[i]))))
        input += Double(run.inputTokens[i])
        cached += Double(run.cachedTokens[i])
      }
      guard li.count > 1 else { return nil }
      func fit(_ v: [Double]) -> (Double, Double) {
        let mean = v.reduce(0, +) / Double(v.count)
        let sd = (v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(v.count - 1)).squareRoot()
        return (exp(mean).rounded(), (sd * 100).rounded() / 100)
      }
      let (im, isd) = fit(li)
      let (om, osd) = fit(lo)
      return (task.rawValue, im, isd, om, osd, min(0.95, (cached / max(1, input) * 100).rounded() / 100))
    }
  }

  /// Shares rounded to 3 decimals that still sum to 1 (the last absorbs the rounding).
  static func normalized(_ items: [(String, Double)]) -> [(String, Double)] {
    let kept = items.filter { $0.1 > 0 }
    let total = kept.reduce(0) { $0 + $1.1 }
    guard total > 0 else { return [] }
    var out = kept.map { ($0.0, ($0.1 / total * 1000).rounded() / 1000) }
    if !out.isEmpty { out[out.count - 1].1 = ((1 - out.dropLast().reduce(0) { $0 + $1.1 }) * 1000).rounded() / 1000 }
    return out
  }

  /// The population piece as YAML, ready for `use: [populations/NAME]`.
  public func yaml(source: String, sha256: String) -> String {
    func q(_ s: String) -> String {
      s.allSatisfy { $0.isLetter || $0.isNumber || "-_./".contains($0) }
        ? s : "\"" + s.replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
    func n(_ x: Double) -> String {
      Format.fixed(x, places: x == x.rounded() ? 0 : (abs(x) < 1 ? 4 : 2)).replacingOccurrences(of: ",", with: "")
    }
    var l = [
      "# Calibrated by meterbook calibrate from \(source) (SHA-256 \(sha256)).",
      "# Archetypes: k-means (k = 3) on log calls per weekday-equivalent day; ranges are the 5th–95th percentiles.",
      "customers: \(customers)", "organizations: \(organizations)", "archetypes:",
    ]
    l += archetypes.map { "  \($0.name): {share: \(n($0.share)), calls_per_day: [\(n($0.low)), \(n($0.high))]}" }
    if !tiers.isEmpty {
      l.append("tiers:")
      l += tiers.map { "  \(q($0.name)): {fee: \($0.fee.decimalString(places: 2)), share: \(n($0.share))}" }
    }
    if !regions.isEmpty {
      l.append("regions:")
      l += regions.map { "  \(q($0.name)): {utc_offset: \($0.offset), share: \(n($0.share))}" }
    }
    if !features.isEmpty {
      l.append("features:")
      l += features.filter { !$0.tasks.isEmpty }.map {
        "  \(q($0.name)): {popularity: \(n($0.popularity)), tasks: {\($0.tasks.map { "\($0.0): \(n($0.1))" }.joined(separator: ", "))}}"
      }
    }
    l.append("products: [\(products.map(q).joined(separator: ", "))]")
    l.append("mix:")
    l.append("  providers: {\(providers.map { "\($0.0): \(n($0.1))" }.joined(separator: ", "))}")
    l.append("  by_task:")
    l += byTask.map { "    \($0.0): {\($0.1.map { "\(q($0.0)): \(n($0.1))" }.joined(separator: ", "))}" }
    l.append("tokens:")
    l += tokens.map {
      "  \($0.task): {input_median: \(n($0.inputMedian)), input_sigma: \(n($0.inputSigma)), output_median: \(n($0.outputMedian)), output_sigma: \(n($0.outputSigma)), cached_share: \(n($0.cached))}"
    }
    l.append("traffic:")
    l.append("  - base: {jitter: \(n(jitter))}")
    if businessHours { l.append("  - business-hours: {}") }
    l.append("  - weekend: {factor: \(n(weekendFactor))}")
    return l.joined(separator: "\n") + "\n"
  }
}
