/// The real calls a data scenario starts from (`data: {file, map, customer_tiers}`): the
/// import of a usage CSV, with the workbook's customer → tier mapping applied.
///
/// A scenario holding it runs these calls exactly as imported (no randomness) and adds the
/// calls its traffic patterns and `new_customers` simulate (see `DataScenarioRun`). A file
/// whose calls would not fit the memory budget is kept as their sums instead (`Content.sums`):
/// the scenario is then measured from the digest and never holds a call.
/// Two values are equal when they come from the same bytes read the same way, so a reload
/// of an unchanged file keeps the cached run.
public struct UsageData: Sendable, Hashable {
  /// The file as the workbook names it (relative to the workbook).
  public var file: String
  /// The file as it was read (relative to the current folder, or absolute), for manifests.
  public var path: String
  /// The `map:` argument (a preset name or a mapping file), if any.
  public var mapping: String?
  /// SHA-256 of the file's bytes.
  public var sha256: String
  /// `customer_tiers:` customer id (or `*`) → tier, as written.
  public var customerTiers: [String: String]
  /// Customers drawn from the population calibrated on these calls (`new_customers:`).
  public var newCustomers: Int
  /// The imported calls, or their sums for a file past the memory budget; tiers applied.
  public var content: Content
  /// The import report: rows kept and skipped, unknown models, inferred fields.
  public var summary: UsageImporter.Summary

  public init(
    file: String, path: String, mapping: String?, sha256: String, customerTiers: [String: String] = [:],
    newCustomers: Int = 0,
    content: Content, summary: UsageImporter.Summary
  ) {
    self.file = file
    self.path = path
    self.mapping = mapping
    self.sha256 = sha256
    self.customerTiers = customerTiers
    self.newCustomers = newCustomers
    self.content = content
    self.summary = summary
  }

  /// What a data scenario keeps of its file.
  public enum Content: Sendable {
    /// Every call, as imported: what every cell can read.
    case calls(Run)
    /// The file streamed into the usage digest because its calls would not fit the memory
    /// budget: the cells that read sums (run summaries, plan comparisons, what-ifs on plans,
    /// the digest's reports) run on it; cells that need calls say so.
    case sums(UsageDigest)
  }

  /// The imported calls; `nil` when the file was kept as sums.
  public var calls: Run? { if case .calls(let run) = content { run } else { nil } }

  /// The digest of a file kept as sums; `nil` when the calls are held.
  public var digest: UsageDigest? { if case .sums(let digest) = content { digest } else { nil } }

  /// How a file past the memory budget was kept ("kept as 279 cells by hour, …"); `nil` when
  /// its calls are held.
  public var keptAsSums: String? {
    digest.map {
      "kept as \(Format.integer($0.cube.cells.count)) cells \($0.grain.cellName), its calls past the memory budget"
    }
  }

  /// The file's customers, models, features and the other dimension tables.
  public var dimensions: Run.Dimensions {
    switch content {
    case .calls(let run): run.dimensions
    case .sums(let digest): digest.cube.dimensions
    }
  }

  /// The number of imported calls.
  public var callCount: Int {
    switch content {
    case .calls(let run): run.count
    case .sums(let digest): digest.calls
    }
  }

  /// The UTC days from the first call to the last.
  public var period: Period {
    switch content {
    case .calls(let run): Period(spanning: run)
    case .sums(let digest): digest.period
    }
  }

  /// The imported customers, each with the attributes of their first call.
  public func population(start: CalendarDay) -> Population {
    switch content {
    case .calls(let run): Population(imported: run, start: start)
    case .sums(let digest): Population(imported: digest.cube.dimensions, attributes: digest.customers, start: start)
    }
  }

  /// Whether the data is a usage cube (imported with the `cube` preset): its calls stand for
  /// the cube's sums, without latencies, quality scores or per-call detail.
  public var isCube: Bool { mapping == UsageCube.mappingPreset }

  public static func == (a: UsageData, b: UsageData) -> Bool {
    (a.file, a.mapping, a.sha256, a.customerTiers, a.newCustomers)
      == (b.file, b.mapping, b.sha256, b.customerTiers, b.newCustomers)
  }

  public func hash(into h: inout Hasher) {
    h.combine(file)
    h.combine(mapping)
    h.combine(sha256)
    h.combine(customerTiers)
    h.combine(newCustomers)
  }

  /// `content` with each customer's tier set from `tiers` (customer id → tier, `*` for the
  /// others); `nil` past `Limits.tiers` tiers.
  ///
  /// Calls are tiered as `applying(tiers:to:)` tiers them; a digest keeps each customer's
  /// first-call tier, which is what its population reads.
  public static func applying(tiers: [String: String], to content: Content) -> Content? {
    switch content {
    case .calls(let run): return applying(tiers: tiers, to: run).map { .calls($0) }
    case .sums(var digest):
      guard !tiers.isEmpty else { return content }
      let d = digest.cube.dimensions
      var names: [String] = []
      var index: [String: Int] = [:]
      for c in digest.customers.indices {
        let own = Int(digest.customers[c].tier)
        let name = tiers[d.customers[c]] ?? tiers["*"] ?? (d.tiers.indices.contains(own) ? d.tiers[own] : "unknown")
        let id = index[name] ?? names.count
        if id == names.count {
          names.append(name)
          index[name] = id
        }
        guard let narrow = UInt8(exactly: id) else { return nil }
        digest.customers[c].tier = narrow
      }
      digest.cube.dimensions.tiers = names
      return .sums(digest)
    }
  }

  /// The calls with each customer's `subscription_tier` set from `tiers` (customer id →
  /// tier, `*` for the others); customers neither names keep the tier their calls carry.
  ///
  /// Only the tier column and its table change; every other value of every call is kept.
  /// `nil` when the calls would then name more than `Limits.tiers` tiers.
  public static func applying(tiers: [String: String], to run: Run) -> Run? {
    guard !tiers.isEmpty else { return run }
    let d = run.dimensions
    let byCustomer = d.customers.map { tiers[$0] ?? tiers["*"] }
    var names: [String] = []
    var index: [String: Int] = [:]
    var ids = [UInt8](repeating: 0, count: run.count)
    for i in 0..<run.count {
      let name = byCustomer[Int(run.customer[i])] ?? d.tiers[Int(run.tier[i])]
      let id: Int
      if let known = index[name] {
        id = known
      } else {
        id = names.count
        names.append(name)
        index[name] = id
      }
      guard let narrow = UInt8(exactly: id) else { return nil }
      ids[i] = narrow
    }
    var out = run
    out.tier = ids
    out.dimensions.tiers = names
    return out
  }
}
