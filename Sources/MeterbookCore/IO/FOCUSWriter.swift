import Foundation

/// Writes a run as a FinOps FOCUS cost and usage CSV (1.2 columns by default, 1.3 names on
/// request).
///
/// Grain: one row per customer × model × token type (input, cached input, output)
/// × day. Each call's exact cost is split across its token types in proportion to their
/// list-price amounts (largest remainder), so the rows add up to the run's total exactly.
/// The column mapping is documented in `specs/focus-and-otlp.md`.
public struct FOCUSWriter {
  public enum Version: String, CaseIterable, Sendable {
    case v1p2 = "1.2"
    case v1p3 = "1.3"
  }

  public var version: Version = .v1p2
  public var catalog: ModelCatalog
  public init(catalog: ModelCatalog, version: Version = .v1p2) {
    self.catalog = catalog
    self.version = version
  }

  public var columns: [String] {
    let who = version == .v1p2 ? ["ProviderName", "PublisherName"] : ["ServiceProviderName", "HostProviderName"]
    return [
      "BilledCost", "BillingAccountId", "BillingAccountName", "BillingCurrency", "BillingPeriodEnd",
      "BillingPeriodStart",
      "ChargeCategory", "ChargeClass", "ChargeDescription", "ChargeFrequency", "ChargePeriodEnd", "ChargePeriodStart",
      "ConsumedQuantity", "ConsumedUnit", "ContractedCost", "ContractedUnitPrice", "EffectiveCost", "InvoiceIssuerName",
      "ListCost", "ListUnitPrice", "PricingCategory", "PricingQuantity", "PricingUnit",
    ] + who
      + [
        "RegionId", "ServiceCategory", "ServiceName", "ServiceSubcategory", "SkuId", "SkuMeter", "SubAccountId", "Tags",
        "x_Calls", "x_CustomerId", "x_ProductId", "x_SubscriptionTier",
      ]
  }

  struct Key: Hashable {
    var customer: UInt32
    var model: UInt16
    var type: Int
    var day: Int
    var product: UInt16
    var tier: UInt8
    var region: UInt8
    var org: UInt16
  }
  struct Sums {
    var cost: Int64 = 0
    var tokens: Int64 = 0
    var calls: Int = 0
  }
  static let meters = ["Input Tokens", "Cached Input Tokens", "Output Tokens"]
  static let skus = ["input", "cached-input", "output"]

  /// Rows written (excluding the header).
  ///
  /// `isCancelled` is polled every 64k calls while
  /// summing and every 64k rows while writing; `progress` hears the fraction done (summing is
  /// the first 80 %).
  @discardableResult
  public func write(
    _ run: Run, to sink: ByteSink, isCancelled: @escaping @Sendable () -> Bool = { false },
    progress: (Double) -> Void = { _ in }
  ) throws(IOError) -> Int {
    let specs = run.dimensions.models.map { catalog.model($0.id) }
    let sums = try sum(run, specs: specs, isCancelled: isCancelled, progress: progress)
    let rows = sums.sorted {
      ($0.key.day, $0.key.customer, $0.key.model, $0.key.type, $0.key.product)
        < ($1.key.day, $1.key.customer, $1.key.model, $1.key.type, $1.key.product)
    }
    var out = ByteBuffer(capacity: 1 << 20)
    out.append(columns.joined(separator: ","))
    out.append(byte: 0x0D)
    out.append(byte: 0x0A)
    for (n, (key, s)) in rows.enumerated() {
      if n & 0xFFFF == 0 && n > 0 {
        if isCancelled() { throw IOError.cancelled }
        progress(0.8 + 0.2 * Double(n) / Double(rows.count))
      }
      let fields = row(key, s, dimensions: run.dimensions, spec: specs[Int(key.model)])
      out.append(Array(fields.map { CSVWriter.field($0) }.joined(separator: [0x2C])))
      out.append(byte: 0x0D)
      out.append(byte: 0x0A)
      if out.count > (1 << 20) - 4096 { try out.flush(to: sink) }
    }
    try out.flush(to: sink)
    return rows.count
  }

  /// Cost, tokens and calls per row key (customer × model × token type × day), each call's cost
  /// split across its token types; the first 80 % of `progress`.
  private func sum(
    _ run: Run, specs: [ModelSpec?], isCancelled: @escaping @Sendable () -> Bool, progress: (Double) -> Void
  ) throws(IOError) -> [Key: Sums] {
    var sums: [Key: Sums] = [:]
    for i in 0..<run.count {
      if i & 0xFFFF == 0 && i > 0 {
        if isCancelled() { throw IOError.cancelled }
        progress(0.8 * Double(i) / Double(run.count))
      }
      let day = Int(run.timestamp[i] >= 0 ? run.timestamp[i] / 86_400 : (run.timestamp[i] - 86_399) / 86_400)
      let input = Int64(run.inputTokens[i])
      let cached = Int64(run.cachedTokens[i])
      let output = Int64(run.outputTokens[i])
      let tokens = [max(0, input - cached), cached, output]
      let parts = Self.split(run.cost[i], tokens: tokens, input: input, price: specs[Int(run.model[i])]?.price.flat)
      for k in 0..<3 where tokens[k] > 0 || parts[k] != 0 {
        let key = Key(
          customer: run.customer[i], model: run.model[i], type: k, day: day, product: run.product[i], tier: run.tier[i],
          region: run.region[i], org: run.organization[i])
        var s = sums[key, default: Sums()]
        s.cost += parts[k]
        s.tokens += tokens[k]
        s.calls += 1
        sums[key] = s
      }
    }
    return sums
  }

  /// A call's exact `cost` split across its fresh input, cached input and output `tokens` in
  /// proportion to their list-price amounts; all of it on input when the model has no catalog
  /// price (or its tokens price at zero).
  private static func split(_ cost: Int64, tokens: [Int64], input: Int64, price p: ModelPrice.Flat?) -> [Int64] {
    var parts = [Int64](repeating: 0, count: 3)
    guard let p else {
      parts[0] = cost  // no catalog price: the whole cost on the input meter
      return parts
    }
    let long = Int(input) > p.threshold
    // Int128: 4.3 × 10⁹ tokens at 10¹⁴ nano-dollars per 1M tokens passes Int64.
    let raw = zip(
      tokens, [long ? p.longInput : p.input, long ? p.longCached : p.cached, long ? p.longOutput : p.output]
    ).map { Int128($0) * Int128($1) }
    let total = raw.reduce(0, +)
    if total > 0 {
      for k in 0..<2 { parts[k] = Int64(clamping: Money(nanos: cost).scaled(by: raw[k], per: total).nanos) }
      parts[2] = cost - parts[0] - parts[1]
    } else {
      parts[0] = cost
    }
    return parts
  }

  /// The FOCUS columns of one row, in `columns` order.
  private func row(_ key: Key, _ s: Sums, dimensions d: Run.Dimensions, spec: ModelSpec?) -> [String] {
    let ref = d.models[Int(key.model)]
    let day = CalendarDay(daysSinceEpoch: key.day)
    let (y, m, _) = day.components
    let periodStart = CalendarDay(year: y, month: m, day: 1)
    let periodEnd = CalendarDay(year: m == 12 ? y + 1 : y, month: m == 12 ? 1 : m + 1, day: 1)
    let rate: Money? = spec.map { p in
      let f = p.price
      return [f.input, f.cachedInput ?? f.input, f.output][key.type]
    }
    let cost = Money(nanos: s.cost).decimalString(places: 9).trimmedDecimal
    let quantity = Money(nanos: s.tokens * 1000).decimalString(places: 9).trimmedDecimal  // tokens / 1M, exactly
    let customer = d.customers[Int(key.customer)]
    let tags =
      "{\"customer\":\"\(json(customer))\",\"organization\":\"\(json(d.organizations[Int(key.org)]))\",\"product\":\"\(json(d.products[Int(key.product)]))\",\"tier\":\"\(json(d.tiers[Int(key.tier)]))\"}"
    return [
      cost, "acct-\(ref.providerKey)", "\(ref.providerName) account", "USD", "\(periodEnd)T00:00:00Z",
      "\(periodStart)T00:00:00Z",
      "Usage", "",
      "\(Format.integer(Int(s.tokens))) \(Self.meters[key.type].lowercased()) of \(ref.name) for \(customer) (\(s.calls) calls)",
      "Usage-Based",
      "\(day.adding(days: 1))T00:00:00Z", "\(day)T00:00:00Z",
      String(s.tokens), "Tokens", cost, rate.map { $0.decimalString(places: 9).trimmedDecimal } ?? "", cost,
      ref.providerName,
      cost, rate.map { $0.decimalString(places: 9).trimmedDecimal } ?? "", "Standard", quantity, "1M Tokens",
      ref.providerName, Self.publisher(ref),
      d.regions[Int(key.region)], "AI and Machine Learning", ref.name, "Generative AI",
      "\(ref.id)/\(Self.skus[key.type])", Self.meters[key.type],
      d.organizations[Int(key.org)], tags, String(s.calls), customer, d.products[Int(key.product)],
      d.tiers[Int(key.tier)],
    ]
  }

  /// Who made the model (a hosting provider such as Bedrock or Azure resells others' models).
  static func publisher(_ ref: Run.ModelRef) -> String {
    let n = ref.name.lowercased()
    if n.hasPrefix("anthropic.") || n.hasPrefix("claude") { return "Anthropic" }
    if n.hasPrefix("amazon.") { return "Amazon" }
    if n.hasPrefix("meta.") { return "Meta" }
    if n.hasPrefix("gpt") || n.hasPrefix("o1") || n.hasPrefix("o3") { return "OpenAI" }
    if n.hasPrefix("gemini") { return "Google" }
    if n.hasPrefix("mistral") { return "Mistral" }
    if n.hasPrefix("command") { return "Cohere" }
    return ref.providerName
  }

  private func json(_ s: String) -> String {
    s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(
      of: "\n", with: "\\n")
  }
}

extension String {
  /// `1.500000000` → `1.5`, `2.000000000` → `2`.
  var trimmedDecimal: String {
    guard contains(".") else { return self }
    var s = self
    while s.hasSuffix("0") { s.removeLast() }
    if s.hasSuffix(".") { s.removeLast() }
    return s
  }
}
