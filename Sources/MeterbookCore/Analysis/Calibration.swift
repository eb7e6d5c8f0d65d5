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
    self.init(CalibrationUsage(c.run, period: c.period), population: c.population, catalog: c.scenario.catalog)
  }

  /// Fits a streamed file from its digest: the same piece as on its calls in memory.
  public init(_ digest: UsageDigest) {
    self.init(CalibrationUsage(digest), population: digest.population, catalog: digest.catalog)
  }

  /// Fits the counts of `usage`, whose customers are `population`'s.
  public init(_ usage: CalibrationUsage, population: Population, catalog: ModelCatalog) {
    let d = usage.dimensions
    let days = max(1, usage.period.days)
    let week = Self.weekProfile(usage)
    weekendFactor = (week.factor * 100).rounded() / 100
    jitter = week.jitter
    businessHours = Self.inBusinessHours(usage)
    let dayFactor = (Double(week.weekdays) + Double(week.weekends) * week.factor) / Double(days)
    archetypes = Self.archetypes(usage, days: days, dayFactor: dayFactor)
    let customerCount = d.customers.count
    customers = customerCount
    organizations = max(1, d.organizations.count)
    let defaultFees = Dictionary(PopulationSpec.defaultTiers.map { ($0.name, $0.fee) }, uniquingKeysWith: { a, _ in a })
    let customerTier = population.customers.map(\.tier)
    let tierShares = d.tiers.indices.map { t in
      Double(customerTier.filter { $0 == t }.count) / Double(max(1, customerCount))
    }
    tiers = Self.normalized(d.tiers.indices.map { (d.tiers[$0], tierShares[$0]) }).map {
      ($0.0, $0.1, defaultFees[$0.0] ?? .zero)
    }
    let offsets = Dictionary(
      PopulationSpec.defaultRegions.map { ($0.name, $0.utcOffset) }, uniquingKeysWith: { a, _ in a })
    let customerRegion = population.customers.map(\.region)
    regions = Self.normalized(
      d.regions.indices.map { r in
        (d.regions[r], Double(customerRegion.filter { $0 == r }.count) / Double(max(1, customerCount)))
      }
    )
    .map { ($0.0, $0.1, offsets[$0.0] ?? 0) }
    features = Self.features(usage)
    products = d.products
    (providers, byTask) = Self.mix(usage, catalog: catalog)
    tokens = Self.tokenFits(usage)
  }

  /// Weekend volume per day against weekdays, and the day-to-day spread of weekdays.
  struct WeekProfile {
    var factor: Double
    var weekdays: Int
    var weekends: Int
    var jitter: Double
  }

  /// The weekend factor and weekday jitter of the calls per day.
  static func weekProfile(_ usage: CalibrationUsage) -> WeekProfile {
    let start = usage.period.start
    let days = max(1, usage.period.days)
    var weekday = 0.0
    var weekend = 0.0
    var weekdays = 0
    var weekends = 0
    let perDay = (0..<days).map { $0 < usage.callsByDay.count ? Double(usage.callsByDay[$0]) : 0 }
    for t in 0..<days {
      if start.adding(days: t).isWeekend {
        weekend += perDay[t]
        weekends += 1
      } else {
        weekday += perDay[t]
        weekdays += 1
      }
    }
    let wf =
      weekends > 0 && weekdays > 0 && weekday > 0 ? (weekend / Double(weekends)) / (weekday / Double(weekdays)) : 1
    let weekdayVolumes = (0..<days).filter { !start.adding(days: $0).isWeekend }.map { perDay[$0] }
    let m = weekdayVolumes.reduce(0, +) / Double(max(1, weekdayVolumes.count))
    let sd = (weekdayVolumes.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(max(1, weekdayVolumes.count - 1)))
      .squareRoot()
    let jitter = m > 0 ? (min(1, sd / m) * 100).rounded() / 100 : 0.1
    return WeekProfile(factor: wf, weekdays: weekdays, weekends: weekends, jitter: jitter)
  }

  /// Whether most calls fall in 9:00-17:59 local time (UTC shifted by the default regions' offsets).
  static func inBusinessHours(_ usage: CalibrationUsage) -> Bool {
    let d = usage.dimensions
    let offsets = Dictionary(
      PopulationSpec.defaultRegions.map { ($0.name, $0.utcOffset) }, uniquingKeysWith: { a, _ in a })
    var inHours = Int64(0)
    var all = Int64(0)
    for (r, hours) in usage.callsByRegionHour.enumerated() {
      for (h, n) in hours.enumerated() {
        all += n
        if (9...17).contains(((h + (offsets[d.regions[r]] ?? 0)) % 24 + 24) % 24) { inHours += n }
      }
    }
    return Double(inHours) / Double(max(1, all)) > 0.5
  }

  /// Archetypes by k-means (k = 3) on the log of each customer's calls per weekday-equivalent day.
  static func archetypes(_ usage: CalibrationUsage, days: Int, dayFactor: Double) -> [Group] {
    let rates = usage.callsByCustomer.map { Double($0) / Double(days) / max(dayFactor, 0.05) }
    let logs = rates.map { log(max($0, 0.01)) }
    var centers = [0.35, 0.8, 0.95].map { quantile(logs, $0) }
    var assignment = [Int](repeating: 0, count: logs.count)
    for _ in 0..<50 {
      assignment = logs.map { x in centers.indices.min { abs(x - centers[$0]) < abs(x - centers[$1]) } ?? 0 }
      let next = centers.indices.map { k -> Double in
        let members = logs.indices.filter { assignment[$0] == k }.map { logs[$0] }
        return members.isEmpty ? centers[k] : members.reduce(0, +) / Double(members.count)
      }
      if next == centers { break }
      centers = next
    }
    let names = ["light", "power", "heavy"]
    let order = centers.indices.sorted { centers[$0] < centers[$1] }
    var archetypes = order.enumerated().compactMap { (rank, k) -> Group? in
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
    return archetypes
  }

  /// Each feature's share of calls and its task mix.
  static func features(_ usage: CalibrationUsage) -> [(String, Double, [(String, Double)])] {
    let d = usage.dimensions
    let counts = usage.callsByFeatureTask.map { Double($0.reduce(0, +)) }
    let total = max(1, counts.reduce(0, +))
    let featureShares = counts.map { $0 / total }
    return d.features.indices.filter { featureShares[$0] > 0 }.map { f in
      let row = usage.callsByFeatureTask[f].map(Double.init)
      let sum = max(1, row.reduce(0, +))
      return (
        d.features[f], (featureShares[f] * 1000).rounded() / 1000,
        row.indices.filter { row[$0] > 0 && TaskType(rawValue: d.taskTypes[$0]) != nil }.map {
          (d.taskTypes[$0], (row[$0] / sum * 1000).rounded() / 1000)
        }
      )
    }
  }

  /// Provider shares and model weights per task type, over calls to catalog models.
  static func mix(_ usage: CalibrationUsage, catalog: ModelCatalog) -> (
    [(String, Double)], [(String, [(String, Double)])]
  ) {
    let d = usage.dimensions
    var providerCalls: [String: Double] = [:]
    var taskModel: [String: [String: Double]] = [:]
    for (m, row) in usage.callsByModelTask.enumerated() {
      let ref = d.models[m]
      guard catalog.model(ref.id) != nil else { continue }
      for (t, n) in row.enumerated() where n > 0 {
        providerCalls[ref.providerKey, default: 0] += Double(n)
        taskModel[d.taskTypes[t], default: [:]][ref.id, default: 0] += Double(n)
      }
    }
    let providers = normalized(providerCalls.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    let byTask = taskModel.sorted { $0.key < $1.key }.filter { TaskType(rawValue: $0.key) != nil }.map { task, models in
      let sum = models.values.reduce(0, +)
      return (task, models.sorted { $0.key < $1.key }.map { ($0.key, ($0.value / sum * 10_000).rounded() / 10_000) })
    }
    return (providers, byTask)
  }

  /// A log-normal fit of input and output tokens per task type, on successful calls.
  static func tokenFits(_ usage: CalibrationUsage) -> [(
    task: String, inputMedian: Double, inputSigma: Double, outputMedian: Double, outputSigma: Double, cached: Double
  )] {
    let d = usage.dimensions
    return TaskType.all.compactMap { task in
      guard let t = d.taskTypes.firstIndex(of: task.rawValue), t < usage.tokens.count else { return nil }
      let s = usage.tokens[t]
      guard s.calls > 1 else { return nil }
      func fit(_ sum: Int128, _ squares: Int128) -> (Double, Double) {
        let (mean, sd) = s.meanAndDeviation(sum: sum, squares: squares)
        return (exp(mean).rounded(), (sd * 100).rounded() / 100)
      }
      let (im, isd) = fit(s.logInput, s.logInputSquared)
      let (om, osd) = fit(s.logOutput, s.logOutputSquared)
      let share = Double(s.cached) / Double(max(1, s.input))
      return (task.rawValue, im, isd, om, osd, min(0.95, (share * 100).rounded() / 100))
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
