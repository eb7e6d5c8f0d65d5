extension FOCUSWriter {
  /// The run's names as ready-to-write CSV bytes, encoded once per export so that a row is
  /// copied, not formatted.
  struct Text {
    let providerNames, publishers, hosts, modelNames, quotedModelNames: [[UInt8]]
    let accountIds, accountNames, invoicePrefixes: [[UInt8]]
    /// Per model, per meter.
    let skuIds: [[[UInt8]]]
    /// Per model, per meter, per rate (standard, long-context).
    let skuPriceIds, skuPriceDetails: [[[[UInt8]]]]
    let customers, quotedCustomers, organizations, products, tiers, regions, regionNames: [[UInt8]]
    /// Values already JSON-escaped and then CSV-escaped, for the Tags field.
    let jsonCustomers, jsonOrganizations, jsonProducts, jsonTiers: [[UInt8]]

    init(_ d: Run.Dimensions, prices: [ModelPrice.Flat?]) {
      let field = CSVWriter.field
      providerNames = d.models.map { field($0.providerName) }
      publishers = d.models.map { field(FOCUSWriter.publisher($0)) }
      hosts = d.models.map { field(FOCUSWriter.host($0)) }
      modelNames = d.models.map { field($0.name) }
      quotedModelNames = d.models.map { Text.inQuotes($0.name) }
      accountIds = d.models.map { field("acct-\($0.providerKey)") }
      accountNames = d.models.map { field("\($0.providerName) account") }
      invoicePrefixes = d.models.map { Array(Text.inQuotes("inv-\($0.providerKey)-")) }
      skuIds = d.models.map { ref in Meter.allCases.map { field("\(ref.id)/\($0.sku)") } }
      skuPriceIds = d.models.map { ref in
        Meter.allCases.map { meter in
          [field("\(ref.id)/\(meter.sku)"), field("\(ref.id)/\(meter.sku)/long-context")]
        }
      }
      skuPriceDetails = zip(d.models, prices).map { _, price in
        Meter.allCases.map { meter in
          let long = price.map { $0.threshold == .max ? "" : ",\"x_LongContextAboveInputTokens\":\"\($0.threshold)\"" }
          return [
            field("{\"x_TokenType\":\"\(meter.detail)\",\"x_ContextTier\":\"Standard\"}"),
            field("{\"x_TokenType\":\"\(meter.detail)\",\"x_ContextTier\":\"LongContext\"\(long ?? "")}"),
          ]
        }
      }
      customers = d.customers.map(field)
      quotedCustomers = d.customers.map(Text.inQuotes)
      organizations = d.organizations.map(field)
      products = d.products.map(field)
      tiers = d.tiers.map(field)
      regions = d.regions.map(field)
      regionNames = d.regions.map { field(FOCUSWriter.regionName($0)) }
      jsonCustomers = d.customers.map(Text.jsonInQuotes)
      jsonOrganizations = d.organizations.map(Text.jsonInQuotes)
      jsonProducts = d.products.map(Text.jsonInQuotes)
      jsonTiers = d.tiers.map(Text.jsonInQuotes)
    }

    /// A value's bytes for the inside of a quoted CSV field (quotes doubled).
    static func inQuotes(_ s: String) -> [UInt8] {
      Array(s.replacingOccurrences(of: "\"", with: "\"\"").utf8)
    }

    /// A value JSON-escaped, for the inside of a JSON string inside a quoted CSV field.
    static func jsonInQuotes(_ s: String) -> [UInt8] { inQuotes(JSONString.escaped(s)) }
  }

  /// One day's dates, formatted once per day.
  struct DayText {
    let start, end, periodStart, periodEnd, month: [UInt8]

    init(_ days: Int) {
      let day = CalendarDay(daysSinceEpoch: days)
      let (y, m, _) = day.components
      let first = CalendarDay(year: y, month: m, day: 1)
      let next = CalendarDay(year: m == 12 ? y + 1 : y, month: m == 12 ? 1 : m + 1, day: 1)
      start = Array("\(day)T00:00:00Z".utf8)
      end = Array("\(day.adding(days: 1))T00:00:00Z".utf8)
      periodStart = Array("\(first)T00:00:00Z".utf8)
      periodEnd = Array("\(next)T00:00:00Z".utf8)
      month = Array(String("\(first)".prefix(7)).utf8)
    }
  }

  /// The calls of a run grouped by UTC day, in day order.
  ///
  /// A run in time order (every simulated run) is used in place; otherwise a counting sort
  /// builds a 4-byte index per call, still far smaller than the run's own columns.
  struct DayOrder {
    /// Each day and its calls' positions `start..<end` (in `order`, or in the run itself).
    var days: [(day: Int, start: Int, end: Int)] = []
    var order: [UInt32]?

    /// The run index of the `k`-th call in day order.
    @inline(__always) func call(_ k: Int) -> Int { order.map { Int($0[k]) } ?? k }

    static func day(_ seconds: Int64) -> Int {
      Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
    }

    init(_ run: Run) {
      var inOrder = true
      var counts: [Int: Int] = [:]
      // Count in runs of equal days, so an ordered run touches the dictionary once a day.
      var current = Int.min
      var length = 0
      for i in 0..<run.count {
        let d = Self.day(run.timestamp[i])
        if d == current {
          length += 1
          continue
        }
        if length > 0 { counts[current, default: 0] += length }
        if d < current { inOrder = false }
        current = d
        length = 1
      }
      if length > 0 { counts[current, default: 0] += length }
      var start = 0
      for d in counts.keys.sorted() {
        let n = counts[d] ?? 0
        days.append((d, start, start + n))
        start += n
      }
      guard !inOrder else { return }
      var next = Dictionary(uniqueKeysWithValues: days.map { ($0.day, $0.start) })
      var index = [UInt32](repeating: 0, count: run.count)
      for i in 0..<run.count {
        let d = Self.day(run.timestamp[i])
        let slot = next[d] ?? 0
        index[slot] = UInt32(truncatingIfNeeded: i)
        next[d] = slot + 1
      }
      order = index
    }
  }
}
